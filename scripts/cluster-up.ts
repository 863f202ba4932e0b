/**
 * `npm run cluster:up [-- --no-node]`: starts the test control plane (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler) and a real node (containerd + kubelet) detached, prints
 * the kubeconfig path and records the pids for `npm run cluster:down`. `--no-node`: the control
 * plane alone, as before the node existed (pods then stay Pending).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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
    writeFileSync(stateFile, `${JSON.stringify({ ...started, startedAt, starting: true } satisfies ClusterState, null, 2)}\n`);
  };
  const plane = await startControlPlane({ detached: true, node: withNode, onLaunch: record });
  const state: ClusterState = {
    kubeconfigPath: plane.kubeconfigPath,
    server: plane.server,
    binDir: plane.binDir,
    dir: plane.dir,
    pids: Object.values(plane.pids),
    startedAt,
    ...(plane.node === undefined ? {} : { node: { dir: plane.node.dir, gateway: plane.node.gateway } }),
  };
  writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  console.error(`cluster up at ${plane.server} (logs in ${plane.dir}); use it with:`);
  console.error(`  export KUBECONFIG=${plane.kubeconfigPath} PATH=${plane.binDir}:$PATH`);
  if (plane.node !== undefined) {
    console.error(`node ${plane.node.name} Ready; pods reach this host at ${plane.node.gateway} (listen there for sources and Redis)`);
    console.error(`  import the image: npm run cluster:image   (docs/control-plane.md, "Trying the suite by hand")`);
  }
  console.log(plane.kubeconfigPath);
  return 0;
}

// The processes are detached; nothing else should keep this one alive.
process.exit(await main(process.argv.slice(2), process.env));
