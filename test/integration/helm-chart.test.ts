/**
 * The committed Helm chart, checked with the real helm binary: it lints, renders exactly what
 * `npm run synth` writes for the same values, values take effect, and literal `{{ }}` survive.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { CATALOG } from '../../core/catalog.ts';
import { CHART_DIR } from '../../infra/helm/main.ts';
import { DEVELOPMENT_VALUES } from '../../infra/helm/chart-files.ts';
import { getProfile } from '../../infra/profiles.ts';
import { synth, type KubeObject } from '../../infra/synth.ts';
import type { AlertingSettings } from '../../observability/alert-routing.ts';

const run = promisify(execFile);
const repo = new URL('../..', import.meta.url).pathname;
let helm = '';

async function findHelm(): Promise<string> {
  const { stdout } = await run('bash', [join(repo, 'toolchain/build.sh'), '--print']);
  for (const dir of stdout.trim().split(':')) {
    const candidate = join(dir, 'helm');
    if (
      await access(candidate).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  throw new Error(`helm not found in ${stdout.trim()}: run npm run setup`);
}

interface Rendered {
  readonly objects: KubeObject[];
  readonly text: string;
}

/** `helm template` as `helm install -n pontual` renders it (Chart.yaml's kubeVersion needs a version without a cluster). */
async function template(...args: string[]): Promise<Rendered> {
  const { stdout } = await run(helm, ['template', 'pontual', CHART_DIR, '--namespace', 'pontual', '--kube-version', '1.30.0', ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const objects = parseAllDocuments(stdout)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
  return { objects, text: stdout };
}

const HELM_LABELS = ['app.kubernetes.io/instance', 'app.kubernetes.io/managed-by', 'helm.sh/chart'];
const HELM_ANNOTATIONS = ['helm.sh/resource-policy', 'checksum/config'];

/** The object without what only Helm adds (its standard labels, resource policy, config checksum). */
function withoutHelmMetadata(object: KubeObject): KubeObject {
  const copy = structuredClone(object);
  const strip = (metadata: { labels?: Record<string, string>; annotations?: Record<string, string> } | undefined): void => {
    if (metadata === undefined) return;
    for (const key of HELM_LABELS) if (metadata.labels) Reflect.deleteProperty(metadata.labels, key);
    for (const key of HELM_ANNOTATIONS) if (metadata.annotations) Reflect.deleteProperty(metadata.annotations, key);
    if (metadata.annotations && Object.keys(metadata.annotations).length === 0) Reflect.deleteProperty(metadata, 'annotations');
  };
  strip(copy.metadata as Parameters<typeof strip>[0]);
  strip((copy.spec as { template?: { metadata?: Parameters<typeof strip>[0] } } | undefined)?.template?.metadata);
  return copy;
}

function assertSameObjects(rendered: readonly KubeObject[], synthesized: readonly KubeObject[]): void {
  const got = byKey(rendered.map(withoutHelmMetadata));
  const expected = byKey(synthesized);
  assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort());
  for (const [key, object] of expected) assert.deepEqual(got.get(key), object, key);
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

test("helm template with the default values renders exactly the production synth, plus Helm's own metadata", async () => {
  const { objects } = await template('--set', 'createNamespace=true');
  assertSameObjects(
    objects,
    synth({ profile: getProfile('production') }).flatMap((manifest) => manifest.objects),
  );
  for (const object of objects) {
    const labels = at(object, 'metadata', 'labels') as Record<string, string>;
    assert.equal(labels['app.kubernetes.io/instance'], 'pontual', `${String(object.kind)} instance label`);
    assert.equal(labels['app.kubernetes.io/managed-by'], 'Helm');
    assert.match(labels['helm.sh/chart'] ?? '', /^pontual-\d+\.\d+\.\d+/);
  }
  assert.equal(at(pick(objects, 'Namespace', 'pontual'), 'metadata', 'annotations', 'helm.sh/resource-policy'), 'keep', 'uninstall keeps the namespace');
});

test('values-development.yaml renders exactly the development synth', async () => {
  const { objects } = await template('-f', join(CHART_DIR, DEVELOPMENT_VALUES), '--namespace', 'elsewhere');
  assertSameObjects(
    objects,
    synth({ profile: getProfile('development') }).flatMap((manifest) => manifest.objects),
  );
});

test('by default the namespace is the release namespace and the chart creates no Namespace', async () => {
  const { objects } = await template('--namespace', 'warehouse');
  assert.equal(
    objects.some((o) => o.kind === 'Namespace'),
    false,
  );
  for (const object of objects) assert.equal(at(object, 'metadata', 'namespace'), 'warehouse', String(object.kind));
  assert.match(JSON.stringify(pick(objects, 'PrometheusRule', 'pontual-status')), /http:\/\/pontual-status\.warehouse\.svc:8080\/jobs\//);
});

test("operators' usual values: scheduling, pod metadata, resources, history, env, existingSecret, selector labels, toggles", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pontual-values-'));
  const valuesFile = join(dir, 'values.yaml');
  await writeFile(
    valuesFile,
    [
      'jobDefaults:',
      '  nodeSelector: { pool: jobs }',
      '  tolerations: [{ key: dedicated, operator: Equal, value: jobs, effect: NoSchedule }]',
      '  priorityClassName: batch-low',
      '  podAnnotations: { example.com/owner: warehouse }',
      '  podLabels: { cost-center: ops }',
      'status:',
      '  affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } }',
      '  priorityClassName: platform',
      '  podAnnotations: { example.com/scrape: "yes" }',
      '',
    ].join('\n'),
  );
  const { objects } = await template(
    '-f',
    valuesFile,
    '--set',
    'existingSecret=ops-secrets,jobs.bonus-calc.timeoutSeconds=900,jobs.bonus-calc.backoffLimit=0',
    '--set',
    'jobs.bonus-calc.failedJobsHistoryLimit=1,jobs.bonus-calc.successfulJobsHistoryLimit=1,jobs.bonus-calc.env.LOG_LEVEL=debug',
    '--set',
    'jobs.bonus-calc.resources.limits.memory=512Mi,status.resources.requests.cpu=100m',
    '--set',
    'monitoring.selectorLabels.team=ops,monitoring.prometheusRule.enabled=false,monitoring.dashboards.grafanaFolder=Warehouse',
  ).finally(() => rm(dir, { recursive: true, force: true }));
  const bonus = pick(objects, 'CronJob', 'bonus-calc');
  const pod = at(bonus, ...cronPod) as Record<string, unknown>;
  assert.deepEqual(pod.nodeSelector, { pool: 'jobs' });
  assert.deepEqual(pod.tolerations, [{ key: 'dedicated', operator: 'Equal', value: 'jobs', effect: 'NoSchedule' }]);
  assert.equal(pod.priorityClassName, 'batch-low');
  assert.deepEqual(at(bonus, 'spec', 'jobTemplate', 'spec', 'template', 'metadata', 'annotations'), { 'example.com/owner': 'warehouse' });
  assert.equal(at(bonus, 'spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels', 'cost-center'), 'ops');
  assert.equal(at(bonus, 'spec', 'jobTemplate', 'spec', 'activeDeadlineSeconds'), 900);
  assert.equal(at(bonus, 'spec', 'jobTemplate', 'spec', 'backoffLimit'), 0);
  assert.equal(at(bonus, 'spec', 'failedJobsHistoryLimit'), 1);
  assert.equal(at(bonus, 'spec', 'successfulJobsHistoryLimit'), 1);
  assert.equal(at(pod, 'containers', 0, 'resources', 'limits', 'memory'), '512Mi');
  const env = at(pod, 'containers', 0, 'env') as { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string } } }[];
  assert.deepEqual(env.at(-1), { name: 'LOG_LEVEL', value: 'debug' }, 'the override comes last, so it wins');
  assert.ok(env.filter((e) => e.valueFrom?.secretKeyRef).every((e) => e.valueFrom?.secretKeyRef?.name === 'ops-secrets'));
  const status = pick(objects, 'Deployment', 'pontual-status');
  assert.equal(at(status, 'spec', 'template', 'spec', 'priorityClassName'), 'platform');
  assert.deepEqual(at(status, 'spec', 'template', 'spec', 'affinity'), { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } });
  assert.equal(at(status, 'spec', 'template', 'metadata', 'annotations', 'example.com/scrape'), 'yes');
  assert.match(String(at(status, 'spec', 'template', 'metadata', 'annotations', 'checksum/config')), /^[a-f0-9]{64}$/);
  assert.equal(at(status, 'spec', 'template', 'spec', 'containers', 0, 'resources', 'requests', 'cpu'), '100m');
  assert.equal(
    objects.some((o) => o.kind === 'PrometheusRule'),
    false,
    'PrometheusRule toggled off alone',
  );
  assert.deepEqual(at(pick(objects, 'ServiceMonitor', 'pontual-status'), 'metadata', 'labels', 'team'), 'ops', 'every selector label');
  assert.equal(at(pick(objects, 'ServiceMonitor', 'pontual-status'), 'metadata', 'labels', 'release'), 'kube-prometheus-stack');
  assert.equal(at(pick(objects, 'ConfigMap', 'pontual-dashboards'), 'metadata', 'annotations', 'grafana_folder'), 'Warehouse');
});

test('a config change rolls the status Deployment (checksum annotation); no selector label renders no empty label', async () => {
  const checksum = async (...args: string[]): Promise<unknown> =>
    at(pick((await template(...args)).objects, 'Deployment', 'pontual-status'), 'spec', 'template', 'metadata', 'annotations', 'checksum/config');
  assert.notEqual(await checksum(), await checksum('--set', 'config.LOG_LEVEL=debug'));
  assert.equal(await checksum('--set', 'status.replicas=3'), await checksum(), 'replicas alone do not restart pods');
  // null deletes a default key (an empty map would merge with the defaults).
  const { objects } = await template('--set', 'monitoring.selectorLabels.release=null');
  const labels = at(pick(objects, 'ServiceMonitor', 'pontual-status'), 'metadata', 'labels') as Record<string, unknown>;
  assert.equal('release' in labels, false);
  assert.ok(
    Object.values(labels).every((value) => typeof value === 'string' && value !== ''),
    JSON.stringify(labels),
  );
});

test('the schema allows `global`, so the chart works as a subchart', async () => {
  const { objects } = await template('--set', 'global.imageRegistry=registry.example.com');
  assert.ok(objects.some((o) => o.kind === 'CronJob'));
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
    '--set',
    'jobs.bonus-calc.suspend=true',
    '--set',
    'jobs.store-status.schedule=*/10 * * * *',
    '--set',
    'image.repository=registry.digitalocean.com/acme/pontual',
    '--set',
    'image.tag=2.0.1',
    '--set',
    'namespace=ops',
    '--set',
    'createNamespace=true',
    '--set',
    'status.replicas=3',
    '--set',
    'config.LOG_LEVEL=debug',
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
  assert.equal(
    objects.some((o) => (o.metadata as { name: string }).name === 'pontual-dashboards'),
    false,
  );
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

test('alerting values render exactly the synth of a profile with the same receivers, heartbeat and URLs', async () => {
  const production = getProfile('production');
  const settings: AlertingSettings = {
    ...production.alerting.settings,
    secretName: 'ops-alerting',
    routes: {
      critical: { slack: true, email: true, webhook: false, pagerduty: true },
      warning: { slack: true, email: false, webhook: true, pagerduty: false },
    },
    slack: { channel: '#warehouse-ops' },
    email: { to: 'ops@example.com', from: 'pontual@example.com', smarthost: 'smtp.example.com:587', authUsername: 'pontual' },
    heartbeat: { enabled: true, interval: '2m' },
    repeatInterval: '12h',
  };
  const profile = {
    ...production,
    alerting: { ...production.alerting, runbookUrl: 'https://git.example/pontual/runbooks.md', statusUrl: 'https://status.example/', settings },
  };
  const { objects } = await template(
    '--set',
    'alerting.secretName=ops-alerting',
    '--set',
    'alerting.routes.critical.slack=true,alerting.routes.critical.email=true,alerting.routes.critical.pagerduty=true',
    '--set',
    'alerting.routes.warning.slack=true,alerting.routes.warning.webhook=true',
    '--set',
    'alerting.slack.channel=#warehouse-ops',
    '--set',
    'alerting.email.to=ops@example.com,alerting.email.from=pontual@example.com,alerting.email.smarthost=smtp.example.com:587,alerting.email.authUsername=pontual',
    '--set',
    'alerting.heartbeat.enabled=true,alerting.heartbeat.interval=2m,alerting.repeatInterval=12h',
    '--set',
    'alerting.runbookUrl=https://git.example/pontual/runbooks.md,alerting.statusUrl=https://status.example/',
  );
  const rendered = byKey(objects.map(withoutHelmMetadata));
  const synthesized = byKey(synth({ profile }).flatMap((manifest) => manifest.objects));
  for (const key of ['AlertmanagerConfig/pontual/pontual', 'PrometheusRule/pontual/pontual-status']) {
    assert.deepEqual(rendered.get(key), synthesized.get(key), key);
  }
  const rules = JSON.stringify(rendered.get('PrometheusRule/pontual/pontual-status'));
  assert.match(rules, /https:\/\/status\.example\/jobs\/\{\{ \$labels\.cronjob \}\}/);
  assert.match(rules, /absent\(up\{job=\\"pontual-status\\", namespace=\\"pontual\\"\}\)/);
});

test('alerting.enabled=false leaves the AlertmanagerConfig out; a malformed duration or URL, or email without its server, is refused', async () => {
  const { objects } = await template('--set', 'alerting.enabled=false');
  assert.equal(
    objects.some((o) => o.kind === 'AlertmanagerConfig'),
    false,
  );
  for (const [set, message] of [
    ['alerting.heartbeat.interval=five minutes', /\/alerting\/heartbeat\/interval/],
    ['alerting.statusUrl=status.example', /\/alerting\/statusUrl/],
    ['alerting.routes.critical.teams=true', /additional properties 'teams' not allowed/],
    ['alerting.routes.critical.email=true', /alerting\.email\.to is required when an email receiver is on/],
  ] as const) {
    const failure = await template('--set', set).then(
      () => assert.fail(`helm accepted --set ${set}`),
      (error: unknown) => error as { stderr: string },
    );
    assert.match(failure.stderr, message, set);
  }
});

test('per-job alert settings in values render exactly the rules of a catalog with those settings', async () => {
  const { objects } = await template(
    '--set',
    'jobs.store-status.alerts.consecutiveFailures=12,jobs.store-status.alerts.severity=warning,jobs.store-status.alerts.team=stores',
    '--set',
    'jobs.bonus-calc.alerts.noRecentSuccessSeconds=93600',
  );
  const catalog = CATALOG.map((job) => {
    if (job.name === 'store-status') return { ...job, alerts: { consecutiveFailures: 12, severity: 'warning' as const, team: 'stores' } };
    if (job.name === 'bonus-calc') return { ...job, alerts: { ...job.alerts, noRecentSuccessSeconds: 93600 } };
    return job;
  });
  const key = 'PrometheusRule/pontual/pontual-status';
  const expected = byKey(synth({ profile: getProfile('production'), catalog }).flatMap((manifest) => manifest.objects)).get(key);
  assert.deepEqual(byKey(objects.map(withoutHelmMetadata)).get(key), expected);
  assert.match(JSON.stringify(expected), /pontual_cronjob_consecutive_failures\{cronjob=\\"store-status\\"\}\) >= 12/);
  const refused = await template('--set', 'jobs.bonus-calc.alerts.severity=page').then(
    () => assert.fail('helm accepted severity=page'),
    (error: unknown) => error as { stderr: string },
  );
  assert.match(refused.stderr, /\/jobs\/bonus-calc\/alerts\/severity/);
});

test('networkPolicy values render exactly the synth of a profile with the same namespaces and networks', async () => {
  const production = getProfile('production');
  const networkPolicy = {
    ...production.networkPolicy,
    metricsFrom: ['monitoring'],
    apiFrom: ['ops-tools', 'warehouse-ui'],
    redis: { cidrs: ['10.110.0.0/20'], ports: [25061] },
    apis: { cidrs: ['10.20.0.0/16', '203.0.113.7/32'], ports: [443] },
  };
  const { objects } = await template(
    '--set',
    'networkPolicy.metricsFrom={monitoring},networkPolicy.apiFrom={ops-tools,warehouse-ui}',
    '--set',
    'networkPolicy.redis.cidrs={10.110.0.0/20}',
    '--set',
    'networkPolicy.apis.cidrs={10.20.0.0/16,203.0.113.7/32},networkPolicy.apis.ports={443}',
  );
  const expected = byKey(synth({ profile: { ...production, networkPolicy } }).flatMap((manifest) => manifest.objects));
  const rendered = byKey(objects.map(withoutHelmMetadata));
  for (const key of ['NetworkPolicy/pontual/pontual-status', 'NetworkPolicy/pontual/pontual-jobs']) assert.deepEqual(rendered.get(key), expected.get(key), key);
  const none = await template('--set-json', 'networkPolicy.metricsFrom=[]');
  assert.deepEqual(at(pick(none.objects, 'NetworkPolicy', 'pontual-status'), 'spec', 'ingress'), []);
  const off = await template('--set', 'networkPolicy.enabled=false');
  assert.equal(
    off.objects.some((o) => o.kind === 'NetworkPolicy'),
    false,
  );
});
