/**
 * `npm run cluster:up [-- --no-node]`: starts the test control plane (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler), a real node (containerd + kubelet) and a proxy through
 * which its pods reach the API server, all detached; prints the kubeconfig path and records the
 * pids for `npm run cluster:down`. `--no-node`: the control
 * plane alone, as before the node existed (pods then stay Pending).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { STATUS_NAME } from '../infra/charts/status-chart.ts';
import { startControlPlane, type StartedSoFar } from '../devkit/control-plane.ts';
import { clusterStateFile, isOurs, readClusterState, type ClusterState } from './cluster-down.ts';

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const unknown = argv.filter((arg) => arg !== '--no-node');
  if (unknown.length > 0) {
    console.error(`cluster:up: unknown argument ${unknown.join(' ')} (only --no-node)`);
    return 2;
  }
  const withNode = !argv.includes('--no-node');
  const stateFile = clusterStateFile(env);
  const previous = existsSync(stateFile) ? readClusterState(readFileSync(stateFile, 'utf8')) : undefined;
  const running = previous?.pids.some((pid) => isOurs(pid, previous)) ? previous : undefined;
  if (running !== undefined) {
    const what = running.starting === true ? 'a cluster:up did not finish (or is still starting)' : 'a cluster is already up';
    console.error(`${what} (${stateFile}); run \`npm run cluster:down\` first`);
    console.log(running.kubeconfigPath);
    return 1;
  }

  mkdirSync(dirname(stateFile), { recursive: true });
  const startedAt = new Date().toISOString();
  // Recorded as each process starts: the processes are detached, so if this one is killed half-way
  // (Ctrl-C, SIGKILL) only this file lets `cluster:down` find and stop them.
  const record = (started: StartedSoFar): void => {
    writeState(stateFile, { ...started, startedAt, starting: true });
  };
  const plane = await startControlPlane({ detached: true, node: withNode, onLaunch: record });
  const launched = {
    kubeconfigPath: plane.kubeconfigPath,
    server: plane.server,
    binDir: plane.binDir,
    dir: plane.dir,
    pids: Object.values(plane.pids),
    ...(plane.node === undefined ? {} : { node: { dir: plane.node.dir, gateway: plane.node.gateway } }),
  };
  const proxy = plane.node === undefined ? undefined : launchApiProxy(plane.node.gateway, Number(new URL(plane.server).port), plane.dir);
  if (proxy !== undefined) {
    record({ ...launched, pids: [...launched.pids, proxy.pid] });
    await proxy.listening;
  }
  const state: ClusterState = { ...launched, pids: proxy === undefined ? launched.pids : [...launched.pids, proxy.pid], startedAt };
  writeState(stateFile, state);
  console.error(`cluster up at ${plane.server} (logs in ${plane.dir}); use it with:`);
  console.error(`  export KUBECONFIG=${plane.kubeconfigPath} PATH=${plane.binDir}:$PATH`);
  if (plane.node !== undefined) {
    console.error(`node ${plane.node.name} Ready; pods reach this host at ${plane.node.gateway} (listen there for sources and Redis)`);
    console.error(`  import the image: npm run cluster:image   (docs/control-plane.md, "Trying the suite by hand")`);
    console.error(
      `the API server for pods (no kube-proxy here): https://kubernetes.default.svc:${API_PROXY_PORT} at ${plane.node.gateway}; after applying, point the status Deployment at it:`,
    );
    console.error(`  kubectl -n <namespace> patch deployment ${STATUS_NAME} -p '${JSON.stringify(statusPatch(plane.node.gateway))}'`);
  }
  console.log(plane.kubeconfigPath);
  return 0;
}

/** Where pods on the node reach the API server: the gateway, at the port API servers usually serve on. */
const API_PROXY_PORT = 6443;

/** Starts scripts/api-proxy.ts detached; `listening` settles once it accepts connections. */
function launchApiProxy(gateway: string, apiServerPort: number, planeDir: string): { pid: number; listening: Promise<void> } {
  const log = openSync(join(planeDir, 'api-proxy.log'), 'a');
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('api-proxy.ts', import.meta.url)), gateway, String(API_PROXY_PORT), String(apiServerPort), planeDir],
    {
      detached: true,
      stdio: ['ignore', log, log],
    },
  );
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error('cannot start scripts/api-proxy.ts');
  const listening = (async () => {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      if (await accepts(gateway, API_PROXY_PORT)) return;
      if (child.exitCode !== null) break;
      await sleep(100);
    }
    throw new Error(`the API proxy on ${gateway}:${API_PROXY_PORT} did not start (see ${join(planeDir, 'api-proxy.log')})`);
  })();
  return { pid, listening };
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

/**
 * Replaces the state file whole, through a rename: a reader (cluster:down, a second cluster:up)
 * never sees it half-written, even when this process is killed in the middle of a write.
 */
function writeState(stateFile: string, state: ClusterState): void {
  const partial = `${stateFile}.partial`;
  writeFileSync(partial, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(partial, stateFile);
}

/** What the end-to-end suite patches too: the Service name resolves to the gateway, where the proxy listens. */
function statusPatch(gateway: string): object {
  const env = [
    { name: 'KUBERNETES_SERVICE_HOST', value: 'kubernetes.default.svc' },
    { name: 'KUBERNETES_SERVICE_PORT', value: String(API_PROXY_PORT) },
  ];
  return { spec: { template: { spec: { hostAliases: [{ ip: gateway, hostnames: ['kubernetes.default.svc'] }], containers: [{ name: 'status', env }] } } } };
}

// The processes are detached; nothing else should keep this one alive.
process.exit(await main(process.argv.slice(2), process.env));
