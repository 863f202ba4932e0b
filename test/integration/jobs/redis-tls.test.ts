/**
 * `rediss://` end to end: a redis-server that only accepts TLS (as DigitalOcean managed Redis
 * does), with a throwaway CA the job trusts through NODE_EXTRA_CA_CERTS, and the real entrypoint.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FIXTURE_AS_OF, startFixtureApi, type FixtureApi } from '../../../devkit/fixture-api.ts';
import { freePort } from '../../../devkit/ports.ts';
import { outcomeOf, runJobProcess } from './support/spawn-job.ts';

let dir: string;
let server: ChildProcess;
let port: number;
let api: FixtureApi;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pontual-tls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=pontual test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr');
  execFileSync('sh', ['-c', 'printf "subjectAltName=DNS:localhost,IP:127.0.0.1" > san.ext'], { cwd: dir });
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    'san.ext',
    '-out',
    'server.pem',
  );
  port = await freePort();
  server = spawn(
    'redis-server',
    [
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--tls-cert-file',
      'server.pem',
      '--tls-key-file',
      'server.key',
      '--tls-ca-cert-file',
      'ca.pem',
      '--tls-auth-clients',
      'no',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { cwd: dir, stdio: 'ignore' },
  );
  for (let tries = 0; !(await listening(port)); tries++) {
    if (tries > 100 || server.exitCode !== null) throw new Error('redis-server with TLS did not start');
    await sleep(50);
  }
  api = await startFixtureApi();
});

after(async () => {
  await api.close();
  server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('a rediss:// URL connects over TLS', async () => {
  const env = { ...api.env, REDIS_URL: `rediss://localhost:${port}`, JOB_AS_OF: FIXTURE_AS_OF, NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') };
  const exit = await runJobProcess('embu-sla', env);
  assert.equal(exit.code, 0, exit.stdout);
  assert.equal(outcomeOf(exit), 'succeeded');
});

test('a plain redis:// URL against the TLS-only server fails with exit 1', async () => {
  const exit = await runJobProcess('embu-sla', { ...api.env, REDIS_URL: `redis://localhost:${port}`, JOB_AS_OF: FIXTURE_AS_OF });
  assert.equal(exit.code, 1);
  assert.equal(exit.lines.at(-1)?.code, 'REDIS_UNAVAILABLE');
});

async function listening(target: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: target });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}
