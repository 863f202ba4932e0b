/**
 * The real node the end-to-end suite runs on (devkit/node.ts): it joins the control plane,
 * runs a pod, changes nothing on the host outside its own directories (sysctls kubelet would set,
 * /var/lib, /var/log, iptables), and leaves nothing behind — not after stop(), not after the test
 * process is SIGKILLed (the next run's start cleans up what is left).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isAlive, startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { kubectlOk, REPO_ROOT, waitFor } from '../../devkit/kube.ts';
import { cleanNodeLeftovers, nodeBinaries } from '../../devkit/node.ts';

/**
 * The host sysctls a node writes: the six kubelet sets when they differ from its values
 * (setupKernelTunables, pkg/kubelet/cm/container_manager_linux.go in Kubernetes v1.36.3) and the
 * one the CNI bridge plugin sets. On this host most already hold kubelet's values, so a snapshot
 * alone would not see a write: each must also be masked inside the node's namespace.
 */
const NODE_SYSCTLS = [
  'vm/overcommit_memory',
  'vm/panic_on_oom',
  'kernel/panic',
  'kernel/panic_on_oops',
  'kernel/keys/root_maxkeys',
  'kernel/keys/root_maxbytes',
  'net/ipv4/ip_forward',
];

/**
 * Mount points a node could leave in the host's mount namespace: kubelet's and containerd's (pod
 * volumes, netns, rootfs), anything in a plane's dir, `/var/lib` and `/var/log` themselves. Not all
 * of /proc/self/mountinfo: other processes on a shared machine (podman) mount and unmount meanwhile.
 */
const NODE_MOUNTS = /\/(kubelet|containerd|cni)(\/|$)|pontual-cluster-|^\/var\/(lib|log)$/;

/** What kubelet, containerd and the CNI plugins would change on a host without the namespace tricks. */
function hostSnapshot(): Record<string, string> {
  const sysctls = NODE_SYSCTLS;
  const iptables = (command: string): string => {
    const saved = spawnSync(command, [], { encoding: 'utf8' });
    // An empty listing from a save that failed would compare equal before and after: fail instead.
    if (saved.status !== 0) throw new Error(`${command} failed, the host check cannot run: ${saved.error?.message ?? saved.stderr}`);
    return saved.stdout
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .map((line) => line.replace(/\[\d+:\d+\]/g, ''))
      .join('\n');
  };
  const listing = (path: string): string => (existsSync(path) ? readdirSync(path).sort().join(' ') : '(absent)');
  return {
    ...Object.fromEntries(sysctls.map((key) => [key, readFileSync(`/proc/sys/${key}`, 'utf8').trim()])),
    '/var/lib': listing('/var/lib'),
    '/var/log': listing('/var/log'),
    '/run': listing('/run'),
    '/etc/cni': listing('/etc/cni'),
    '/etc/containerd': listing('/etc/containerd'),
    '/etc/kubernetes': listing('/etc/kubernetes'),
    '/opt/cni': listing('/opt/cni'),
    // Outside its cgroupRoot, the cgroups kubelet and containerd would make on a host of their own
    // (not every top-level cgroup: other processes on a shared machine make theirs meanwhile).
    cgroups: readdirSync('/sys/fs/cgroup')
      .flatMap((hierarchy) =>
        listing(join('/sys/fs/cgroup', hierarchy))
          .split(' ')
          .map((name) => `${hierarchy}/${name}`),
      )
      .filter((path) => /\/(kubepods|kubelet|system\.slice|runtime|containerd|k8s\.io)/.test(path))
      .join(' '),
    mounts: readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[4] ?? '')
      .filter((mountPoint) => NODE_MOUNTS.test(mountPoint))
      .sort()
      .join(' '),
    iptables: iptables('iptables-save'),
    ip6tables: iptables('ip6tables-save'),
    // The nf_tables iptables is the one on PATH; a plugin that found the legacy one would write there.
    'iptables-legacy': iptables('iptables-legacy-save'),
    'ip6tables-legacy': iptables('ip6tables-legacy-save'),
  };
}

const podManifest = (name: string, image: string): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      terminationGracePeriodSeconds: 5,
      containers: [{ name: 'main', image, imagePullPolicy: 'Never' }],
    },
  });

describe('a real node', () => {
  let plane: ControlPlane;
  let hostBefore: Record<string, string>;

  before(async () => {
    hostBefore = hostSnapshot();
    plane = await startControlPlane({ node: true });
  });

  after(async () => {
    await plane.stop();
  });

  test('joins Ready with its InternalIP on the bridge, and runs a pod with an address on the bridge', async () => {
    const node = plane.node;
    assert.ok(node !== undefined);
    const status = JSON.parse(await kubectlOk(plane, ['get', 'node', node.name, '-o', 'json'])) as {
      status: { addresses: { type: string; address: string }[]; nodeInfo: { kubeletVersion: string; containerRuntimeVersion: string } };
    };
    assert.deepEqual(status.status.addresses.find((address) => address.type === 'InternalIP')?.address, node.gateway);
    assert.match(status.status.nodeInfo.kubeletVersion, /^v1\.36\./);
    assert.match(status.status.nodeInfo.containerRuntimeVersion, /^containerd:\/\/2\.4\./);

    await kubectlOk(plane, ['create', '-f', '-'], podManifest('pause', nodeBinaries().pauseImage));
    await kubectlOk(plane, ['wait', '--for=condition=Ready', '--timeout=60s', 'pod/pause']);
    const podIp = (await kubectlOk(plane, ['get', 'pod', 'pause', '-o', 'jsonpath={.status.podIP}'])).trim();
    assert.ok(podIp.startsWith(node.gateway.replace(/\.1$/, '.')), `pod IP ${podIp} in ${node.network.subnet}`);
    assert.equal(readdirSync(`/sys/fs/cgroup/memory${node.cgroupRoot}`).includes('kubepods'), true, 'pods run under the node cgroup root');
    await kubectlOk(plane, ['delete', 'pod', 'pause', '--wait=true', '--timeout=60s']);
  });

  test('masks, inside its namespace, every host sysctl kubelet and the CNI bridge write', () => {
    const node = plane.node;
    assert.ok(node !== undefined);
    const kubelet = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .find((pid) => {
        const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return command[0]?.endsWith('/kubelet') === true && command.includes(`--config=${join(node.dir, 'kubelet.yaml')}`);
      });
    assert.ok(kubelet !== undefined, 'the node runs kubelet');
    const mountPoints = new Set(
      readFileSync(`/proc/${kubelet}/mountinfo`, 'utf8')
        .split('\n')
        .map((line) => line.split(' ')[4]),
    );
    assert.deepEqual(
      NODE_SYSCTLS.filter((key) => !mountPoints.has(`/proc/sys/${key}`)),
      [],
      'a sysctl kubelet may write is not masked: it would change the host',
    );
  });

  test('changes nothing on the host: sysctls, /var/lib, /var/log, /run, /etc, CNI dirs, mounts, iptables', () => {
    assert.deepEqual(hostSnapshot(), hostBefore);
  });
});

describe('node clean-up', () => {
  test('stop() removes the namespace, the bridge, the cgroups and the state file', async () => {
    const hostBefore = hostSnapshot();
    const plane = await startControlPlane({ node: true });
    const node = plane.node;
    assert.ok(node !== undefined);
    await plane.stop();
    assert.equal(isAlive(node.pid), false);
    assert.equal(existsSync(`/sys/class/net/${node.network.bridge}`), false, 'bridge removed');
    assert.deepEqual(
      readdirSync('/sys/fs/cgroup').filter((hierarchy) => existsSync(join('/sys/fs/cgroup', hierarchy, node.cgroupRoot))),
      [],
      'cgroups removed',
    );
    assert.deepEqual(hostSnapshot(), hostBefore);
  });

  test('a SIGKILLed test process takes its node along; the next start removes the bridge and cgroups it left', async () => {
    const script = `
      import { startControlPlane } from ${JSON.stringify(join(REPO_ROOT, 'devkit/control-plane.ts'))};
      const plane = await startControlPlane({ node: true });
      console.log(JSON.stringify({ pid: plane.node.pid, bridge: plane.node.network.bridge, cgroupRoot: plane.node.cgroupRoot, dir: plane.dir }));
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise<{ pid: number; bridge: string; cgroupRoot: string; dir: string }>((resolve, reject) => {
      child.stdout.setEncoding('utf8').once('data', (line: string) => {
        resolve(JSON.parse(line) as { pid: number; bridge: string; cgroupRoot: string; dir: string });
      });
      child.once('exit', (code) => {
        reject(new Error(`the child exited (${code}) before starting its node`));
      });
    });
    assert.ok(isAlive(started.pid));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // pdeathsig kills unshare; --kill-child kills the namespace's PID 1 and with it every process.
    await waitFor(() => !isAlive(started.pid), { timeoutMs: 10_000, what: 'the node namespace to die with its test process' });
    assert.equal(existsSync(`/sys/class/net/${started.bridge}`), true, 'a SIGKILLed process cannot clean up itself');

    assert.ok(cleanNodeLeftovers().includes(started.bridge));
    assert.equal(existsSync(`/sys/class/net/${started.bridge}`), false);
    assert.equal(existsSync(`/sys/fs/cgroup/memory${started.cgroupRoot}`), false);
    rmSync(started.dir, { recursive: true, force: true });
  });
});
