/**
 * The two ways to deploy give the same cluster: `helm install` of charts/pontual and
 * `kubectl apply --server-side` of the synthesized manifests, each on its own control plane,
 * produce the same objects as the API server stores them (defaults filled in), apart from what
 * the server assigns and the labels and annotations Helm adds to track its release.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { helm } from '../../devkit/helm.ts';
import { installMonitoringCrds, kubectlOk, REPO_ROOT, synthManifests } from '../../devkit/kube.ts';

const CHART = join(REPO_ROOT, 'charts/pontual');
const RELEASE_NAMESPACE = 'pontual-release';

interface StoredObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } & Record<string, unknown>;
  spec?: Record<string, unknown>;
  status?: unknown;
}

describe('helm install and kubectl apply give the same objects', () => {
  let applied: ControlPlane;
  let installed: ControlPlane;
  let manifests: string;

  before(async () => {
    [applied, installed] = await Promise.all([startControlPlane(), startControlPlane()]);
    manifests = synthManifests();
    await Promise.all([installMonitoringCrds(applied), installMonitoringCrds(installed)]);
  });

  after(async () => {
    await Promise.all([applied.stop(), installed.stop()]);
    rmSync(manifests, { recursive: true, force: true });
  });

  test('helm install of charts/pontual into a fresh cluster equals kubectl apply --server-side of the synthesized manifests', async () => {
    await kubectlOk(applied, ['apply', '--server-side', '-f', manifests]);
    // The release record lives in its own namespace; the chart creates the `pontual` Namespace itself (opt-in).
    const release = await helm(installed, [
      'install',
      'pontual',
      CHART,
      '--namespace',
      RELEASE_NAMESPACE,
      '--create-namespace',
      '--set',
      'namespace=pontual',
      '--set',
      'createNamespace=true',
    ]);
    assert.match(release, /STATUS: deployed/);

    // Helm deploys exactly the synthesized objects, no more and no fewer.
    const released = await helmManifestKeys(installed);
    const synthesized = (await getAll(applied, manifests)).map(key);
    assert.deepEqual(released.sort(), [...synthesized].sort());

    const fromApply = new Map((await getAll(applied, manifests)).map((object) => [key(object), normalize(object)]));
    const fromHelm = new Map((await getAll(installed, manifests)).map((object) => [key(object), normalize(object)]));
    for (const [name, object] of fromApply) assert.deepEqual(fromHelm.get(name), object, name);
  });
});

async function helmManifestKeys(plane: ControlPlane): Promise<string[]> {
  const manifest = await helm(plane, ['get', 'manifest', 'pontual', '--namespace', RELEASE_NAMESPACE]);
  return parseAllDocuments(manifest)
    .map((document) => document.toJS() as StoredObject | null)
    .filter((object): object is StoredObject => object !== null)
    .map(key);
}

/** The objects named by the manifest files, as the API server stores them. */
async function getAll(plane: ControlPlane, files: string): Promise<StoredObject[]> {
  return (JSON.parse(await kubectlOk(plane, ['get', '-f', files, '-o', 'json'])) as { items: StoredObject[] }).items;
}

function key(object: StoredObject): string {
  return `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

const SERVER_METADATA = ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields'];
/** What Helm adds to track its release; not part of what the chart declares. */
function isHelmMetadata(name: string, value: string): boolean {
  return (
    name.startsWith('meta.helm.sh/') ||
    name.startsWith('helm.sh/') ||
    name.startsWith('checksum/') ||
    name === 'app.kubernetes.io/instance' ||
    (name === 'app.kubernetes.io/managed-by' && value === 'Helm')
  );
}

function normalize(object: StoredObject): StoredObject {
  const metadata = Object.fromEntries(Object.entries(object.metadata).filter(([field]) => !SERVER_METADATA.includes(field))) as StoredObject['metadata'];
  const withoutHelm = (map: Record<string, string> | undefined): Record<string, string> =>
    Object.fromEntries(Object.entries(map ?? {}).filter(([name, value]) => !isHelmMetadata(name, value)));
  metadata.labels = withoutHelm(metadata.labels);
  metadata.annotations = withoutHelm(metadata.annotations);
  const { status: _status, ...rest } = object;
  const normalized: StoredObject = { ...rest, metadata };
  const podTemplate = (normalized.spec as { template?: { metadata?: { annotations?: Record<string, string> } } } | undefined)?.template?.metadata;
  if (podTemplate?.annotations) {
    podTemplate.annotations = withoutHelm(podTemplate.annotations);
    if (Object.keys(podTemplate.annotations).length === 0) delete podTemplate.annotations;
  }
  if (object.kind === 'Service' && normalized.spec) {
    // Allocated by the API server from the service range, differently on each cluster.
    const { clusterIP: _ip, clusterIPs: _ips, ...spec } = normalized.spec;
    normalized.spec = spec;
  }
  return normalized;
}
