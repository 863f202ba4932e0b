/**
 * `npm run cluster:up` / `cluster:down` as a person runs them: up prints a kubeconfig that kubectl
 * can use, a second up refuses while one runs, down stops every recorded process and removes the
 * plane's temp dir. The state file goes to a temp dir (PONTUAL_CLUSTER_STATE) so the test never
 * touches a cluster someone started by hand; the binaries still come from the usual cache.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { isOurs, readClusterState } from '../../scripts/cluster-down.ts';
import { isAlive, stopPid } from '../../devkit/control-plane.ts';
import { REPO_ROOT } from '../../devkit/kube.ts';
import { cleanNodeLeftovers } from '../../devkit/node.ts';

const execFileAsync = promisify(execFile);

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function runScript(script: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [join(REPO_ROOT, 'scripts', script)], { cwd: REPO_ROOT, env, timeout: 180_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

test('cluster:up starts a usable control plane, refuses a second one, and cluster:down leaves nothing behind', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'pontual-cluster-scripts-'));
  const stateFile = join(scratch, 'cluster', 'state.json');
  const env = { ...process.env, PONTUAL_CLUSTER_STATE: stateFile };
  try {
    const up = await runScript('cluster-up.ts', env);
    assert.equal(up.code, 0, up.stderr);
    const kubeconfigPath = up.stdout.trim();
    assert.ok(existsSync(kubeconfigPath), `cluster:up printed ${JSON.stringify(up.stdout)}`);
    const state = readClusterState(readFileSync(stateFile, 'utf8'));
    assert.equal(state.kubeconfigPath, kubeconfigPath);
    assert.equal(state.pids.length, 5, 'etcd, kube-apiserver, kube-controller-manager, kube-scheduler, the node');
    const node = state.node;
    assert.ok(node !== undefined, 'a real node by default');
    const bridge = readdirSync('/sys/class/net').find((name) => hasAddress(name, node.gateway));
    assert.ok(bridge !== undefined, `a bridge holds ${node.gateway}`);
    assert.deepEqual(
      state.pids.filter((pid) => !isAlive(pid)),
      [],
      'the processes outlive cluster:up',
    );

    const namespaces = await execFileAsync(join(state.binDir, 'kubectl'), ['--kubeconfig', kubeconfigPath, 'get', 'ns', '-o', 'name']);
    assert.match(namespaces.stdout, /^namespace\/default$/m);
    assert.match(namespaces.stdout, /^namespace\/kube-system$/m);
    const nodes = await execFileAsync(join(state.binDir, 'kubectl'), ['--kubeconfig', kubeconfigPath, 'get', 'nodes', '--no-headers']);
    assert.match(nodes.stdout, /^pontual-node\s+Ready\s/m);

    const again = await runScript('cluster-up.ts', env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /a cluster is already up/);
    assert.equal(again.stdout.trim(), kubeconfigPath, 'a second up points at the running cluster');

    const down = await runScript('cluster-down.ts', env);
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stderr, new RegExp(`cluster at ${state.server.replaceAll('.', '\\.')} stopped`));
    assert.deepEqual(state.pids.filter(isAlive), [], 'every recorded process is gone');
    assert.equal(existsSync(state.dir), false, 'the temp dir is removed');
    assert.equal(existsSync(stateFile), false, 'the state file is removed');
    assert.equal(existsSync(`/sys/class/net/${bridge}`), false, 'the node bridge is removed');
  } finally {
    // Whatever an assertion left running: the detached processes would outlive this test.
    if (existsSync(stateFile)) {
      const state = readClusterState(readFileSync(stateFile, 'utf8'));
      for (const pid of [...state.pids].reverse()) if (isOurs(pid, state)) await stopPid(pid);
      cleanNodeLeftovers();
      rmSync(state.dir, { recursive: true, force: true });
    }
    rmSync(scratch, { recursive: true, force: true });
  }
});

function hasAddress(device: string, address: string): boolean {
  return execFileSync('ip', ['-o', '-4', 'addr', 'show', 'dev', device], { encoding: 'utf8' }).includes(` ${address}/`);
}
