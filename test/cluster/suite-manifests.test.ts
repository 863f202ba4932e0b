/**
 * The synthesized manifests on a real API server: accepted by `kubectl apply --server-side` in a
 * namespace that enforces the restricted Pod Security Standard, listed by `kubectl get cronjobs`
 * as operators expect, their pods admitted, and the status service's RBAC as narrow as it claims.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { CATALOG, TIME_ZONE } from '../../core/catalog.ts';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { installMonitoringCrds, kubectlOk, synthManifests, waitFor } from '../../devkit/kube.ts';
import { getJson, getMetrics, serviceAccountKubeconfig, startStatus } from './status-support.ts';

const NAMESPACE = 'pontual';
const STATUS_SA = `system:serviceaccount:${NAMESPACE}:pontual-status`;
/**
 * `kubectl auth can-i --list` for the status service, as `Resources | NonResourceURLs |
 * ResourceNames | Verbs`: its Role (list and watch on cronjobs, jobs and pods), then what Kubernetes grants every
 * authenticated user (system:basic-user, system:discovery, system:public-info-viewer).
 */
const STATUS_SA_PERMISSIONS = [
  'cronjobs.batch | [] | [] | [list watch]',
  'jobs.batch | [] | [] | [list watch]',
  'pods | [] | [] | [list watch]',
  'selfsubjectreviews.authentication.k8s.io | [] | [] | [create]',
  'selfsubjectaccessreviews.authorization.k8s.io | [] | [] | [create]',
  'selfsubjectrulesreviews.authorization.k8s.io | [] | [] | [create]',
  ' | [/.well-known/openid-configuration/] | [] | [get]',
  ' | [/.well-known/openid-configuration] | [] | [get]',
  ' | [/api/*] | [] | [get]',
  ' | [/api] | [] | [get]',
  ' | [/apis/*] | [] | [get]',
  ' | [/apis] | [] | [get]',
  ' | [/healthz] | [] | [get]',
  ' | [/healthz] | [] | [get]',
  ' | [/livez] | [] | [get]',
  ' | [/livez] | [] | [get]',
  ' | [/openapi/*] | [] | [get]',
  ' | [/openapi] | [] | [get]',
  ' | [/openid/v1/jwks/] | [] | [get]',
  ' | [/openid/v1/jwks] | [] | [get]',
  ' | [/readyz] | [] | [get]',
  ' | [/readyz] | [] | [get]',
  ' | [/version/] | [] | [get]',
  ' | [/version/] | [] | [get]',
  ' | [/version] | [] | [get]',
  ' | [/version] | [] | [get]',
].sort();

describe('manifests on a real control plane', () => {
  let plane: ControlPlane;
  let manifests: string;
  let applied: { stdout: string; stderr: string; code: number };

  before(async () => {
    plane = await startControlPlane();
    manifests = synthManifests();
    await installMonitoringCrds(plane);
    // Enforced before anything lands in it, as on a cluster where the namespace is pre-created.
    await plane.createNamespace(NAMESPACE, { podSecurity: 'restricted' });
    applied = await plane.kubectl(['apply', '--server-side', '-f', manifests]);
  });

  after(async () => {
    await plane.stop();
    rmSync(manifests, { recursive: true, force: true });
  });

  test('kubectl apply --server-side is accepted in a namespace enforcing restricted, without Pod Security warnings', async () => {
    assert.equal(applied.code, 0, applied.stderr);
    assert.doesNotMatch(applied.stderr, /violate PodSecurity/);
    for (const job of CATALOG) assert.match(applied.stdout, new RegExp(`cronjob\\.batch/${job.name} serverside-applied`));
    const labels = JSON.parse(await kubectlOk(plane, ['get', 'namespace', NAMESPACE, '-o', 'jsonpath={.metadata.labels}'])) as Record<string, string>;
    assert.equal(labels['pod-security.kubernetes.io/enforce'], 'restricted');
  });

  test('kubectl get cronjobs shows every job with its schedule, the Sao Paulo time zone and SUSPEND False', async () => {
    const table = parseTable(await kubectlOk(plane, ['get', 'cronjobs', '-n', NAMESPACE]));
    assert.deepEqual(table.map((row) => row.NAME).sort(), CATALOG.map((job) => job.name).sort());
    for (const job of CATALOG) {
      const row = table.find((candidate) => candidate.NAME === job.name);
      assert.equal(row?.SCHEDULE, job.schedule, job.name);
      assert.equal(row.TIMEZONE, TIME_ZONE, job.name);
      assert.equal(row.SUSPEND, 'False', job.name);
    }
  });

  test("the job controller creates every job's pods under restricted (no FailedCreate)", async () => {
    for (const job of CATALOG) await kubectlOk(plane, ['create', 'job', `admitted-${job.name}`, `--from=cronjob/${job.name}`, '-n', NAMESPACE]);
    for (const job of CATALOG) {
      const name = `admitted-${job.name}`;
      const seen = await waitFor(
        async () => {
          const pods = await kubectlOk(plane, ['get', 'pods', '-n', NAMESPACE, '-l', `batch.kubernetes.io/job-name=${name}`, '-o', 'name']);
          const refused = await failedCreateEvents(plane, name);
          return pods.trim() !== '' || refused.length > 0 ? { pods: pods.trim(), refused } : undefined;
        },
        { timeoutMs: 30_000, what: `a pod or a FailedCreate event for Job ${name}` },
      );
      assert.deepEqual(seen.refused, [], `pods of ${name} were refused`);
      assert.match(seen.pods, new RegExp(`^pod/${name}-`));
    }
  });

  test("the status service's pod template is admitted under restricted", async () => {
    const template = JSON.parse(await kubectlOk(plane, ['get', 'deployment', 'pontual-status', '-n', NAMESPACE, '-o', 'jsonpath={.spec.template}'])) as {
      metadata: Record<string, unknown>;
      spec: Record<string, unknown>;
    };
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { ...template.metadata, name: 'status-admission-probe', namespace: NAMESPACE },
      spec: template.spec,
    };
    const created = await plane.kubectl(['create', '--dry-run=server', '-f', '-'], { input: JSON.stringify(pod) });
    assert.equal(created.code, 0, created.stderr);
    assert.doesNotMatch(created.stderr, /violate PodSecurity/);
  });

  test('a pod that breaks restricted is refused in that namespace (the enforcement is real)', async () => {
    const privileged = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'root-probe', namespace: NAMESPACE },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    const created = await plane.kubectl(['create', '--dry-run=server', '-f', '-'], { input: JSON.stringify(privileged) });
    assert.notEqual(created.code, 0);
    assert.match(created.stderr, /violates PodSecurity "restricted:latest"/);
  });

  test("the status service's ServiceAccount can list and watch cronjobs, jobs and pods", async () => {
    for (const [verb, resource] of [
      ['list', 'jobs.batch'],
      ['watch', 'jobs.batch'],
      ['list', 'cronjobs.batch'],
      ['watch', 'cronjobs.batch'],
      ['list', 'pods'],
      ['watch', 'pods'],
    ]) {
      assert.equal(await canI(plane, verb ?? '', resource ?? ''), 'yes', `${verb} ${resource}`);
    }
  });

  test("kubectl auth can-i --list for the status service's ServiceAccount equals the declared list", async () => {
    const table = parseFixedColumns(await kubectlOk(plane, ['auth', 'can-i', '--list', `--as=${STATUS_SA}`, '-n', NAMESPACE]));
    const granted = table.map((row) => [row.Resources, row['Non-Resource URLs'], row['Resource Names'], row.Verbs].join(' | ')).sort();
    assert.deepEqual(granted, STATUS_SA_PERMISSIONS, granted.join('\n'));
  });

  test('the status service runs with nothing but its Role: it lists, watches and sees every CronJob', async () => {
    const service = await startStatus(await serviceAccountKubeconfig(plane, NAMESPACE, 'pontual-status'), NAMESPACE);
    try {
      await waitFor(async () => (await fetch(`${service.url}/readyz`)).status === 200, { timeoutMs: 30_000, what: '/readyz with only the Role' });
      const api = (await getJson(service, '/api/cronjobs')).body as { cronJobs: { name: string }[] };
      assert.deepEqual(api.cronJobs.map((cronJob) => cronJob.name).sort(), CATALOG.map((job) => job.name).sort());
      const metrics = await getMetrics(service);
      assert.equal(metrics.value('pontual_status_cronjobs_watched', { namespace: NAMESPACE }), CATALOG.length);
      assert.equal(metrics.value('pontual_watch_restarts_total', { resource: 'pods' }), 0, 'no watch failed (a 403 would restart it)');
    } finally {
      await service.stop();
    }
  });

  test("the status service's ServiceAccount cannot read secrets, events or single objects, nor change jobs", async () => {
    for (const [verb, resource] of [
      ['get', 'secrets'],
      ['list', 'secrets'],
      ['list', 'events'],
      ['get', 'pods'],
      ['get', 'jobs.batch'],
      ['create', 'jobs.batch'],
      ['delete', 'jobs.batch'],
      ['patch', 'cronjobs.batch'],
    ]) {
      assert.equal(await canI(plane, verb ?? '', resource ?? ''), 'no', `${verb} ${resource}`);
    }
  });
});

async function canI(plane: ControlPlane, verb: string, resource: string): Promise<string> {
  const answer = await plane.kubectl(['auth', 'can-i', verb, resource, `--as=${STATUS_SA}`, '-n', NAMESPACE]);
  return answer.stdout.trim();
}

async function failedCreateEvents(plane: ControlPlane, jobName: string): Promise<string[]> {
  const out = await kubectlOk(plane, [
    'get',
    'events',
    '-n',
    NAMESPACE,
    '--field-selector',
    `reason=FailedCreate,involvedObject.name=${jobName}`,
    '-o',
    'json',
  ]);
  return (JSON.parse(out) as { items: { message?: string }[] }).items.map((event) => event.message ?? '');
}

/** A kubectl table by the header's column positions: cells may be empty (`kubectl auth can-i --list`). */
function parseFixedColumns(output: string): Record<string, string>[] {
  const [header = '', ...rows] = output.trimEnd().split('\n');
  const starts = [...header.matchAll(/\S+(?: \S+)*/gu)].map((match) => ({ name: match[0], at: match.index }));
  return rows.map((row) => Object.fromEntries(starts.map((column, index) => [column.name, row.slice(column.at, starts[index + 1]?.at ?? row.length).trim()])));
}

/** `kubectl get` columns are separated by runs of 2+ spaces; values never contain them here. */
function parseTable(output: string): Record<string, string>[] {
  const [header = '', ...rows] = output.trim().split('\n');
  const columns = header.trim().split(/\s{2,}/);
  return rows.map((row) =>
    Object.fromEntries(
      row
        .trim()
        .split(/\s{2,}/)
        .map((value, index) => [columns[index] ?? `${index}`, value]),
    ),
  );
}
