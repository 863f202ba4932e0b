import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';
import { REPO_ROOT, waitFor } from './kube.ts';
import { startNode, type TestNode } from './node.ts';
import { adminKubeconfig, generatePki, issueClientCert, type Pki } from './pki.ts';

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver (RBAC, Pod Security admission)
 * and kube-controller-manager running only the controllers the suite relies on. With `{ node: true }`
 * also kube-scheduler and a real node (`node.ts`: containerd, runc, CNI bridge, kubelet); without,
 * tests play kubelet with `kubelet.ts`. Binaries come from `toolchain/build.sh`.
 */
export interface ControlPlane {
  readonly kubeconfigPath: string;
  readonly server: string;
  /** Directory with kubectl and helm (and the control-plane binaries): put it first on PATH. */
  readonly binDir: string;
  /** Environment for child processes: PATH with binDir first and KUBECONFIG. */
  readonly env: Readonly<Record<string, string>>;
  /** Temp dir holding the PKI, etcd data and one log file per process. */
  readonly dir: string;
  readonly pids: {
    readonly etcd: number;
    readonly apiServer: number;
    readonly controllerManager?: number;
    readonly scheduler?: number;
    readonly node?: number;
  };
  /** The real node, when started with `{ node: true }`. */
  readonly node?: TestNode;
  kubectl(args: string[], options?: { input?: string }): Promise<{ stdout: string; stderr: string; code: number }>;
  createNamespace(name: string, options?: { podSecurity?: 'restricted' }): Promise<void>;
  stopControllerManager(): Promise<void>;
  startControllerManager(): Promise<void>;
  restartApiServer(): Promise<void>;
  /** Stops kube-apiserver: clients with `kubeconfigPath` (and the controllers) lose the API. */
  stopApiServer(): Promise<void>;
  /**
   * Starts kube-apiserver on the same etcd; on another `port`, only clients given the returned
   * kubeconfig reach it (a test writes while everything else still sees the API down).
   * Returns the kubeconfig path for the port it listens on.
   */
  startApiServer(options?: { port?: number }): Promise<string>;
  stop(): Promise<void>;
}

export interface ControlPlaneOptions {
  /** Start kube-controller-manager (CronJob, Job, GC, namespace, ServiceAccount, TTL controllers). Default true. */
  readonly controllers?: boolean;
  /** Leave the processes running after this process exits (`npm run cluster:up`). Default false. */
  readonly detached?: boolean;
  /** Also start kube-scheduler and a real node (kubelet, containerd) and wait for it to be Ready. Default false. */
  readonly node?: boolean;
  /**
   * Called once the temp dir exists and again after each process is launched, before it is ready:
   * `npm run cluster:up` records it so `cluster:down` can stop a start that was killed half-way.
   */
  readonly onLaunch?: (started: StartedSoFar) => void;
}

/** What a control plane that is still starting has put on the host so far. */
export interface StartedSoFar {
  readonly dir: string;
  readonly kubeconfigPath: string;
  readonly server: string;
  readonly binDir: string;
  /** In start order: etcd, kube-apiserver, kube-controller-manager, kube-scheduler (the node records its own). */
  readonly pids: readonly number[];
}

export const CONTROLLERS = [
  'cronjob-controller',
  'job-controller',
  'garbage-collector-controller',
  'namespace-controller',
  'serviceaccount-controller',
  'ttl-after-finished-controller',
] as const;

/**
 * What a real node adds: the ServiceAccount token's CA bundle in every namespace, pod garbage
 * collection, the node-lifecycle controller (only it lifts the not-ready taint), and Deployments
 * for the status service.
 */
export const NODE_CONTROLLERS = [
  'root-ca-certificate-publisher-controller',
  'pod-garbage-collector-controller',
  'node-lifecycle-controller',
  'deployment-controller',
  'replicaset-controller',
  'endpointslice-controller',
  'disruption-controller',
] as const;

const READY_TIMEOUT_MS = 120_000;

/** Paths of the toolchain binaries; throws saying to run `npm run setup` when one is missing. */
export function toolchainBinaries(
  env: NodeJS.ProcessEnv = process.env,
): Record<'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kubectl' | 'helm', string> {
  const printed = spawnSync('bash', [join(REPO_ROOT, 'toolchain/build.sh'), '--print'], { encoding: 'utf8', env });
  const [kubernetes = '', etcd = '', helm = ''] = printed.stdout.trim().split(':');
  const binaries = {
    etcd: join(etcd, 'etcd'),
    'kube-apiserver': join(kubernetes, 'kube-apiserver'),
    'kube-controller-manager': join(kubernetes, 'kube-controller-manager'),
    'kube-scheduler': join(kubernetes, 'kube-scheduler'),
    kubectl: join(kubernetes, 'kubectl'),
    helm: join(helm, 'helm'),
  };
  const missing = Object.entries(binaries).filter(([, path]) => !existsSync(path));
  if (printed.status !== 0 || missing.length > 0) {
    const names = missing.map(([name, path]) => `${name} (${path})`).join(', ');
    throw new Error(`the test control plane is not built: missing ${names || 'toolchain'}; run \`npm run setup\` (toolchain/build.sh)`);
  }
  return binaries;
}

export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const binaries = toolchainBinaries();
  const dir = mkdtempSync(join(tmpdir(), 'pontual-cluster-'));
  const binDir = join(dir, 'bin');
  mkdirSync(binDir);
  for (const [name, path] of Object.entries(binaries)) symlinkSync(path, join(binDir, name));
  const pki = generatePki(join(dir, 'pki'));
  const [etcdClientPort, etcdPeerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const server = `https://127.0.0.1:${apiPort}`;
  const kubeconfigPath = join(dir, 'admin.kubeconfig');
  writeFileSync(kubeconfigPath, adminKubeconfig(server, pki));
  const env = { ...stringEnv(), PATH: `${binDir}:${process.env.PATH ?? ''}`, KUBECONFIG: kubeconfigPath };
  const detached = options.detached ?? false;
  if (!detached) liveDirs.add(dir);

  const withNode = options.node ?? false;
  const kubeletClient = withNode ? issueClientCert(pki, 'apiserver-kubelet-client', '/O=system:masters/CN=kube-apiserver-kubelet-client') : undefined;
  const launched: Partial<Record<'etcd' | 'apiServer' | 'controllerManager' | 'scheduler', Launched>> = {};
  const reportLaunch = (): void => {
    const pids = (['etcd', 'apiServer', 'controllerManager', 'scheduler'] as const).flatMap((key) => launched[key]?.child.pid ?? []);
    options.onLaunch?.({ dir, kubeconfigPath, server, binDir, pids });
  };
  reportLaunch();
  let node: TestNode | undefined;
  const stopAll = async (): Promise<void> => {
    await node?.stop();
    for (const key of ['scheduler', 'controllerManager', 'apiServer', 'etcd'] as const) {
      const launchedProcess = launched[key];
      if (launchedProcess !== undefined) await stopPid(launchedProcess.child.pid);
    }
  };
  const launchApiServer = async (port = apiPort): Promise<void> => {
    const kubeletArgs = kubeletClient
      ? [
          `--kubelet-client-certificate=${kubeletClient.certPath}`,
          `--kubelet-client-key=${kubeletClient.keyPath}`,
          '--kubelet-preferred-address-types=InternalIP',
        ]
      : [];
    const args = [...apiServerArgs(dir, pki, port, etcdClientPort), ...kubeletArgs];
    launched.apiServer = launch('kube-apiserver', binaries['kube-apiserver'], args, dir, detached);
    reportLaunch();
    await awaitReady(launched.apiServer, () => get(`https://127.0.0.1:${port}/readyz`, pki));
  };
  const launchControllerManager = async (): Promise<void> => {
    const port = await freePort();
    const args = controllerManagerArgs(dir, pki, kubeconfigPath, port, withNode ? [...CONTROLLERS, ...NODE_CONTROLLERS] : CONTROLLERS);
    launched.controllerManager = launch('kube-controller-manager', binaries['kube-controller-manager'], args, dir, detached);
    reportLaunch();
    await awaitReady(launched.controllerManager, () => get(`https://127.0.0.1:${port}/healthz`, 'insecure'));
  };
  const kubectl: ControlPlane['kubectl'] = (args, kubectlOptions) => run(binaries.kubectl, args, env, kubectlOptions?.input);

  try {
    const etcdArgs = [
      '--name=default',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClientPort}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClientPort}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
      `--initial-cluster=default=http://127.0.0.1:${etcdPeerPort}`,
      // A throwaway test store: durability is not worth the fsync latency on shared CI disks.
      '--unsafe-no-fsync',
      '--log-level=warn',
    ];
    launched.etcd = launch('etcd', binaries.etcd, etcdArgs, dir, detached);
    reportLaunch();
    await awaitReady(launched.etcd, () => get(`http://127.0.0.1:${etcdClientPort}/health`));
    await launchApiServer();
    if (options.controllers ?? true) {
      await launchControllerManager();
      // The serviceaccount controller filling `default` proves the controllers are syncing.
      await waitForServiceAccount(kubectl, 'default', launched.controllerManager);
    }
    if (withNode) {
      const port = await freePort();
      launched.scheduler = launch('kube-scheduler', binaries['kube-scheduler'], schedulerArgs(dir, kubeconfigPath, port), dir, detached);
      reportLaunch();
      await awaitReady(launched.scheduler, () => get(`https://127.0.0.1:${port}/healthz`, 'insecure'));
      node = await startNode({ dir, server, pki, kubectl, detached });
    }
  } catch (error) {
    // The temp dir stays: the error names the log that says why.
    await stopAll();
    throw error;
  }

  return {
    kubeconfigPath,
    server,
    binDir,
    env,
    dir,
    get pids() {
      return {
        etcd: launched.etcd?.child.pid ?? 0,
        apiServer: launched.apiServer?.child.pid ?? 0,
        ...(launched.controllerManager ? { controllerManager: launched.controllerManager.child.pid ?? 0 } : {}),
        ...(launched.scheduler ? { scheduler: launched.scheduler.child.pid ?? 0 } : {}),
        ...(node ? { node: node.pid } : {}),
      };
    },
    ...(node ? { node } : {}),
    kubectl,
    async createNamespace(name, namespaceOptions) {
      const labels = namespaceOptions?.podSecurity
        ? {
            'pod-security.kubernetes.io/enforce': namespaceOptions.podSecurity,
            'pod-security.kubernetes.io/enforce-version': 'latest',
            'pod-security.kubernetes.io/warn': namespaceOptions.podSecurity,
            'pod-security.kubernetes.io/warn-version': 'latest',
          }
        : {};
      const manifest = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
      const created = await kubectl(['create', '-f', '-'], { input: manifest });
      if (created.code !== 0) throw new Error(`creating namespace ${name} failed: ${created.stderr}`);
      // Pods are rejected until their ServiceAccount exists: wait for the controller to make it.
      if (launched.controllerManager) await waitForServiceAccount(kubectl, name, launched.controllerManager);
    },
    async stopControllerManager() {
      if (launched.controllerManager) await stopPid(launched.controllerManager.child.pid);
      delete launched.controllerManager;
    },
    async startControllerManager() {
      if (launched.controllerManager) throw new Error('kube-controller-manager is already running');
      await launchControllerManager();
    },
    async restartApiServer() {
      if (launched.apiServer) await stopPid(launched.apiServer.child.pid);
      await launchApiServer();
    },
    async stopApiServer() {
      if (launched.apiServer) await stopPid(launched.apiServer.child.pid);
      delete launched.apiServer;
    },
    async startApiServer(startOptions) {
      if (launched.apiServer) throw new Error('kube-apiserver is already running');
      const port = startOptions?.port ?? apiPort;
      await launchApiServer(port);
      if (port === apiPort) return kubeconfigPath;
      const path = join(dir, `admin-${port}.kubeconfig`);
      writeFileSync(path, adminKubeconfig(`https://127.0.0.1:${port}`, pki));
      return path;
    },
    async stop() {
      await stopAll();
      rmSync(dir, { recursive: true, force: true });
      liveDirs.delete(dir);
    },
  };
}

function apiServerArgs(dir: string, pki: Pki, port: number, etcdPort: number): string[] {
  const p = (name: string): string => join(pki.dir, name);
  return [
    '--advertise-address=127.0.0.1',
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    `--cert-dir=${join(dir, 'kube-apiserver')}`,
    `--tls-cert-file=${p('apiserver.crt')}`,
    `--tls-private-key-file=${p('apiserver.key')}`,
    `--client-ca-file=${p('ca.crt')}`,
    '--authorization-mode=Node,RBAC',
    '--enable-admission-plugins=NodeRestriction,PodSecurity',
    '--allow-privileged=false',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${p('sa.pub')}`,
    `--service-account-signing-key-file=${p('sa.key')}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--profiling=false',
    // Close watches on SIGTERM instead of waiting for them (up to 60 s): restarts stay quick.
    '--shutdown-watch-termination-grace-period=2s',
  ];
}

function schedulerArgs(dir: string, kubeconfigPath: string, port: number): string[] {
  return [
    `--kubeconfig=${kubeconfigPath}`,
    `--authentication-kubeconfig=${kubeconfigPath}`,
    `--authorization-kubeconfig=${kubeconfigPath}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${join(dir, 'kube-scheduler')}`,
    '--leader-elect=false',
  ];
}

function controllerManagerArgs(dir: string, pki: Pki, kubeconfigPath: string, port: number, controllers: readonly string[]): string[] {
  return [
    `--kubeconfig=${kubeconfigPath}`,
    `--authentication-kubeconfig=${kubeconfigPath}`,
    `--authorization-kubeconfig=${kubeconfigPath}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    `--cert-dir=${join(dir, 'kube-controller-manager')}`,
    `--controllers=${controllers.join(',')}`,
    '--leader-elect=false',
    `--service-account-private-key-file=${join(pki.dir, 'sa.key')}`,
    `--root-ca-file=${join(pki.dir, 'ca.crt')}`,
    '--use-service-account-credentials=false',
  ];
}

interface Launched {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logPath: string;
}

const live = new Set<number>();
/** Temp dirs of planes this process started and has not stopped yet. */
const liveDirs = new Set<string>();
let exitHandlersInstalled = false;
const HAS_SETPRIV = spawnSync('sh', ['-c', 'command -v setpriv']).status === 0;

function launch(name: string, binary: string, args: string[], dir: string, detached: boolean): Launched {
  const logPath = join(dir, `${name}.log`);
  const log = openSync(logPath, 'a');
  // setpriv --pdeathsig: the kernel kills the process even if this one dies by SIGKILL.
  const [command, argv] = !detached && HAS_SETPRIV ? ['setpriv', ['--pdeathsig', 'KILL', '--', binary, ...args]] : [binary, args];
  const child = spawn(command, argv, { stdio: ['ignore', log, log], detached });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name} did not start (${binary})`);
  if (detached) {
    child.unref();
  } else {
    installExitHandlers();
    live.add(pid);
    child.once('exit', () => live.delete(pid));
  }
  return { name, child, logPath };
}

/** Kills what this process started when it exits, including on an uncaught error or a signal. */
function installExitHandlers(): void {
  if (exitHandlersInstalled) return;
  exitHandlersInstalled = true;
  const killAll = (): void => {
    for (const dir of liveDirs) rmSync(dir, { recursive: true, force: true });
    for (const pid of live) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  // 'exit' also runs after an uncaught exception or unhandled rejection.
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
  }
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the pid is gone. */
export async function stopPid(pid: number | undefined): Promise<void> {
  if (pid === undefined || !isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  try {
    await waitFor(() => !isAlive(pid), { timeoutMs: 10_000, what: `pid ${pid} to exit` });
  } catch {
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await waitFor(() => !isAlive(pid), { timeoutMs: 5_000, what: `pid ${pid} to exit after SIGKILL` });
  }
  live.delete(pid);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie child (exited, not yet reaped) still answers signal 0.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function awaitReady(launched: Launched, probe: () => Promise<boolean>): Promise<void> {
  try {
    await waitFor(
      async () => {
        if (launched.child.exitCode !== null || launched.child.signalCode !== null) {
          throw new Error(`${launched.name} exited with ${launched.child.exitCode ?? launched.child.signalCode}`);
        }
        return probe();
      },
      { timeoutMs: READY_TIMEOUT_MS, intervalMs: 200, what: `${launched.name} to become ready` },
    );
  } catch (error) {
    throw new Error(`${launched.name} did not become ready; last lines of ${launched.logPath}:\n${logTail(launched.logPath)}`, { cause: error });
  }
}

async function waitForServiceAccount(kubectl: ControlPlane['kubectl'], namespace: string, launched: Launched | undefined): Promise<void> {
  try {
    await waitFor(async () => (await kubectl(['get', 'serviceaccount', 'default', '-n', namespace, '-o', 'name'])).code === 0, {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: `ServiceAccount default in ${namespace}`,
    });
  } catch (error) {
    const tail = launched ? `\nlast lines of ${launched.logPath}:\n${logTail(launched.logPath)}` : '';
    throw new Error(`the serviceaccount controller did not create ${namespace}/default${tail}`, { cause: error });
  }
}

export function logTail(path: string, lines = 30): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** GET that resolves true on a 200; TLS with the admin client cert, or without verification. */
async function get(url: string, tls?: Pki | 'insecure'): Promise<boolean> {
  return new Promise((resolve) => {
    const options = tls === undefined ? {} : tls === 'insecure' ? { rejectUnauthorized: false } : { ca: tls.ca, cert: tls.adminCert, key: tls.adminKey };
    const request = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, { ...options, timeout: 2_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => {
      resolve(false);
    });
    request.end();
  });
}

function run(command: string, args: string[], env: Record<string, string>, input?: string): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ stdout, stderr, code: code ?? 1 });
    });
    // A kubectl that exits before reading its stdin makes the write fail (EPIPE): its exit code and
    // stderr say why; unhandled, the EPIPE was thrown out of the test instead (seen on a loaded machine).
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

function stringEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
