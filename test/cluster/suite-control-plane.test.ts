/**
 * The harness every cluster test stands on: it survives an API server restart with its data,
 * restarts the controllers, and never leaves a process behind — not after stop(), not when the
 * test process dies of an uncaught error, not even when it is SIGKILLed.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isAlive, startControlPlane, toolchainBinaries, type ControlPlane } from '../../devkit/control-plane.ts';
import { kubectlOk, REPO_ROOT, waitFor } from '../../devkit/kube.ts';

describe('the test control plane', () => {
  let plane: ControlPlane;

  before(async () => {
    plane = await startControlPlane();
  });

  after(async () => {
    await plane.stop();
  });

  test('serves the pinned Kubernetes version to kubectl through the generated admin kubeconfig', async () => {
    const version = JSON.parse(await kubectlOk(plane, ['version', '-o', 'json'])) as { serverVersion: { gitVersion: string } };
    assert.match(version.serverVersion.gitVersion, /^v1\.36\.\d+$/);
  });

  test('keeps its objects across an API server restart (state lives in etcd)', async () => {
    await plane.createNamespace('survives-restart');
    const before = plane.pids.apiServer;
    await plane.restartApiServer();
    assert.notEqual(plane.pids.apiServer, before);
    assert.equal(isAlive(before), false);
    assert.equal((await kubectlOk(plane, ['get', 'namespace', 'survives-restart', '-o', 'name'])).trim(), 'namespace/survives-restart');
  });

  test('stops and restarts the controller manager; controllers work again after the restart', async () => {
    const first = plane.pids.controllerManager ?? 0;
    await plane.stopControllerManager();
    assert.equal(isAlive(first), false);
    await plane.startControllerManager();
    // createNamespace waits for the serviceaccount controller to fill the new namespace.
    await plane.createNamespace('after-controller-restart');
    assert.match(await kubectlOk(plane, ['get', 'serviceaccount', 'default', '-n', 'after-controller-restart', '-o', 'name']), /default/);
  });
});

describe('no leaked processes', () => {
  test('stop() ends every process and removes the temp dir', async () => {
    const plane = await startControlPlane({ controllers: false });
    const pids = Object.values(plane.pids);
    await plane.stop();
    assert.deepEqual(pids.filter(isAlive), []);
    assert.equal(existsSync(plane.dir), false);
  });

  for (const ending of ['an uncaught error', 'SIGKILL'] as const) {
    test(`a test process that dies of ${ending} takes its control plane with it`, async () => {
      const { pids, dir } = await startInChildThatDies(ending);
      await waitFor(() => pids.every((pid) => !isAlive(pid)), { timeoutMs: 10_000, what: `pids ${pids.join(', ')} to be gone` });
      // Exit handlers also remove the temp dir; nothing runs in a SIGKILLed process.
      if (ending === 'an uncaught error') assert.equal(existsSync(dir), false);
      rmSync(dir, { recursive: true, force: true });
    });
  }

  test('a missing binary fails with what to run, never a skip', () => {
    const empty = mkdtempSync(join(tmpdir(), 'pontual-no-toolchain-'));
    try {
      assert.throws(() => toolchainBinaries({ ...process.env, PONTUAL_CACHE: empty }), /run `npm run setup`/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

/** Starts a control plane in a child node process that then dies; returns the plane's pids and dir. */
async function startInChildThatDies(ending: 'an uncaught error' | 'SIGKILL'): Promise<{ pids: number[]; dir: string }> {
  const script = `
    import { startControlPlane } from ${JSON.stringify(join(REPO_ROOT, 'devkit/control-plane.ts'))};
    const plane = await startControlPlane({ controllers: false });
    console.log(JSON.stringify({ pids: Object.values(plane.pids), dir: plane.dir }));
    ${ending === 'SIGKILL' ? 'setInterval(() => {}, 1000);' : "setTimeout(() => { throw new Error('test failed badly'); }, 100);"}
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  const started = await new Promise<{ pids: number[]; dir: string }>((resolve, reject) => {
    child.stdout.setEncoding('utf8').once('data', (line: string) => {
      resolve(JSON.parse(line) as { pids: number[]; dir: string });
    });
    child.once('exit', (code) => {
      reject(new Error(`the child exited (${code}) before printing its pids`));
    });
  });
  assert.ok(started.pids.length === 2 && started.pids.every(isAlive), 'the child started etcd and kube-apiserver');
  if (ending === 'SIGKILL') child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  return started;
}
