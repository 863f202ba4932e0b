/**
 * `npm run cluster:up`: starts the test control plane (etcd, kube-apiserver, kube-controller-manager)
 * detached, prints the kubeconfig path and records the pids for `npm run cluster:down`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { startControlPlane } from '../test/support/control-plane.ts';
import { dirname } from 'node:path';
import { CLUSTER_STATE_FILE, isOurs, readClusterState, type ClusterState } from './cluster-down.ts';

const previous = existsSync(CLUSTER_STATE_FILE) ? readClusterState(readFileSync(CLUSTER_STATE_FILE, 'utf8')) : undefined;
const running = previous?.pids.some((pid) => isOurs(pid, previous)) ? previous : undefined;
if (running !== undefined) {
  console.error(`a cluster is already up (${CLUSTER_STATE_FILE}); run \`npm run cluster:down\` first`);
  console.log(running.kubeconfigPath);
  process.exit(1);
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
mkdirSync(dirname(CLUSTER_STATE_FILE), { recursive: true });
writeFileSync(CLUSTER_STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
console.error(`cluster up at ${plane.server} (logs in ${plane.dir}); use it with:`);
console.error(`  export KUBECONFIG=${plane.kubeconfigPath} PATH=${plane.binDir}:$PATH`);
console.log(plane.kubeconfigPath);
// The processes are detached; nothing else should keep this one alive.
process.exit(0);
