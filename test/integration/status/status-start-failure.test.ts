/**
 * A failed start exits non-zero at once: with PORT already in use the service listens first,
 * fails, and exits 1 within seconds instead of living on without a listener.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../devkit/kube.ts';

/** Minimal kubeconfig for an API server that does not answer: the start must fail before using it. */
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true } }]
users: [{ name: u, user: { token: not-a-secret } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`;

test('with PORT in use the service exits 1 at once, naming the address', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pontual-status-port-'));
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  try {
    writeFileSync(join(dir, 'kubeconfig'), KUBECONFIG);
    const port = (holder.address() as AddressInfo).port;
    const child = spawn(process.execPath, ['status/main.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', KUBECONFIG: join(dir, 'kubeconfig'), PORT: String(port), HOST: '127.0.0.1', WATCH_NAMESPACE: 'pontual' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const started = Date.now();
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('exit', (exitCode, exitSignal) => {
        resolve([exitCode, exitSignal]);
      }),
    );
    clearTimeout(killer);
    assert.equal(signal, null, `it exited by itself (output: ${stdout})`);
    assert.equal(code, 1);
    assert.ok(Date.now() - started < 15_000, 'at once, not after a timeout');
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { level: string; msg: string; code?: string });
    const fatal = lines.find((line) => line.level === 'fatal');
    assert.match(fatal?.msg ?? '', new RegExp(`^cannot listen on 127\\.0\\.0\\.1:${port} \\(HOST, PORT\\): .*EADDRINUSE`, 'u'));
    assert.ok(!lines.some((line) => /listening|watch/iu.test(line.msg)), 'no watch started, nothing claimed to listen');
  } finally {
    holder.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
