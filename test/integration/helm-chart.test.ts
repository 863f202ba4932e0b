/**
 * The committed Helm chart, checked with the real helm binary: it lints, renders exactly what
 * `npm run synth` writes for the same values, values take effect, and literal `{{ }}` survive.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { CATALOG } from '../../core/catalog.ts';
import { CHART_DIR } from '../../infra/helm/main.ts';
import { getProfile } from '../../infra/profiles.ts';
import { synth, type KubeObject } from '../../infra/synth.ts';

const run = promisify(execFile);
const repo = new URL('../..', import.meta.url).pathname;
let helm = '';

async function findHelm(): Promise<string> {
  const { stdout } = await run('bash', [join(repo, 'toolchain/build.sh'), '--print']);
  for (const dir of stdout.trim().split(':')) {
    const candidate = join(dir, 'helm');
    if (await access(candidate).then(() => true, () => false)) return candidate;
  }
  throw new Error(`helm not found in ${stdout.trim()}: run npm run setup`);
}

interface Rendered {
  readonly objects: KubeObject[];
  readonly text: string;
}

async function template(...args: string[]): Promise<Rendered> {
  const { stdout } = await run(helm, ['template', 'pontual', CHART_DIR, ...args], { maxBuffer: 64 * 1024 * 1024 });
  const objects = parseAllDocuments(stdout)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
  return { objects, text: stdout };
}

function byKey(objects: readonly KubeObject[]): Map<string, KubeObject> {
  return new Map(
    objects.map((object) => {
      const metadata = object.metadata as { name: string; namespace?: string };
      return [`${String(object.kind)}/${metadata.namespace ?? ''}/${metadata.name}`, object];
    }),
  );
}

function pick(objects: readonly KubeObject[], kind: string, name: string): Record<string, unknown> {
  const found = objects.find((o) => o.kind === kind && (o.metadata as { name: string }).name === name);
  assert.ok(found, `${kind}/${name} rendered`);
  return found;
}

/** A value deep inside a rendered object, by path; fails the test when absent. */
function at(object: unknown, ...path: (string | number)[]): unknown {
  let node = object;
  for (const key of path) {
    assert.ok(node !== null && typeof node === 'object', `${path.join('.')} exists`);
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

const cronPod = ['spec', 'jobTemplate', 'spec', 'template', 'spec'];

before(async () => {
  helm = await findHelm();
});

test('helm lint passes', async () => {
  const { stdout } = await run(helm, ['lint', '--strict', CHART_DIR]);
  assert.match(stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
});

test('helm template with the default values renders exactly the production synth', async () => {
  const rendered = byKey((await template()).objects);
  const synthesized = byKey(synth({ profile: getProfile('production') }).flatMap((manifest) => manifest.objects));
  assert.deepEqual([...rendered.keys()].sort(), [...synthesized.keys()].sort());
  for (const [key, object] of synthesized) assert.deepEqual(rendered.get(key), object, key);
});

test('alert annotations and dashboard legends reach the cluster with their {{ }} intact', async () => {
  const { objects } = await template();
  const rule = JSON.stringify(pick(objects, 'PrometheusRule', 'pontual-status'));
  assert.match(rule, /\{\{ \$labels\.cronjob \}\}/);
  assert.doesNotMatch(rule, /`/);
  const dashboards = Object.values(at(pick(objects, 'ConfigMap', 'pontual-dashboards'), 'data') as Record<string, string>);
  assert.ok(dashboards.length > 0);
  for (const model of dashboards) assert.equal(typeof JSON.parse(model), 'object', 'each dashboard is valid JSON');
});

test('--set jobs.<name>.suspend/schedule, image, namespace and replicas take effect', async () => {
  const digest = `sha256:${'b'.repeat(64)}`;
  const { objects } = await template(
    '--set', 'jobs.bonus-calc.suspend=true',
    '--set', 'jobs.store-status.schedule=*/10 * * * *',
    '--set', 'image.repository=registry.digitalocean.com/acme/pontual',
    '--set', 'image.tag=2.0.1',
    '--set', 'namespace=ops',
    '--set', 'status.replicas=3',
    '--set', 'config.LOG_LEVEL=debug',
  );
  assert.equal(at(pick(objects, 'CronJob', 'bonus-calc'), 'spec', 'suspend'), true);
  assert.equal(at(pick(objects, 'CronJob', 'embu-sla'), 'spec', 'suspend'), false);
  assert.equal(at(pick(objects, 'CronJob', 'store-status'), 'spec', 'schedule'), '*/10 * * * *');
  assert.equal(at(pick(objects, 'CronJob', 'bonus-calc'), 'spec', 'schedule'), '0 6 * * *');
  for (const job of CATALOG) {
    assert.equal(at(pick(objects, 'CronJob', job.name), ...cronPod, 'containers', 0, 'image'), 'registry.digitalocean.com/acme/pontual:2.0.1');
  }
  const deployment = pick(objects, 'Deployment', 'pontual-status');
  assert.equal(at(deployment, 'spec', 'replicas'), 3);
  assert.equal(at(deployment, 'spec', 'template', 'spec', 'containers', 0, 'image'), 'registry.digitalocean.com/acme/pontual:2.0.1');
  assert.equal(at(pick(objects, 'Namespace', 'ops'), 'metadata', 'labels', 'pod-security.kubernetes.io/enforce'), 'restricted');
  for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
    assert.equal(at(object, 'metadata', 'namespace'), 'ops', `${String(object.kind)} namespace`);
  }
  assert.deepEqual(at(pick(objects, 'RoleBinding', 'pontual-status'), 'subjects', 0, 'namespace'), 'ops');
  assert.equal(at(pick(objects, 'ConfigMap', 'pontual-config'), 'data', 'LOG_LEVEL'), 'debug');

  const pinned = await template('--set', `image.digest=${digest}`, '--set', 'image.pullSecrets[0]=registry-acme');
  const pod = at(pick(pinned.objects, 'CronJob', 'embu-sla'), ...cronPod);
  assert.equal(at(pod, 'containers', 0, 'image'), `registry.digitalocean.com/pontual/pontual@${digest}`);
  assert.deepEqual(at(pod, 'imagePullSecrets'), [{ name: 'registry-acme' }]);
});

test('createNamespace=false and monitoring.enabled=false leave those objects out', async () => {
  const { objects } = await template('--set', 'createNamespace=false', '--set', 'monitoring.enabled=false');
  const kinds = new Set(objects.map((o) => o.kind));
  for (const kind of ['Namespace', 'ServiceMonitor', 'PrometheusRule']) assert.equal(kinds.has(kind), false, kind);
  assert.equal(objects.some((o) => (o.metadata as { name: string }).name === 'pontual-dashboards'), false);
  assert.ok(kinds.has('CronJob') && kinds.has('Deployment'));
});

test('values.schema.json refuses a misspelt job, a wrong type and a TZ= schedule', async () => {
  const refusals: [string, RegExp][] = [
    ['jobs.bonus_calc.suspend=true', /additional properties 'bonus_calc' not allowed/],
    ['jobs.bonus-calc.suspend=maybe', /\/jobs\/bonus-calc\/suspend': got string, want boolean/],
    ['jobs.embu-sla.schedule=TZ=UTC 0 6 * * *', /\/jobs\/embu-sla\/schedule/],
    ['status.replicas=0', /\/status\/replicas': minimum/],
  ];
  for (const [set, message] of refusals) {
    const failure = await template('--set', set).then(
      () => assert.fail(`helm accepted --set ${set}`),
      (error: unknown) => error as { stderr: string },
    );
    assert.match(failure.stderr, message, set);
  }
});
