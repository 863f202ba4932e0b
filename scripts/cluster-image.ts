/**
 * `npm run cluster:image`: builds the project's image (`scripts/build-image.sh test`) and
 * imports it into the node of the cluster `npm run cluster:up` started, under the name the `test`
 * profile's manifests use, so `kubectl apply -f dist/` runs the jobs for real.
 */
import { existsSync, readFileSync } from 'node:fs';
import { getProfile, imageReference } from '../infra/profiles.ts';
import { criImageName, importProjectImage } from '../devkit/node-image.ts';
import { clusterStateFile, readClusterState } from './cluster-down.ts';

const stateFile = clusterStateFile(process.env);
if (!existsSync(stateFile)) {
  console.error(`no cluster is up (no state file at ${stateFile}): run \`npm run cluster:up\` first`);
  process.exit(1);
}
const state = readClusterState(readFileSync(stateFile, 'utf8'));
if (state.starting === true) {
  console.error(`the last cluster:up did not finish (${stateFile}): run \`npm run cluster:down\`, then \`npm run cluster:up\``);
  process.exit(1);
}
if (state.node === undefined) {
  console.error('the cluster was started with --no-node: there is no containerd to import into');
  process.exit(1);
}
const image = imageReference(getProfile('test').image);
await importProjectImage(state.node, image);
console.error(`imported as ${criImageName(image)}; pods reach this host at ${state.node.gateway}`);
