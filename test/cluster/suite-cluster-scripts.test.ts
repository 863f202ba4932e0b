/**
 * `npm run cluster:up` / `cluster:down` as a person runs them: up prints a kubeconfig that kubectl
 * can use, a second up refuses while one runs, down stops every recorded process and removes the
 * plane's temp dir. The state file goes to a temp dir (PONTUAL_CLUSTER_STATE) so the test never
 * touches a cluster someone started by hand; the binaries still come from the usual cache.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { isOurs, readClusterState } from '../../scripts/cluster-down.ts';
import { isAlive, stopPid } from '../../devkit/control-plane.ts';
import { REPO_ROOT } from '../../devkit/kube.ts';
import { cleanNodeLeftovers, nodeStateDir } from '../../devkit/node.ts';
import { waitFor } from '../../devkit/kube.ts';

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
    assert.equal(state.pids.length, 6, 'etcd, kube-apiserver, kube-controller-manager, kube-scheduler, the node, the API proxy for pods');
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
    // Pods have no kube-proxy: they reach the API server at the gateway, under the name its certificate holds.
    const throughProxy = await execFileAsync(join(state.binDir, 'kubectl'), [
      '--kubeconfig',
      kubeconfigPath,
      `--server=https://${node.gateway}:6443`,
      '--tls-server-name=kubernetes.default.svc',
      'get',
      '--raw',
      '/readyz',
    ]);
    assert.equal(throughProxy.stdout.trim(), 'ok');
    assert.match(up.stderr, /kubectl -n <namespace> patch deployment pontual-status -p '\{"spec"/);

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

test('a cluster:up killed while its node starts leaves nothing cluster:down does not remove: processes, node, bridge, cgroups, dirs', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'pontual-cluster-scripts-'));
  const stateFile = join(scratch, 'cluster', 'state.json');
  const env = { ...process.env, PONTUAL_CLUSTER_STATE: stateFile };
  const up = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'cluster-up.ts')], { cwd: REPO_ROOT, env, stdio: 'ignore' });
  const exited = new Promise<string>((resolve) =>
    up.once('exit', (code, signal) => {
      resolve(signal ?? `code ${code}`);
    }),
  );
  let dir = '';
  try {
    // The moment the node's namespace is launched and kubelet is not yet Ready: every kind of
    // thing the plane owns exists, and cluster:up has not written its final state.
    const node = await waitFor(
      () => {
        if (up.exitCode !== null) throw new Error(`cluster:up exited ${up.exitCode} before its node started`);
        if (!existsSync(stateFile)) return undefined;
        dir = readClusterState(readFileSync(stateFile, 'utf8')).dir;
        return nodeStates().find((state) => state.dir.startsWith(`${dir}/`) && state.pid !== 0);
      },
      { timeoutMs: 120_000, intervalMs: 20, what: 'cluster:up to launch its node' },
    );
    up.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL', 'killed while starting, not after');
    const state = readClusterState(readFileSync(stateFile, 'utf8'));
    assert.equal(state.starting, true, 'the state file says the start did not finish');
    const orphans = processesMentioning(dir);
    assert.ok(orphans.length >= 5, `etcd, kube-apiserver, kube-controller-manager, kube-scheduler and the node outlive it: ${orphans.join(' ')}`);

    const again = await runScript('cluster-up.ts', env);
    assert.equal(again.code, 1, 'a second up refuses while the half-started one runs');
    assert.match(again.stderr, /did not finish.*cluster:down/);

    const down = await runScript('cluster-down.ts', env);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(processesMentioning(dir), [], 'no process of the plane or its node is left');
    assert.equal(isAlive(node.pid), false, 'the node namespace is gone');
    assert.equal(existsSync(`/sys/class/net/${node.bridge}`), false, 'the node bridge is removed');
    assert.deepEqual(
      readdirSync('/sys/fs/cgroup').filter((hierarchy) => existsSync(join('/sys/fs/cgroup', hierarchy, node.cgroupRoot))),
      [],
      'the node cgroups are removed',
    );
    assert.equal(existsSync(join(nodeStateDir(), `${node.slot}.json`)), false, 'the node state file is removed');
    assert.equal(existsSync(dir), false, 'the temp dir is removed');
    assert.equal(existsSync(stateFile), false, 'the state file is removed');
  } finally {
    up.kill('SIGKILL');
    if (dir === '' && existsSync(stateFile)) dir = readClusterState(readFileSync(stateFile, 'utf8')).dir;
    for (const pid of dir === '' ? [] : processesMentioning(dir)) await stopPid(pid);
    cleanNodeLeftovers(dir === '' ? {} : { reclaim: dir });
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
});

interface RecordedNode {
  readonly slot: number;
  readonly pid: number;
  readonly dir: string;
  readonly bridge: string;
  readonly cgroupRoot: string;
}

function nodeStates(): RecordedNode[] {
  if (!existsSync(nodeStateDir())) return [];
  return readdirSync(nodeStateDir()).flatMap((file) => {
    try {
      return [JSON.parse(readFileSync(join(nodeStateDir(), file), 'utf8')) as RecordedNode];
    } catch {
      return []; // being written
    }
  });
}

/** Pids of live processes whose command line names `path` (every process of a plane names its dir). */
function processesMentioning(path: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path) && isAlive(pid);
      } catch {
        return false;
      }
    });
}

function hasAddress(device: string, address: string): boolean {
  return execFileSync('ip', ['-o', '-4', 'addr', 'show', 'dev', device], { encoding: 'utf8' }).includes(` ${address}/`);
}
