import { test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  V1ConfigMap,
  V1Container,
  V1CronJob,
  V1Deployment,
  V1EnvVar,
  V1Namespace,
  V1NetworkPolicy,
  V1PodDisruptionBudget,
  V1PodSpec,
  V1Role,
  V1RoleBinding,
  V1Service,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import { jobLabels } from '../../../core/labels.ts';
import { CATALOG } from '../../../core/catalog.ts';
import { CONFIG_MAP_NAME, SECRET_NAME } from '../../../core/environment.ts';
import { ENV_VARS } from '../../../jobs/environment.ts';
import { STATUS_ENV_VARS } from '../../../status/environment.ts';
import { alertRuleGroups, DEFAULT_RUNBOOK_URL, jobAlertSettings } from '../../../observability/alert-rules.ts';
import { alertmanagerConfigSpec, defaultAlertingSettings } from '../../../observability/alert-routing.ts';
import { loadStatusConfig } from '../../../status/config.ts';
import { dashboards } from '../../../observability/dashboards.ts';
import { getProfile } from '../../../infra/profiles.ts';
import { synth, type KubeObject } from '../../../infra/synth.ts';

/** The synthesized JSON has the API's shape, so the client's types describe it. */
interface Kinds {
  Namespace: V1Namespace;
  ConfigMap: V1ConfigMap;
  CronJob: V1CronJob;
  Deployment: V1Deployment;
  ServiceAccount: V1ServiceAccount;
  Role: V1Role;
  RoleBinding: V1RoleBinding;
  Service: V1Service;
  PodDisruptionBudget: V1PodDisruptionBudget;
  NetworkPolicy: V1NetworkPolicy;
}
/** prometheus-operator objects, and kinds that must be absent, are checked as plain data. */
interface Untyped {
  readonly apiVersion?: unknown;
  readonly metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  readonly spec?: unknown;
}
type KindOf<K extends string> = K extends keyof Kinds ? Kinds[K] : Untyped;

function objects(profileName: string, overrides = {}): KubeObject[] {
  return synth({ profile: getProfile(profileName, overrides) }).flatMap((manifest) => manifest.objects);
}

function find<K extends string>(all: readonly KubeObject[], kind: K, name?: string): KindOf<K>[] {
  return all.filter((o) => o.kind === kind && (name === undefined || (o.metadata as { name?: string }).name === name)) as unknown as KindOf<K>[];
}

function one<K extends string>(all: readonly KubeObject[], kind: K, name?: string): KindOf<K> {
  const [first, ...rest] = find(all, kind, name);
  assert.ok(first !== undefined && rest.length === 0, `exactly one ${kind} ${name ?? ''}`);
  return first;
}

function defined<T>(value: T | undefined | null, what: string): T {
  assert.ok(value !== undefined && value !== null, `${what} is set`);
  return value;
}

function cronPod(cronJob: V1CronJob): V1PodSpec {
  return defined(cronJob.spec.jobTemplate.spec?.template.spec, `${cronJob.metadata?.name} pod spec`);
}

function firstContainer(pod: V1PodSpec): V1Container {
  return defined(pod.containers[0], 'first container');
}

const production = objects('production');

test('files are ordered so kubectl apply -f dist/ creates the Namespace first', () => {
  const manifests = synth({ profile: getProfile('production') });
  assert.deepEqual(
    manifests.map((manifest) => manifest.file),
    ['00-namespace.k8s.yaml', '10-config.k8s.yaml', '20-cronjobs.k8s.yaml', '30-status.k8s.yaml', '40-monitoring.k8s.yaml', '50-alerting.k8s.yaml'],
  );
  assert.deepEqual(
    manifests[0]?.objects.map((o) => o.kind),
    ['Namespace'],
  );
});

test('the namespace enforces the restricted Pod Security Standard', () => {
  const namespace = one(production, 'Namespace');
  assert.equal(namespace.metadata?.name, 'pontual');
  assert.equal(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
  for (const object of production.filter((o) => o.kind !== 'Namespace')) {
    const metadata = object.metadata as { name: string; namespace?: string };
    assert.equal(metadata.namespace, 'pontual', `${String(object.kind)}/${metadata.name} namespace`);
  }
});

test('one CronJob per catalog job with Forbid, 300 s starting deadline, Sao Paulo time and the catalog timeout', () => {
  assert.deepEqual(
    find(production, 'CronJob').map((c) => c.metadata?.name),
    CATALOG.map((job) => job.name),
  );
  for (const job of CATALOG) {
    const cronJob = one(production, 'CronJob', job.name);
    const spec = defined(cronJob.spec, 'spec');
    const jobSpec = defined(spec.jobTemplate.spec, 'job template spec');
    assert.equal(spec.schedule, job.schedule);
    assert.equal(spec.concurrencyPolicy, 'Forbid');
    assert.equal(spec.startingDeadlineSeconds, 300);
    assert.equal(spec.timeZone, 'America/Sao_Paulo');
    assert.equal(spec.suspend, false);
    assert.equal(jobSpec.activeDeadlineSeconds, job.timeoutSeconds);
    assert.equal(jobSpec.backoffLimit, job.backoffLimit);
    assert.ok((spec.successfulJobsHistoryLimit ?? 0) >= 1 && (spec.failedJobsHistoryLimit ?? 0) >= 1);
    assert.deepEqual(jobSpec.podFailurePolicy, {
      rules: [
        { action: 'FailJob', onExitCodes: { containerName: 'job', operator: 'In', values: [2] } },
        { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      ],
    });
    const labels = jobLabels(job.name);
    assert.deepEqual(cronJob.metadata?.labels, labels);
    assert.deepEqual(spec.jobTemplate.metadata?.labels, labels);
    assert.deepEqual(jobSpec.template.metadata?.labels, labels);

    const pod = cronPod(cronJob);
    assert.equal(pod.restartPolicy, 'Never');
    assert.equal(pod.containers.length, 1);
    const container = firstContainer(pod);
    assert.deepEqual(container.args, [job.name]);
    assert.equal(container.image, 'registry.digitalocean.com/pontual/pontual:0.1.0');
    assert.equal(container.imagePullPolicy, 'IfNotPresent');
    assert.deepEqual(container.resources, job.resources);
  }
});

test('every pod passes the restricted Pod Security Standard with a read-only root and a /tmp emptyDir', () => {
  const pods = [...find(production, 'CronJob').map(cronPod), ...find(production, 'Deployment').map((d) => defined(d.spec?.template.spec, 'deployment pod'))];
  assert.equal(pods.length, CATALOG.length + 1);
  for (const pod of pods) {
    const podSecurity = defined(pod.securityContext, 'pod securityContext');
    assert.equal(podSecurity.runAsNonRoot, true);
    assert.equal(podSecurity.runAsUser, 10001, 'numeric uid');
    assert.equal(podSecurity.runAsGroup, 10001);
    assert.deepEqual(podSecurity.seccompProfile, { type: 'RuntimeDefault' });
    assert.equal(pod.hostNetwork ?? false, false);
    assert.ok(pod.volumes?.find((v) => v.name === 'tmp')?.emptyDir, 'an emptyDir volume named tmp');
    for (const container of pod.containers) {
      const security = defined(container.securityContext, 'container securityContext');
      assert.equal(security.allowPrivilegeEscalation, false);
      assert.equal(security.readOnlyRootFilesystem, true);
      assert.deepEqual(security.capabilities, { drop: ['ALL'] });
      assert.notEqual(security.privileged, true);
      assert.deepEqual(security.seccompProfile, { type: 'RuntimeDefault' });
      assert.deepEqual(container.volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }]);
      const requests = defined(container.resources?.requests, 'requests');
      assert.ok(container.resources?.limits?.memory !== undefined, 'a memory limit');
      assert.notEqual(requests.cpu, '1', 'not the cdk8s-plus 1 CPU default');
    }
  }
});

test('job env: ConfigMap for settings, Secret references for secrets, downward API for names', () => {
  const data = defined(one(production, 'ConfigMap', CONFIG_MAP_NAME).data, 'ConfigMap data');
  for (const cronJob of find(production, 'CronJob')) {
    const env: V1EnvVar[] = firstContainer(cronPod(cronJob)).env ?? [];
    const sources = CATALOG.find((job) => job.name === cronJob.metadata?.name)?.sources ?? [];
    const declared = ENV_VARS.filter((v) => v.source === undefined || sources.includes(v.source));
    assert.deepEqual(
      env.map((e) => e.name),
      declared.map((v) => v.name),
    );
    for (const spec of declared) {
      const entry = defined(
        env.find((e) => e.name === spec.name),
        spec.name,
      );
      assert.equal(entry.value, undefined, `${spec.name} has no literal value`);
      if (spec.secretKey !== undefined) {
        assert.deepEqual(entry.valueFrom, { secretKeyRef: { name: SECRET_NAME, key: spec.secretKey } });
        assert.equal(spec.name in data, false);
      } else if (spec.downward !== undefined) {
        assert.deepEqual(entry.valueFrom, { fieldRef: { fieldPath: spec.downward } });
      } else {
        assert.deepEqual(entry.valueFrom, { configMapKeyRef: { name: CONFIG_MAP_NAME, key: spec.name } });
        assert.equal(typeof data[spec.name], 'string', `${spec.name} is in the ConfigMap`);
      }
    }
  }
  assert.equal(data.REDIS_KEY_PREFIX, 'pontual:');
  assert.equal(data.WMS_API_URL, 'https://wms.warehouse.internal');
  assert.equal(find(production, 'Secret').length, 0, 'operators create the Secret');
});

test('the status service: token mounted, RBAC of exactly list and watch on cronjobs, jobs and pods', () => {
  assert.equal(one(production, 'ServiceAccount', 'pontual-status').automountServiceAccountToken, true);
  const role = one(production, 'Role', 'pontual-status');
  const grants = (role.rules ?? []).flatMap((rule) =>
    (rule.resources ?? []).map((resource) => `${(rule.apiGroups ?? []).join(',')}/${resource}:${[...rule.verbs].sort().join(',')}`),
  );
  assert.deepEqual(grants.sort(), ['/pods:list,watch', 'batch/cronjobs:list,watch', 'batch/jobs:list,watch']);
  assert.equal(find(production, 'ClusterRole').length + find(production, 'ClusterRoleBinding').length, 0);
  const binding = one(production, 'RoleBinding', 'pontual-status');
  assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pontual-status' });
  assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'pontual-status', namespace: 'pontual' }]);
});

test('the status Deployment runs 2 replicas with probes, the same image and its env', () => {
  const deployment = one(production, 'Deployment', 'pontual-status');
  const spec = defined(deployment.spec, 'deployment spec');
  assert.equal(spec.replicas, 2);
  const pod = defined(spec.template.spec, 'pod spec');
  assert.equal(pod.serviceAccountName, 'pontual-status');
  assert.equal(pod.automountServiceAccountToken, true);
  const container = firstContainer(pod);
  // The heap is a share of the memory limit, so raising the limit raises it (status/environment.ts).
  assert.deepEqual(container.command, ['node', '--no-opt', '--max-old-space-size-percentage=43', 'status/main.mjs']);
  assert.equal(container.image, 'registry.digitalocean.com/pontual/pontual:0.1.0');
  assert.deepEqual(container.ports, [
    { name: 'http', containerPort: 8080, protocol: 'TCP' },
    { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
  ]);
  assert.deepEqual(container.livenessProbe?.httpGet, { path: '/healthz', port: 'http' });
  assert.deepEqual(container.readinessProbe?.httpGet, { path: '/readyz', port: 'http' });
  const env = new Map((container.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));
  assert.equal(env.get('PORT'), '8080');
  assert.equal(env.get('METRICS_PORT'), '9090', 'a metrics-only port, for the network policy');
  assert.equal(env.get('HOST'), '0.0.0.0');
  // The service binds where the Deployment says: its own config read from the container's env
  // lands on the port the Service and the probes target (named `http`), on every pod address.
  const literal = Object.fromEntries((container.env ?? []).flatMap((e) => (e.value === undefined ? [] : [[e.name, e.value]])));
  const config = loadStatusConfig({ env: { ...literal, KUBECONFIG: '/kubeconfig' }, fileExists: () => true, readFile: () => 'pontual' });
  assert.equal(config.port, container.ports.find((port) => port.name === 'http')?.containerPort);
  assert.equal(config.host, '0.0.0.0');
  assert.deepEqual(env.get('WATCH_NAMESPACE'), { fieldRef: { fieldPath: 'metadata.namespace' } });
  assert.deepEqual(env.get('REDIS_URL'), { secretKeyRef: { name: SECRET_NAME, key: 'redis-url', optional: true } });
  assert.deepEqual(env.get('REDIS_KEY_PREFIX'), { configMapKeyRef: { name: CONFIG_MAP_NAME, key: 'REDIS_KEY_PREFIX' } });

  const selector = defined(spec.selector.matchLabels, 'selector');
  assert.deepEqual(spec.template.metadata?.labels, selector);
  assert.equal(selector['app.kubernetes.io/component'], 'status');
  const service = one(production, 'Service', 'pontual-status');
  assert.deepEqual(service.spec?.selector, selector);
  assert.deepEqual(service.spec.ports, [
    { name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' },
    { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
  ]);
  assert.deepEqual(one(production, 'PodDisruptionBudget', 'pontual-status').spec, {
    maxUnavailable: 1,
    selector: { matchLabels: selector },
  });
  const dns = {
    to: [{ namespaceSelector: {} }],
    ports: [
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ],
  };
  const anywhere = (...ports: number[]) => ({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: ports.map((port) => ({ port, protocol: 'TCP' })) });
  assert.deepEqual(one(production, 'NetworkPolicy', 'pontual-status').spec, {
    podSelector: { matchLabels: selector },
    policyTypes: ['Ingress', 'Egress'],
    // Only Prometheus' namespace reaches the metrics port, nobody the API port; out only to DNS, Redis and the API server.
    ingress: [
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-prometheus-stack' } } }],
        ports: [{ port: 'metrics', protocol: 'TCP' }],
      },
    ],
    egress: [dns, anywhere(25061), anywhere(443, 6443)],
  });
  assert.deepEqual(one(production, 'NetworkPolicy', 'pontual-jobs').spec, {
    podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'pontual', 'app.kubernetes.io/component': 'job' } },
    policyTypes: ['Ingress', 'Egress'],
    egress: [dns, anywhere(25061), anywhere(443, 80)],
  });
});

test('network policies: listed CIDRs narrow the egress, and no listed namespace admits no one', () => {
  const base = getProfile('production');
  const profile = {
    ...base,
    networkPolicy: { ...base.networkPolicy, metricsFrom: [], apiFrom: [], redis: { cidrs: ['10.110.0.0/20'], ports: [25061] } },
  };
  const policies = synth({ profile })
    .flatMap((manifest) => manifest.objects)
    .filter((object) => object.kind === 'NetworkPolicy');
  const status = policies.find((policy) => (policy.metadata as { name: string }).name === 'pontual-status') as {
    spec: { ingress: unknown[]; egress: { to: unknown[] }[] };
  };
  assert.deepEqual(status.spec.ingress, [], 'an empty `from` would admit everyone');
  assert.deepEqual(status.spec.egress[1]?.to, [{ ipBlock: { cidr: '10.110.0.0/20' } }]);
  const off = synth({ profile: { ...base, networkPolicy: { ...base.networkPolicy, enabled: false } } }).flatMap((manifest) => manifest.objects);
  assert.equal(
    off.some((object) => object.kind === 'NetworkPolicy'),
    false,
  );
});

test("the status Deployment's env is status/environment.ts, and every ConfigMap key it reads exists", () => {
  const pod = defined(defined(one(production, 'Deployment', 'pontual-status').spec, 'deployment spec').template.spec, 'pod spec');
  const rendered = (firstContainer(pod).env ?? []).map((e) => e.name);
  assert.deepEqual(
    rendered,
    STATUS_ENV_VARS.filter((spec) => spec.cluster !== 'unset').map((spec) => spec.name),
  );
  const configMap = one(production, 'ConfigMap', CONFIG_MAP_NAME) as { data?: Record<string, string> };
  for (const e of firstContainer(pod).env ?? []) {
    const key = e.valueFrom?.configMapKeyRef?.key;
    if (key !== undefined) assert.ok(key in (configMap.data ?? {}), `${e.name} reads ConfigMap key ${key}, which the ConfigMap lacks`);
  }
});

test('monitoring: ServiceMonitor on port http /metrics, the alert rules and the dashboards', () => {
  const service = one(production, 'Service', 'pontual-status');
  const monitor = one(production, 'ServiceMonitor', 'pontual-status');
  assert.equal(monitor.apiVersion, 'monitoring.coreos.com/v1');
  assert.equal(monitor.metadata?.labels?.release, 'kube-prometheus-stack');
  assert.deepEqual(monitor.spec, {
    selector: { matchLabels: service.metadata?.labels },
    namespaceSelector: { matchNames: ['pontual'] },
    endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s', honorLabels: true }],
  });

  const rule = one(production, 'PrometheusRule', 'pontual-status');
  assert.equal(rule.metadata?.labels?.release, 'kube-prometheus-stack');
  const ruleOptions = {
    runbookUrl: DEFAULT_RUNBOOK_URL,
    statusUrl: 'http://pontual-status.pontual.svc:8080',
    namespace: 'pontual',
    jobs: jobAlertSettings(CATALOG),
  };
  assert.deepEqual(rule.spec, { groups: JSON.parse(JSON.stringify(alertRuleGroups(ruleOptions))) as unknown });

  const routing = one(production, 'AlertmanagerConfig', 'pontual');
  assert.equal(routing.apiVersion, 'monitoring.coreos.com/v1alpha1');
  assert.equal(routing.metadata?.labels?.release, 'kube-prometheus-stack');
  assert.deepEqual(routing.spec, JSON.parse(JSON.stringify(alertmanagerConfigSpec(defaultAlertingSettings()))) as unknown);

  const board = one(production, 'ConfigMap', 'pontual-dashboards');
  assert.equal(board.metadata?.labels?.grafana_dashboard, '1');
  const data = defined(board.data, 'dashboards data');
  const expected = dashboards();
  assert.deepEqual(Object.keys(data).sort(), Object.keys(expected).sort());
  for (const [file, model] of Object.entries(expected)) {
    assert.deepEqual(JSON.parse(defined(data[file], file)), JSON.parse(JSON.stringify(model)));
  }
});

test('development: own namespace, CronJobs suspended, smaller resources, one status replica', () => {
  const development = objects('development');
  assert.equal(one(development, 'Namespace').metadata?.name, 'pontual-dev');
  for (const cronJob of find(development, 'CronJob')) {
    assert.equal(cronJob.spec.suspend, true);
    assert.equal(cronJob.metadata?.namespace, 'pontual-dev');
    assert.deepEqual(firstContainer(cronPod(cronJob)).resources?.requests, { cpu: '25m', memory: '64Mi' });
  }
  assert.equal(one(development, 'Deployment').spec?.replicas, 1);
  assert.equal(one(development, 'RoleBinding').subjects?.[0]?.namespace, 'pontual-dev');
});

test('test profile: pontual:test pulled only if absent, no prometheus-operator objects', () => {
  const all = objects('test');
  const container = firstContainer(defined(one(all, 'Deployment').spec?.template.spec, 'pod'));
  assert.equal(container.image, 'pontual:test');
  assert.equal(container.imagePullPolicy, 'IfNotPresent');
  assert.equal(find(all, 'ServiceMonitor').length + find(all, 'PrometheusRule').length, 0);
});

test('registry, tag, digest, namespace and pull secrets come from the overrides', () => {
  const tagged = objects('production', { registry: 'acme', tag: '2.3.4', namespace: 'ops', pullSecrets: ['registry-acme'] });
  const pod = cronPod(one(tagged, 'CronJob', 'bonus-calc'));
  assert.equal(firstContainer(pod).image, 'registry.digitalocean.com/acme/pontual:2.3.4');
  assert.deepEqual(pod.imagePullSecrets, [{ name: 'registry-acme' }]);
  assert.deepEqual(one(tagged, 'Deployment').spec?.template.spec?.imagePullSecrets, [{ name: 'registry-acme' }]);
  assert.equal(one(tagged, 'Namespace').metadata?.name, 'ops');

  const digest = `sha256:${'a'.repeat(64)}`;
  const pinned = firstContainer(defined(one(objects('production', { digest }), 'Deployment').spec?.template.spec, 'pod'));
  assert.equal(pinned.image, `registry.digitalocean.com/pontual/pontual@${digest}`);
  assert.equal(one(production, 'Deployment').spec?.template.spec?.imagePullSecrets, undefined);
});

test('each job gets only the settings and secret keys of the APIs it reads', () => {
  const env = (job: string): V1EnvVar[] => firstContainer(cronPod(one(production, 'CronJob', job))).env ?? [];
  const envNames = (job: string): string[] => env(job).map((entry) => entry.name);
  const secretKeys = (job: string): string[] => env(job).flatMap((entry) => entry.valueFrom?.secretKeyRef?.key ?? []);
  assert.deepEqual(secretKeys('bonus-calc'), ['redis-url'], 'bonus-calc needs no WMS/OMS token');
  assert.deepEqual(secretKeys('embu-sla'), ['redis-url', 'wms-api-token']);
  assert.deepEqual(secretKeys('store-status'), ['redis-url', 'oms-api-token']);
  assert.ok(!envNames('bonus-calc').some((name) => name.startsWith('WMS_') || name.startsWith('OMS_')));
  assert.ok(envNames('store-status').includes('OMS_API_URL') && !envNames('store-status').includes('WMS_API_URL'));
});
