/**
 * Secrets never reach a process's output, whatever fails: each process (a job, the status
 * service, the CLI) run against a real redis-server that demands a password it does not get, with
 * a `rediss://` URL carrying a password that cannot work, and with an API token the API refuses.
 * The logger redacts (core/redact.ts); this checks the bytes the processes actually write.
 *
 * The Kubernetes API here is a loopback stub that knows one bearer token: all these tests need of
 * it is a 401 for a wrong token and one CronJob for the right one.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '../../devkit/kube.ts';
import { startFixtureApi, type FixtureApi } from '../../devkit/fixture-api.ts';
import { startRedis, type RedisServer } from '../../devkit/redis.ts';

const REDIS_PASSWORD = 'redis-server-pass-5f1c';
const WRONG_REDIS_PASSWORD = 'wrong-redis-pass-9a7e';
const TLS_URL_PASSWORD = 'tls-url-pass-3b2d';
const BAD_API_TOKEN = 'bad-api-token-77c1';
const KUBE_TOKEN = 'kube-good-token-0d4e';
const BAD_KUBE_TOKEN = 'kube-bad-token-e51a';
/** Pasted into a URL as is, not percent-encoded: the @ and : must not cut the redaction short. */
const RAW_PASSWORD_TAIL = 'raw-tail-61be';
const STATUS_URL_TOKEN = 'status-url-token-2f08';
const SECRETS = [REDIS_PASSWORD, WRONG_REDIS_PASSWORD, TLS_URL_PASSWORD, BAD_API_TOKEN, KUBE_TOKEN, BAD_KUBE_TOKEN, RAW_PASSWORD_TAIL, STATUS_URL_TOKEN];

let redis: RedisServer;
let api: FixtureApi;
let kube: Server;
let kubeUrl = '';
const dir = mkdtempSync(join(tmpdir(), 'pontual-secrets-'));

before(async () => {
  redis = await startRedis({ requirePass: REDIS_PASSWORD });
  api = await startFixtureApi();
  kube = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.headers.authorization !== `Bearer ${KUBE_TOKEN}`) {
      response
        .writeHead(401)
        .end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 }));
      return;
    }
    if (request.url?.startsWith('/apis/batch/v1/namespaces/pontual/cronjobs/embu-sla') === true) {
      response.end(
        JSON.stringify({
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          metadata: { name: 'embu-sla', namespace: 'pontual' },
          spec: { schedule: '*/15 * * * *', timeZone: 'America/Sao_Paulo', jobTemplate: { spec: { template: { spec: { containers: [] } } } } },
        }),
      );
      return;
    }
    response.writeHead(404).end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  });
  await new Promise<void>((resolve) => kube.listen(0, '127.0.0.1', resolve));
  kubeUrl = `http://127.0.0.1:${String((kube.address() as AddressInfo).port)}`;
});

after(async () => {
  kube.closeAllConnections();
  await new Promise((resolve) => kube.close(resolve));
  await api.close();
  await redis.stop();
});

function kubeconfig(token: string): string {
  const path = join(dir, `kubeconfig-${token}`);
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: stub',
      // The client refuses a plain-http server unless told to skip TLS verification.
      'clusters: [{ name: stub, cluster: { server: "' + kubeUrl + '", insecure-skip-tls-verify: true } }]',
      'users: [{ name: stub, user: { token: "' + token + '" } }]',
      'contexts: [{ name: stub, context: { cluster: stub, user: stub, namespace: pontual } }]',
    ].join('\n'),
  );
  return path;
}

interface Output {
  readonly code: number | null;
  readonly text: string;
}

/** Runs a process to its end, or stops it with SIGTERM after `stopAfterMs`; stdout and stderr together. */
async function runProcess(args: readonly string[], env: Readonly<Record<string, string>>, stopAfterMs?: number): Promise<Output> {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  if (stopAfterMs !== undefined) {
    await Promise.race([closed, sleep(stopAfterMs)]);
    child.kill('SIGTERM');
  }
  const code = await closed.finally(() => {
    clearTimeout(killer);
  });
  return { code, text };
}

function assertNoSecret(output: Output, what: string): void {
  for (const secret of SECRETS) assert.ok(!output.text.includes(secret), `${what} printed a secret (${secret}):\n${output.text}`);
}

const wrongPasswordUrl = (): string => `redis://default:${WRONG_REDIS_PASSWORD}@127.0.0.1:${String(redis.port)}`;
const rawPasswordUrl = (): string => `redis://default:wr@ng:${RAW_PASSWORD_TAIL}@127.0.0.1:${String(redis.port)}`;
const tlsUrl = (): string => `rediss://default:${TLS_URL_PASSWORD}@127.0.0.1:${String(redis.port)}`;

function jobEnv(redisUrl: string, token = 'wms-fixture-token'): Record<string, string> {
  return { ...api.env, REDIS_URL: redisUrl, WMS_API_TOKEN: token, LOG_LEVEL: 'trace', JOB_AS_OF: '2026-11-23T15:00:00-03:00' };
}

test('a job: Redis refusing the password, a rediss:// URL with a password, a refused API token', async () => {
  const wrongPassword = await runProcess(['jobs/main.ts', 'embu-sla'], jobEnv(wrongPasswordUrl()));
  assert.equal(wrongPassword.code, 1, wrongPassword.text);
  assert.match(wrongPassword.text, /"code":"REDIS_UNAVAILABLE"/u);
  assertNoSecret(wrongPassword, 'the job (wrong Redis password)');

  // A rediss:// URL on a plain port is a configuration error naming REDIS_URL (issue 11): exit 2.
  const tls = await runProcess(['jobs/main.ts', 'embu-sla'], jobEnv(tlsUrl()));
  assert.equal(tls.code, 2, tls.text);
  assert.match(tls.text, /REDIS_URL is invalid: rediss:\/\/ asks for TLS/u);
  assertNoSecret(tls, 'the job (rediss:// to a plain server)');

  const unparseable = await runProcess(['jobs/main.ts', 'embu-sla'], jobEnv(`rediss://default:${TLS_URL_PASSWORD}@127.0.0.1:notaport`));
  assert.equal(unparseable.code, 2, unparseable.text);
  assertNoSecret(unparseable, 'the job (unparseable rediss:// URL)');

  const rawPassword = await runProcess(['jobs/main.ts', 'embu-sla'], jobEnv(rawPasswordUrl()));
  assert.equal(rawPassword.code, 1, rawPassword.text);
  assertNoSecret(rawPassword, 'the job (a wrong password with a raw @ and :)');

  const badToken = await runProcess(['jobs/main.ts', 'embu-sla'], jobEnv(`redis://default:${REDIS_PASSWORD}@127.0.0.1:${String(redis.port)}`, BAD_API_TOKEN));
  assert.equal(badToken.code, 1, badToken.text);
  assert.match(badToken.text, /"code":"SOURCE_REJECTED"/u);
  assertNoSecret(badToken, 'the job (refused API token)');
});

test('the status service: Redis refusing the password, a rediss:// URL with a password, a refused Kubernetes token', async () => {
  for (const [redisUrl, token] of [
    [wrongPasswordUrl(), KUBE_TOKEN],
    [tlsUrl(), BAD_KUBE_TOKEN],
    [rawPasswordUrl(), KUBE_TOKEN],
  ] as const) {
    const output = await runProcess(
      ['status/main.ts'],
      { KUBECONFIG: kubeconfig(token), PORT: '0', HOST: '127.0.0.1', REDIS_URL: redisUrl, LOG_LEVEL: 'trace' },
      4_000,
    );
    assert.match(output.text, /"level":"(warn|error)"/u, 'the failure was logged');
    assertNoSecret(output, `the status service (${redisUrl.slice(0, 8)}, ${token === KUBE_TOKEN ? 'good' : 'bad'} token)`);
  }
});

test('the CLI: Redis refusing the password, a rediss:// URL with a password, a refused Kubernetes token', async () => {
  const env = { KUBECONFIG: kubeconfig(KUBE_TOKEN), LOG_LEVEL: 'trace', PONTUAL_DEBUG: '1' };
  for (const redisUrl of [wrongPasswordUrl(), tlsUrl(), `rediss://default:${TLS_URL_PASSWORD}@127.0.0.1:notaport`, rawPasswordUrl()]) {
    const output = await runProcess(['cli/main.ts', 'history', 'embu-sla', '--redis-url', redisUrl], env);
    assert.notEqual(output.code, 0, output.text);
    // Past the cluster (the stub answers) and on to Redis, which is what fails here.
    assert.match(output.text, /^error: .*(Redis|REDIS_URL|redis-url)/mu);
    assertNoSecret(output, `the CLI (${redisUrl.slice(0, 8)})`);
  }
  const statusUrl = await runProcess(['cli/main.ts', 'history', 'embu-sla', '--status-url', `http://127.0.0.1:1/?access_token=${STATUS_URL_TOKEN}`], env);
  assert.equal(statusUrl.code, 1, statusUrl.text);
  assert.match(statusUrl.text, /cannot reach the status service at http:\/\/127\.0\.0\.1:1\/\?access_token=\*\*\*/u);
  assertNoSecret(statusUrl, 'the CLI (a status URL with a token in its query)');
  const refused = await runProcess(['cli/main.ts', 'status'], { ...env, KUBECONFIG: kubeconfig(BAD_KUBE_TOKEN) });
  assert.equal(refused.code, 3, refused.text);
  assertNoSecret(refused, 'the CLI (refused token)');
});
