/**
 * Reading Kubernetes credentials without client-node: the kubeconfig fields the status service
 * supports, the ones it refuses at start (CONFIG_INVALID, exit 2), and tokens that change over
 * time (a rotated service account token, an exec plugin's expiring token).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PontualError } from '../../../core/errors.ts';
import { loadKubeCredentials } from '../../../status/kube-credentials.ts';

function kubeconfig(user: Record<string, unknown>, cluster: Record<string, unknown> = { server: 'https://127.0.0.1:6443/' }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-credentials-'));
  const path = join(dir, 'config');
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster }],
      users: [{ name: 'u', user }],
      contexts: [
        { name: 'other', context: { cluster: 'missing', user: 'u' } },
        { name: 'ctx', context: { cluster: 'c', user: 'u' } },
      ],
      'current-context': 'ctx',
    }),
  );
  return path;
}

const isConfigInvalid = (pattern: RegExp) => (error: unknown) =>
  error instanceof PontualError && error.code === 'CONFIG_INVALID' && error.exitCode === 2 && pattern.test(error.message);

describe('kube credentials', () => {
  test('a kubeconfig with inline CA and client certificate, the current context chosen', async () => {
    const path = kubeconfig(
      { 'client-certificate-data': Buffer.from('CERT').toString('base64'), 'client-key-data': Buffer.from('KEY').toString('base64') },
      { server: 'https://127.0.0.1:6443/', 'certificate-authority-data': Buffer.from('CA').toString('base64') },
    );
    const credentials = await loadKubeCredentials({ mode: 'kubeconfig', path });
    assert.equal(credentials.server, 'https://127.0.0.1:6443');
    assert.equal(credentials.ca?.toString(), 'CA');
    assert.equal(credentials.cert?.toString(), 'CERT');
    assert.equal(credentials.key?.toString(), 'KEY');
    assert.equal(credentials.insecureSkipTlsVerify, false);
    assert.equal(await credentials.authorization(), undefined);
  });

  test('files named relative to the kubeconfig, a token file, insecure-skip-tls-verify', async () => {
    const path = kubeconfig(
      { tokenFile: 'token', 'client-certificate': 'client.crt' },
      { server: 'https://h:1', 'certificate-authority': 'ca.crt', 'insecure-skip-tls-verify': true },
    );
    const dir = join(path, '..');
    writeFileSync(join(dir, 'token'), 'abc\n');
    writeFileSync(join(dir, 'ca.crt'), 'CA FILE');
    writeFileSync(join(dir, 'client.crt'), 'CERT FILE');
    const credentials = await loadKubeCredentials({ mode: 'kubeconfig', path });
    assert.equal(credentials.ca?.toString(), 'CA FILE');
    assert.equal(credentials.cert?.toString(), 'CERT FILE');
    assert.equal(credentials.insecureSkipTlsVerify, true);
    assert.equal(await credentials.authorization(), 'Bearer abc');
  });

  test('an exec plugin token is reused until a minute before it expires, then asked for again', async () => {
    const path = kubeconfig({
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1beta1',
        command: 'doctl',
        args: ['kubernetes', 'cluster', 'kubeconfig', 'exec-credential'],
        env: [{ name: 'X', value: 'y' }],
      },
    });
    let clock = Date.parse('2026-12-01T12:00:00Z');
    const calls: { command: string; args: readonly string[]; x: string | undefined }[] = [];
    const credentials = await loadKubeCredentials(
      { mode: 'kubeconfig', path },
      {
        env: {},
        now: () => clock,
        runPlugin: (command, args, env) => {
          calls.push({ command, args, x: env.X });
          return Promise.resolve(JSON.stringify({ status: { token: `t${calls.length}`, expirationTimestamp: new Date(clock + 10 * 60_000).toISOString() } }));
        },
      },
    );
    assert.equal(await credentials.authorization(), 'Bearer t1');
    clock += 8 * 60_000;
    assert.equal(await credentials.authorization(), 'Bearer t1', 'still valid');
    clock += 90_000;
    assert.equal(await credentials.authorization(), 'Bearer t2', 'within a minute of expiry: asked again');
    assert.deepEqual(calls[0], { command: 'doctl', args: ['kubernetes', 'cluster', 'kubeconfig', 'exec-credential'], x: 'y' });
  });

  test('in a pod: the service account, its token re-read after a minute (rotation)', async () => {
    let token = 'one';
    let clock = 0;
    const credentials = await loadKubeCredentials(
      { mode: 'in-cluster' },
      {
        env: { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' },
        now: () => clock,
        readFile: (file) => Buffer.from(file.endsWith('/token') ? token : 'SA CA'),
      },
    );
    assert.equal(credentials.server, 'https://10.0.0.1:443');
    assert.equal(credentials.ca?.toString(), 'SA CA');
    assert.equal(await credentials.authorization(), 'Bearer one');
    token = 'two';
    clock += 30_000;
    assert.equal(await credentials.authorization(), 'Bearer one');
    clock += 30_000;
    assert.equal(await credentials.authorization(), 'Bearer two');
  });

  test('refused at start, naming what is wrong: auth-provider, basic auth, no current context, no server, unreadable', async () => {
    await assert.rejects(
      loadKubeCredentials({ mode: 'kubeconfig', path: kubeconfig({ 'auth-provider': { name: 'oidc' } }) }),
      isConfigInvalid(/auth-provider/u),
    );
    await assert.rejects(loadKubeCredentials({ mode: 'kubeconfig', path: kubeconfig({ username: 'a', password: 'b' }) }), isConfigInvalid(/username/u));
    await assert.rejects(
      loadKubeCredentials({ mode: 'kubeconfig', path: kubeconfig({}, { 'certificate-authority-data': 'x' }) }),
      isConfigInvalid(/no http\(s\) server/u),
    );
    const noContext = join(mkdtempSync(join(tmpdir(), 'kube-credentials-')), 'config');
    writeFileSync(noContext, stringify({ clusters: [], users: [], contexts: [] }));
    await assert.rejects(loadKubeCredentials({ mode: 'kubeconfig', path: noContext }), isConfigInvalid(/current-context/u));
    await assert.rejects(
      loadKubeCredentials({ mode: 'kubeconfig', path: '/nonexistent/kubeconfig' }),
      isConfigInvalid(/cannot load Kubernetes credentials from KUBECONFIG/u),
    );
    await assert.rejects(loadKubeCredentials({ mode: 'in-cluster' }, { env: {} }), isConfigInvalid(/KUBERNETES_SERVICE_HOST/u));
  });
});
