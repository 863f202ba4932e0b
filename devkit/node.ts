import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cniConfList, containerdConfig, containerdSocket, type BridgeNetwork } from './containerd-config.ts';
import { kubeletConfig } from './kubelet-config.ts';
import { REPO_ROOT, waitFor } from './kube.ts';
import { clientKubeconfig, issueClientCert, type Pki } from './pki.ts';
import { freePort } from './ports.ts';

/**
 * A real node for the test control plane: containerd (with runc and the CNI bridge) and kubelet,
 * built by `toolchain/build.sh`, inside their own mount and PID namespaces
 * (`devkit/node-namespace.sh`). On the host it owns exactly three things, all named after
 * its slot and recorded in a state file so a later run cleans them up if this process dies
 * before it can: a Linux bridge `pontual<slot>` on 10.88.<slot>.0/24, a cgroup `/pontual-<slot>`
 * under every cgroup hierarchy, and its run directory. See docs/control-plane.md, "The node".
 */
export interface TestNode {
  readonly name: string;
  /** The bridge's address: the node's InternalIP and the pods' gateway; pods reach the host here. */
  readonly gateway: string;
  readonly network: BridgeNetwork;
  /** e.g. `/pontual-12`. */
  readonly cgroupRoot: string;
  readonly dir: string;
  /** The `unshare` process: killing it ends every process of the node. */
  readonly pid: number;
  readonly containerdSocket: string;
  /**
   * Imports an image archive (`podman save`) into the node's containerd and tags the image it holds
   * (`archived`, e.g. `localhost/pontual:test`) as `name`, the reference CRI resolves a pod's image to.
   */
  importImage(archive: string, archived: string, name: string): Promise<void>;
  /** Kills the node's namespace and removes its cgroups, bridge and state file (not `dir`). */
  stop(): Promise<void>;
}

export interface NodeBinaries {
  readonly kubelet: string;
  readonly containerd: string;
  readonly ctr: string;
  readonly cniBinDir: string;
  readonly pauseArchive: string;
  readonly pauseImage: string;
}

export interface NodeOptions {
  /** Directory the node may fill (the control plane's temp dir); the node uses `<dir>/node`. */
  readonly dir: string;
  readonly server: string;
  readonly pki: Pki;
  /** Admin kubeconfig, to wait for the node to be Ready. */
  readonly kubectl: (args: string[]) => Promise<{ stdout: string; stderr: string; code: number }>;
  /** Outlive this process (`npm run cluster:up`). Default false. */
  readonly detached?: boolean;
}

export const NODE_NAME = 'pontual-node';
const READY_TIMEOUT_MS = 120_000;
const FIRST_SLOT = 10;
const LAST_SLOT = 250;

/** Paths of the node's binaries; throws saying to run `npm run setup` when one is missing. */
export function nodeBinaries(env: NodeJS.ProcessEnv = process.env): NodeBinaries {
  const printed = spawnSync('bash', [join(REPO_ROOT, 'toolchain/build.sh'), '--print'], { encoding: 'utf8', env });
  const [kubernetes = '', , , , containerd = '', cni = '', pause = ''] = printed.stdout.trim().split(':');
  const nameFile = join(pause, 'name');
  const binaries: NodeBinaries = {
    kubelet: join(kubernetes, 'kubelet'),
    containerd: join(containerd, 'containerd'),
    ctr: join(containerd, 'ctr'),
    cniBinDir: cni,
    pauseArchive: join(pause, 'pause.tar'),
    pauseImage: existsSync(nameFile) ? readFileSync(nameFile, 'utf8').trim() : '',
  };
  const required = [
    binaries.kubelet,
    binaries.containerd,
    join(containerd, 'containerd-shim-runc-v2'),
    binaries.ctr,
    join(cni, 'bridge'),
    join(cni, 'host-local'),
    join(cni, 'loopback'),
    binaries.pauseArchive,
    '/usr/sbin/runc',
  ];
  const missing = required.filter((path) => !existsSync(path));
  if (printed.status !== 0 || missing.length > 0) {
    throw new Error(`the test node is not built: missing ${missing.join(', ') || 'toolchain'}; run \`npm run setup\` (toolchain/build.sh)`);
  }
  return binaries;
}

/** Where nodes record what they own on the host: `${PONTUAL_CACHE:-~/.cache/pontual}/nodes`. */
export function nodeStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.PONTUAL_CACHE ?? join(homedir(), '.cache/pontual'), 'nodes');
}

interface NodeState {
  readonly slot: number;
  /** The process that started the node; it owns the node while `pid` is still 0. */
  readonly owner: number;
  /** The `unshare` process, once started. */
  readonly pid: number;
  readonly dir: string;
  readonly bridge: string;
  readonly cgroupRoot: string;
}

export async function startNode(options: NodeOptions): Promise<TestNode> {
  const binaries = nodeBinaries();
  cleanNodeLeftovers();
  const dir = join(options.dir, 'node');
  if (join(dir, 's').length > 42)
    throw new Error(`the node directory ${dir} is too long for containerd's shim sockets (at most 40 characters): set TMPDIR shorter`);
  mkdirSync(join(dir, 'cni', 'net.d'), { recursive: true });
  const state = claimSlot(dir);
  const detached = options.detached ?? false;
  if (!detached) installExitHandler();
  live.set(state.slot, state);
  const network: BridgeNetwork = { bridge: state.bridge, subnet: `10.88.${state.slot}.0/24`, gateway: `10.88.${state.slot}.1` };

  let pid: number;
  try {
    // kubelet checks --node-ip is on a host interface: the bridge exists before it starts.
    ip('link', 'add', 'name', network.bridge, 'type', 'bridge');
    ip('addr', 'add', `${network.gateway}/24`, 'dev', network.bridge);
    ip('link', 'set', network.bridge, 'up');
    makeCgroups(state.cgroupRoot);

    const [kubeletPort, healthzPort, streamPort] = [await freePort(), await freePort(), await freePort()];
    const client = issueClientCert(options.pki, 'kubelet', `/O=system:nodes/CN=system:node:${NODE_NAME}`);
    writeFileSync(join(dir, 'kubelet.kubeconfig'), clientKubeconfig(options.server, options.pki, client, `system:node:${NODE_NAME}`));
    writeFileSync(join(dir, 'containerd.toml'), containerdConfig({ dir, cniBinDir: binaries.cniBinDir, pauseImage: binaries.pauseImage, streamPort }));
    writeFileSync(join(dir, 'cni', 'net.d', '10-pontual.conflist'), cniConfList(network, dir));
    const settings = { dir, runtimeSocket: containerdSocket(dir), cgroupRoot: state.cgroupRoot, address: network.gateway, port: kubeletPort, healthzPort };
    writeFileSync(join(dir, 'kubelet.yaml'), kubeletConfig({ ...settings, clientCaFile: join(options.pki.dir, 'ca.crt') }));

    const log = openSync(join(dir, 'node.log'), 'a');
    const unshare = [
      'unshare',
      '--kill-child',
      '--mount',
      '--pid',
      '--fork',
      '--mount-proc',
      '--propagation',
      'private',
      'bash',
      join(REPO_ROOT, 'devkit/node-namespace.sh'),
      dir,
    ];
    // setpriv --pdeathsig: the kernel kills `unshare` (and with it the node) even if this process is SIGKILLed.
    const [command = 'unshare', ...args] = detached ? unshare : ['setpriv', '--pdeathsig', 'KILL', '--', ...unshare];
    const child = spawn(command, args, {
      stdio: ['ignore', log, log],
      detached,
      env: {
        ...process.env,
        CONTAINERD: binaries.containerd,
        CTR: binaries.ctr,
        KUBELET: binaries.kubelet,
        PAUSE_ARCHIVE: binaries.pauseArchive,
        NODE_IP: network.gateway,
        NODE_NAME,
      },
    });
    closeSync(log);
    if (child.pid === undefined) throw new Error('unshare did not start');
    pid = child.pid;
    if (detached) child.unref();
    const started = { ...state, pid };
    live.set(state.slot, started);
    writeFileSync(stateFile(state.slot), JSON.stringify(started));
    await waitForReady(options.kubectl, dir, () => child.exitCode === null && child.signalCode === null);
  } catch (error) {
    const current = live.get(state.slot) ?? state;
    await teardown(current);
    throw error;
  }

  const started = live.get(state.slot) ?? state;
  return {
    name: NODE_NAME,
    gateway: network.gateway,
    network,
    cgroupRoot: state.cgroupRoot,
    dir,
    pid,
    containerdSocket: containerdSocket(dir),
    importImage: (archive, archived, name) => importImageInto(dir, archive, archived, name),
    async stop() {
      await teardown(started);
    },
  };
}

/** `TestNode.importImage` for the node whose run directory is `dir` (also one `npm run cluster:up` started). */
export async function importImageInto(dir: string, archive: string, archived: string, name: string): Promise<void> {
  const ctr = (...args: string[]): Promise<void> => run(nodeBinaries().ctr, ['--address', containerdSocket(dir), '-n', 'k8s.io', 'images', ...args]);
  await ctr('import', archive);
  if (archived !== name) await ctr('tag', '--force', archived, name);
}

async function waitForReady(kubectl: NodeOptions['kubectl'], dir: string, running: () => boolean): Promise<void> {
  try {
    await waitFor(
      async () => {
        if (!running()) throw new Error('the node namespace exited');
        const got = await kubectl(['get', 'node', NODE_NAME, '-o', 'json']);
        if (got.code !== 0) return false;
        const node = JSON.parse(got.stdout) as { spec?: { taints?: { key: string }[] }; status?: { conditions?: { type: string; status: string }[] } };
        const ready = node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
        // The node-lifecycle controller lifts the not-ready taint just after Ready; pods wait for it.
        const tainted = node.spec?.taints?.some((taint) => taint.key.startsWith('node.kubernetes.io/')) ?? false;
        return ready && !tainted;
      },
      { timeoutMs: READY_TIMEOUT_MS, intervalMs: 200, what: `node ${NODE_NAME} to be Ready and untainted` },
    );
  } catch (error) {
    const tails = ['node.log', 'containerd.log', 'kubelet.log'].map((name) => `--- ${join(dir, name)}:\n${tail(join(dir, name))}`).join('\n');
    throw new Error(`the test node did not become Ready\n${tails}`, { cause: error });
  }
}

function tail(path: string, lines = 25): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function stateFile(slot: number): string {
  return join(nodeStateDir(), `${slot}.json`);
}

/** The first free slot, claimed by creating its state file exclusively (parallel test files race for it). */
function claimSlot(dir: string): NodeState {
  mkdirSync(nodeStateDir(), { recursive: true });
  const used = spawnSync('ip', ['-o', '-4', 'addr', 'show'], { encoding: 'utf8' }).stdout;
  for (let slot = FIRST_SLOT; slot <= LAST_SLOT; slot++) {
    if (used.includes(` 10.88.${slot}.`) || existsSync(`/sys/class/net/pontual${slot}`)) continue;
    const state: NodeState = { slot, owner: process.pid, pid: 0, dir, bridge: `pontual${slot}`, cgroupRoot: `/pontual-${slot}` };
    try {
      writeFileSync(stateFile(slot), JSON.stringify(state), { flag: 'wx' });
      return state;
    } catch {
      // taken by another node
    }
  }
  throw new Error(`no free node slot in 10.88.${FIRST_SLOT}-${LAST_SLOT}.0/24 (see ${nodeStateDir()})`);
}

/**
 * Removes what nodes left on the host when their test process died without cleaning up
 * (SIGKILL, a power cut): their namespace is gone with them, their bridge, cgroups and run
 * directory are not. A node whose `unshare` or owner still runs is left alone, unless its run
 * directory is inside `reclaim`: `npm run cluster:down` stops the node of its plane even when the
 * `cluster:up` that started it was killed before recording it.
 */
export function cleanNodeLeftovers(options: { readonly reclaim?: string } = {}): string[] {
  const cleaned: string[] = [];
  if (!existsSync(nodeStateDir())) return cleaned;
  const reclaimed = (state: NodeState): boolean => options.reclaim !== undefined && state.dir.startsWith(`${options.reclaim}/`);
  for (const file of readdirSync(nodeStateDir()).filter((name) => name.endsWith('.json'))) {
    let state: NodeState;
    try {
      state = JSON.parse(readFileSync(join(nodeStateDir(), file), 'utf8')) as NodeState;
    } catch {
      continue; // being written by its owner
    }
    if (!reclaimed(state) && stillRunning(state)) continue;
    removeHostState(state);
    rmSync(state.dir, { recursive: true, force: true });
    cleaned.push(state.bridge);
  }
  return cleaned;
}

function stillRunning(state: NodeState): boolean {
  // The run directory is in the namespace's command line: a reused pid is not taken for the node.
  if (state.pid !== 0) return commandLine(state.pid).includes(`node-namespace.sh\0${state.dir}`);
  return state.owner === process.pid ? live.has(state.slot) : commandLine(state.owner) !== '';
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/** Cgroup v1 hierarchies (cpu and cpuacct may share one) and cgroup2. */
function cgroupHierarchies(): string[] {
  const base = '/sys/fs/cgroup';
  if (!existsSync(base)) return [];
  const seen = new Set<string>();
  return readdirSync(base)
    .map((name) => realpathSync(join(base, name)))
    .filter((path) => {
      if (seen.has(path) || !statSync(path).isDirectory() || !existsSync(join(path, 'cgroup.procs'))) return false;
      seen.add(path);
      return true;
    });
}

/**
 * kubelet (cgroupfs driver, v1) expects `cgroupRoot` to exist in every controller; cpuset's
 * needs its CPUs and memory nodes before any task can join.
 */
function makeCgroups(root: string): void {
  for (const hierarchy of cgroupHierarchies()) {
    if (hierarchy.endsWith('/unified')) continue; // kubelet makes its own there
    const path = join(hierarchy, root);
    mkdirSync(path, { recursive: true });
    for (const file of ['cpuset.cpus', 'cpuset.mems']) {
      if (existsSync(join(hierarchy, file))) writeFileSync(join(path, file), readFileSync(join(hierarchy, file), 'utf8'));
    }
  }
}

/** rmdir of every cgroup below the root, deepest first; a cgroup whose tasks are still exiting is retried. */
function removeCgroupTree(path: string): boolean {
  if (!existsSync(path)) return true;
  let removed = true;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (entry.isDirectory()) removed = removeCgroupTree(join(path, entry.name)) && removed;
  }
  try {
    rmdirSync(path);
  } catch {
    return false;
  }
  return removed;
}

function removeHostState(state: NodeState): void {
  if (state.pid !== 0) killTree(state.pid);
  // The kernel needs a moment to empty the cgroups of the killed namespace.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const done = cgroupHierarchies()
      .map((hierarchy) => removeCgroupTree(join(hierarchy, state.cgroupRoot)))
      .every(Boolean);
    if (done || Date.now() > deadline) break;
    spawnSync('sleep', ['0.1']);
  }
  if (existsSync(`/sys/class/net/${state.bridge}`)) spawnSync('ip', ['link', 'delete', state.bridge]);
  rmSync(stateFile(state.slot), { force: true });
}

function killTree(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function teardown(state: NodeState): Promise<void> {
  if (state.pid !== 0) {
    killTree(state.pid);
    await waitFor(() => commandLine(state.pid) === '' || /^\d+ \(.*\) Z/.test(readFileSafe(`/proc/${state.pid}/stat`)), {
      timeoutMs: 10_000,
      what: `node namespace ${state.pid} to exit`,
    }).catch(() => sleep(0));
  }
  removeHostState(state);
  live.delete(state.slot);
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
    });
  });
}

function ip(...args: string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')} failed: ${result.stderr.trim()}`);
}

/** Nodes this process started and has not stopped. */
const live = new Map<number, NodeState>();
let exitHandlerInstalled = false;

/** On exit (also after an uncaught error or a signal) the node goes with the test process. */
function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  const removeAll = (): void => {
    for (const state of live.values()) removeHostState(state);
    live.clear();
  };
  process.once('exit', removeAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      removeAll();
      process.kill(process.pid, signal);
    });
  }
}
