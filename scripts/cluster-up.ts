/**
 * `npm run cluster:up`: starts the test control plane (etcd, kube-apiserver, kube-controller-manager)
 * detached, prints the kubeconfig path and records the pids for `npm run cluster:down`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { startControlPlane } from '../devkit/control-plane.ts';
import { clusterStateFile, isOurs, readClusterState, type ClusterState } from './cluster-down.ts';

async function main(env: NodeJS.ProcessEnv): Promise<number> {
  const stateFile = clusterStateFile(env);
  const previous = existsSync(stateFile) ? readClusterState(readFileSync(stateFile, 'utf8')) : undefined;
  const running = previous?.pids.some((pid) => isOurs(pid, previous)) ? previous : undefined;
  if (running !== undefined) {
    console.error(`a cluster is already up (${stateFile}); run \`npm run cluster:down\` first`);
    console.log(running.kubeconfigPath);
    return 1;
  }

  const plane = await startControlPlane({ detached: true });
  const state: ClusterState = {
    kubeconfigPath: plane.kubeconfigPath,
    server: plane.server,
    binDir: plane.binDir,
    dir: plane.dir,
    pids: Object.values(plane.pids),
    startedAt: new Date().toISOString(),
  };
  mkdirSync(dirname(stateFile), { recursive: true });
  writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  console.error(`cluster up at ${plane.server} (logs in ${plane.dir}); use it with:`);
  console.error(`  export KUBECONFIG=${plane.kubeconfigPath} PATH=${plane.binDir}:$PATH`);
  console.log(plane.kubeconfigPath);
  return 0;
}

// The processes are detached; nothing else should keep this one alive.
process.exit(await main(process.env));
