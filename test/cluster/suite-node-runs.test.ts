/**
 * The end-to-end suite on a real node: the image `scripts/build-image.sh` builds, imported into
 * the node's containerd, runs as the `test` profile's CronJobs and Jobs (synthesized by the cdk8s
 * app, applied with `kubectl apply -f`) in a namespace enforcing the restricted Pod Security level,
 * against real Redis and the fixture sources listening on the node's bridge gateway. Nothing here
 * writes pod status: kubelet, containerd and runc report what the container really did.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { MANUAL_INSTANTIATE_ANNOTATION, SCHEDULED_TIMESTAMP_ANNOTATION } from '../../core/labels.ts';
import { DEFAULT_KEY_PREFIX, fromStreamFields, ledgerKey, lockKey, type LedgerEntry } from '../../core/run-ledger.ts';
import { nextFire, parseSchedule } from '../../core/schedule/cron-schedule.ts';
import { CATALOG, findJob, TIME_ZONE } from '../../core/catalog.ts';
import { SECRET_NAME } from '../../core/environment.ts';
import { getProfile, imageReference } from '../../infra/profiles.ts';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { runPlugin } from './cli-harness.ts';
import { getJson, getMetrics, startStatus, type HealthBody } from './status-support.ts';
import type { StatusService } from '../../status/status-service.ts';
import { startPrometheus } from '../../devkit/prometheus.ts';
import { startTcpProxy } from '../../devkit/tcp-proxy.ts';
import { STATUS_NAME, STATUS_PORT, statusLabels } from '../../infra/charts/status-chart.ts';
import { FIXTURE_AS_OF, startFixtureApi, type FixtureApi } from '../../devkit/fixture-api.ts';
import { jobsOfCronJob, kubeClients, kubectlOk, synthManifests, waitFor, waitForJobEnd, type KubeClients } from '../../devkit/kube.ts';
import { importProjectImage } from '../../devkit/node-image.ts';
import { startRedis, type RedisServer } from '../../devkit/redis.ts';

const PROFILE = getProfile('test');
const NAMESPACE = PROFILE.namespace;

interface PodView {
  readonly name: string;
  readonly phase: string;
  readonly exitCode: number | undefined;
  readonly reason: string | undefined;
  readonly conditions: readonly string[];
}

describe('the end-to-end suite on a real node', { concurrency: false }, () => {
  let plane: ControlPlane;
  let clients: KubeClients;
  let redis: RedisServer;
  let fixtures: FixtureApi;
  let client: Redis;
  let manifests = '';

  before(async () => {
    plane = await startControlPlane({ node: true });
    const node = plane.node;
    assert.ok(node !== undefined);
    clients = kubeClients(plane.kubeconfigPath);
    // Pods have their own loopback: sources and Redis listen on the bridge gateway.
    [redis, fixtures] = await Promise.all([
      startRedis({ host: node.gateway }),
      startFixtureApi({ host: node.gateway }),
      importProjectImage(node, imageReference(PROFILE.image)),
    ]);
    client = new Redis(redis.url);
    manifests = synthManifests({
      profile: 'test',
      config: { WMS_API_URL: fixtures.wmsUrl, OMS_API_URL: fixtures.omsUrl, JOB_AS_OF: FIXTURE_AS_OF },
    });
    await plane.createNamespace(NAMESPACE, { podSecurity: 'restricted' });
    await kubectlOk(plane, [
      'create',
      'secret',
      'generic',
      SECRET_NAME,
      '-n',
      NAMESPACE,
      `--from-literal=redis-url=${redis.url}`,
      `--from-literal=wms-api-token=${fixtures.env.WMS_API_TOKEN ?? ''}`,
      `--from-literal=oms-api-token=${fixtures.env.OMS_API_TOKEN ?? ''}`,
    ]);
    await kubectlOk(plane, ['apply', '-f', manifests]);
  });

  after(async () => {
    client.disconnect();
    await Promise.all([plane.stop(), redis.stop(), fixtures.close()]);
    rmSync(manifests, { recursive: true, force: true });
  });

  const podsOf = async (job: string): Promise<PodView[]> => {
    const list = await clients.core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: `batch.kubernetes.io/job-name=${job}` });
    return list.items.map((pod) => {
      const terminated = pod.status?.containerStatuses?.[0]?.state?.terminated;
      return {
        name: pod.metadata?.name ?? '',
        phase: pod.status?.phase ?? '',
        exitCode: terminated?.exitCode,
        reason: terminated?.reason,
        conditions: (pod.status?.conditions ?? []).filter((condition) => condition.status === 'True').map((condition) => condition.type),
      };
    });
  };
  const ledger = async (job: string): Promise<LedgerEntry[]> =>
    (await client.xrange(ledgerKey(DEFAULT_KEY_PREFIX, job), '-', '+')).map(([, fields]) => fromStreamFields(fields)).filter((entry) => entry !== undefined);
  /** A run made like `kubectl create job --from=cronjob/<cronJob>`, changed by `edit` before it is created. */
  const runFrom = async (cronJob: string, name: string, edit: (job: JobJson) => void = () => undefined): Promise<void> => {
    const job = JSON.parse(
      await kubectlOk(plane, ['create', 'job', name, `--from=cronjob/${cronJob}`, '-n', NAMESPACE, '--dry-run=client', '-o', 'json']),
    ) as JobJson;
    edit(job);
    await kubectlOk(plane, ['create', '-f', '-'], JSON.stringify(job));
  };

  test('the namespace enforces restricted: a pod that is not compliant is refused', async () => {
    const labels = JSON.parse(await kubectlOk(plane, ['get', 'namespace', NAMESPACE, '-o', 'jsonpath={.metadata.labels}'])) as Record<string, string>;
    assert.equal(labels['pod-security.kubernetes.io/enforce'], 'restricted');
    const privileged = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'not-restricted', namespace: NAMESPACE },
      // Baseline-compliant, but root, with privilege escalation, all capabilities and no seccomp profile.
      spec: { containers: [{ name: 'main', image: imageReference(PROFILE.image) }] },
    });
    const refused = await plane.kubectl(['create', '-f', '-'], { input: privileged });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /violates PodSecurity "restricted:latest"/);
  });

  test('every CronJob fires at the time the schedule module predicts and its run completes, writing its ledger entry', { timeout: 240_000 }, async () => {
    // A daily schedule at the next minute (at least 20 s away), in São Paulo wall-clock time.
    const due = new Date(Math.ceil((Date.now() + 20_000) / 60_000) * 60_000);
    const { hour, minute } = wallClock(due, TIME_ZONE);
    const schedule = `${minute} ${hour} * * *`;
    const predicted = nextFire(parseSchedule(schedule), new Date(), TIME_ZONE);
    assert.equal(predicted?.getTime(), due.getTime(), 'the schedule module agrees with the wall-clock arithmetic');
    for (const job of CATALOG) {
      await kubectlOk(plane, ['patch', 'cronjob', job.name, '-n', NAMESPACE, '--type=merge', '-p', JSON.stringify({ spec: { schedule } })]);
    }
    await Promise.all(
      CATALOG.map(async (spec) => {
        const job = await waitFor(
          async () =>
            (await jobsOfCronJob(clients.batch, NAMESPACE, spec.name)).find(
              (candidate) => candidate.metadata?.annotations?.[SCHEDULED_TIMESTAMP_ANNOTATION] !== undefined,
            ),
          {
            timeoutMs: due.getTime() - Date.now() + 60_000,
            intervalMs: 250,
            what: `the scheduled Job of ${spec.name}`,
          },
        );
        const name = job.metadata?.name ?? '';
        assert.equal(
          Date.parse(job.metadata?.annotations?.[SCHEDULED_TIMESTAMP_ANNOTATION] ?? ''),
          predicted.getTime(),
          `${spec.name} fired at the predicted time`,
        );
        const end = await waitForJobEnd(clients.batch, NAMESPACE, name, 120_000);
        assert.equal(end.type, 'Complete', `${spec.name}: ${JSON.stringify(await podsOf(name))}`);
        assert.deepEqual(
          (await podsOf(name)).map((pod) => [pod.phase, pod.exitCode]),
          [['Succeeded', 0]],
        );
        const entries = (await ledger(spec.name)).filter((entry) => entry.kubeJob === name);
        assert.deepEqual(
          entries.map((entry) => entry.outcome),
          ['succeeded'],
          `${spec.name} recorded its run`,
        );
      }),
    );
  });

  test('exit code 2 (bad config) fails the Job at once through the podFailurePolicy, without a retry', { timeout: 120_000 }, async () => {
    await runFrom('embu-sla', 'embu-sla-bad-config', (job) => {
      setEnv(job, 'HTTP_TIMEOUT_MS', 'soon');
    });
    const end = await waitForJobEnd(clients.batch, NAMESPACE, 'embu-sla-bad-config', 90_000);
    assert.equal(end.type, 'Failed');
    assert.equal(end.reason, 'PodFailurePolicy');
    assert.deepEqual(
      (await podsOf('embu-sla-bad-config')).map((pod) => [pod.phase, pod.exitCode]),
      [['Failed', 2]],
    );
  });

  test('exit code 1 (sources down) is retried up to backoffLimit, then BackoffLimitExceeded', { timeout: 240_000 }, async () => {
    const backoffLimit = findJob('extrema-sla')?.backoffLimit ?? 0;
    assert.ok(backoffLimit >= 1);
    await runFrom('extrema-sla', 'extrema-sla-sources-down', (job) => {
      // Nothing listens on port 1 of the gateway: every request is refused, and no retries inside the run.
      setEnv(job, 'WMS_API_URL', `http://${plane.node?.gateway ?? ''}:1/wms`);
      setEnv(job, 'HTTP_RETRIES', '0');
    });
    const end = await waitForJobEnd(clients.batch, NAMESPACE, 'extrema-sla-sources-down', 200_000);
    assert.equal(end.type, 'Failed');
    assert.equal(end.reason, 'BackoffLimitExceeded');
    const pods = await podsOf('extrema-sla-sources-down');
    assert.equal(pods.length, backoffLimit + 1);
    assert.ok(
      pods.every((pod) => pod.phase === 'Failed' && pod.exitCode === 1),
      JSON.stringify(pods),
    );
  });

  test(
    'a run past activeDeadlineSeconds gets SIGTERM, records the run as terminated and the Job fails with DeadlineExceeded',
    { timeout: 120_000 },
    async () => {
      fixtures.setDelay('wms', 60_000);
      try {
        const exitCodes = watchExitCodes(clients, 'embu-sla-stuck');
        await runFrom('embu-sla', 'embu-sla-stuck', (job) => {
          job.spec.activeDeadlineSeconds = 8;
        });
        const end = await waitForJobEnd(clients.batch, NAMESPACE, 'embu-sla-stuck', 60_000);
        assert.equal(end.type, 'Failed');
        assert.equal(end.reason, 'DeadlineExceeded');
        await waitFor(() => exitCodes.seen.length > 0, { timeoutMs: 30_000, what: 'the stuck pod to report its exit code' });
        assert.deepEqual(exitCodes.seen, [143], 'SIGTERM: 128 + 15');
        exitCodes.stop();
        const entries = (await ledger('embu-sla')).filter((entry) => entry.kubeJob === 'embu-sla-stuck');
        assert.deepEqual(
          entries.map((entry) => [entry.outcome, entry.exitCode]),
          [['terminated', 143]],
        );
      } finally {
        fixtures.setDelay('wms', 0);
      }
    },
  );

  test('a run over its memory limit is OOMKilled with exit code 137, and `kubectl pontual history` and `why` say OOMKilled', { timeout: 120_000 }, async () => {
    await runFrom('store-status', 'store-status-oom', (job) => {
      const container = job.spec.template.spec.containers[0];
      assert.ok(container !== undefined);
      container.resources = { requests: { memory: '16Mi', cpu: '25m' }, limits: { memory: '24Mi', cpu: '200m' } };
      job.spec.backoffLimit = 0;
    });
    const end = await waitForJobEnd(clients.batch, NAMESPACE, 'store-status-oom', 90_000);
    assert.equal(end.type, 'Failed');
    assert.deepEqual(
      (await podsOf('store-status-oom')).map((pod) => [pod.exitCode, pod.reason]),
      [[137, 'OOMKilled']],
    );
    // The CLI says so, from the same run model the status service uses.
    const history = await runPlugin(['history', 'store-status', '-n', NAMESPACE, '-o', 'json'], plane.env);
    assert.equal(history.code, 0, history.stderr);
    const row = (JSON.parse(history.stdout) as { run: string; reason: string; exitCode?: number }[]).find((candidate) => candidate.run === 'store-status-oom');
    assert.deepEqual([row?.reason, row?.exitCode], ['OOMKilled', 137]);
    const why = await runPlugin(['why', 'store-status', '-n', NAMESPACE], plane.env);
    assert.match(why.stdout, /OOMKilled: it went over its memory limit/, why.stdout + why.stderr);
  });

  test('Forbid skips the next schedule time while a run is active; `kubectl pontual run` meanwhile is skipped by the lock', { timeout: 360_000 }, async () => {
    const cronJob = 'embu-sla';
    // Two schedule times a minute apart, then none until tomorrow: the second is the one Forbid
    // skips, and no third one can be skipped (missed 2) or run while the test looks.
    let first = new Date(Math.ceil((Date.now() + 20_000) / 60_000) * 60_000);
    if (wallClock(first, TIME_ZONE).minute === 59) first = new Date(first.getTime() + 60_000);
    const { hour, minute } = wallClock(first, TIME_ZONE);
    const schedule = `${minute},${minute + 1} ${hour} * * *`;
    // The WMS outlasts the longest request timeout: the run stays active (retrying) through every
    // assertion below, however slowly a loaded machine gets there; the cleanup ends it.
    fixtures.setDelay('wms', 600_000);
    const template = { name: 'job', env: [{ name: 'HTTP_TIMEOUT_MS', value: '120000', valueFrom: null }] };
    await kubectlOk(plane, [
      'patch',
      'cronjob',
      cronJob,
      '-n',
      NAMESPACE,
      '-p',
      // A short starting deadline makes the skipped time final within the run; infra's 300 s works the same way.
      JSON.stringify({
        spec: { schedule, startingDeadlineSeconds: 20, jobTemplate: { spec: { template: { spec: { containers: [template] } } } } },
      }),
    ]);
    const services: StatusService[] = [];
    try {
      const known = new Set((await jobsOfCronJob(clients.batch, NAMESPACE, cronJob)).map((job) => job.metadata?.name));
      const scheduled = await waitFor(async () => (await jobsOfCronJob(clients.batch, NAMESPACE, cronJob)).find((job) => !known.has(job.metadata?.name)), {
        timeoutMs: first.getTime() - Date.now() + 60_000,
        intervalMs: 250,
        what: `the next scheduled Job of ${cronJob}`,
      });
      const scheduledName = scheduled.metadata?.name ?? '';
      // The status service, watching from here on, judges the schedule time Forbid skips.
      const watching = await startStatus(plane.kubeconfigPath, NAMESPACE, redis.url);
      services.push(watching);
      await waitFor(async () => (await client.exists(lockKey(DEFAULT_KEY_PREFIX, cronJob))) === 1, {
        timeoutMs: 60_000,
        what: 'the scheduled run to take the lock',
      });

      const manual = await runPlugin(['run', cronJob, '-n', NAMESPACE, '--wait'], plane.env);
      assert.equal(manual.code, 0, manual.stderr);
      const manualName =
        (await jobsOfCronJob(clients.batch, NAMESPACE, cronJob)).find((job) => !known.has(job.metadata?.name) && job.metadata?.name !== scheduledName)?.metadata
          ?.name ?? '';
      assert.notEqual(manualName, '');
      const manualJob = await clients.batch.readNamespacedJob({ name: manualName, namespace: NAMESPACE });
      assert.equal(manualJob.metadata?.annotations?.[MANUAL_INSTANTIATE_ANNOTATION], 'manual');
      assert.deepEqual(
        (await ledger(cronJob)).filter((entry) => entry.kubeJob === manualName).map((entry) => entry.outcome),
        ['skipped'],
      );

      // The controller says so when it skips a due time because of Forbid.
      await waitFor(
        async () => {
          const events = await clients.core.listNamespacedEvent({
            namespace: NAMESPACE,
            fieldSelector: `involvedObject.name=${cronJob},reason=JobAlreadyActive`,
          });
          return events.items.length > 0;
        },
        { timeoutMs: 90_000, intervalMs: 500, what: `the JobAlreadyActive event on ${cronJob}` },
      );
      const created = (await jobsOfCronJob(clients.batch, NAMESPACE, cronJob)).map((job) => job.metadata?.name).filter((name) => !known.has(name));
      assert.deepEqual(created.sort(), [manualName, scheduledName].sort(), 'no Job for the skipped schedule time');

      // What docs/status.md says: the skipped time is late while the run blocks it, then missed once
      // its starting deadline passes; the manual run counts as skipped, not as a success.
      const labels = { namespace: NAMESPACE, cronjob: cronJob };
      await waitFor(async () => (await getMetrics(watching)).value('pontual_cronjob_missed_runs_total', labels) === 1, {
        timeoutMs: 60_000,
        intervalMs: 500,
        what: 'the skipped schedule time counted as missed',
      });
      const metrics = await getMetrics(watching);
      assert.equal(metrics.value('pontual_cronjob_late', labels), 1, 'late while its most recent due time has no Job');
      assert.equal(metrics.value('pontual_cronjob_runs_total', { ...labels, outcome: 'skipped', reason: 'Skipped' }), 1);
      // The earlier tests' embu-sla runs are in the cluster and the ledger, and the service counts
      // them too (a succeeded total of 0 held only when this test ran alone): these two are judged by name.
      const { runs } = (await getJson(watching, `/api/cronjobs/${cronJob}/runs`)).body as { runs: { job?: string; outcome?: string }[] };
      assert.deepEqual(
        runs.filter((run) => run.job === manualName).map((run) => run.outcome),
        ['skipped'],
        JSON.stringify(runs),
      );
      assert.deepEqual(
        runs.filter((run) => run.job === scheduledName).map((run) => run.outcome),
        ['running'],
        `the scheduled run is still going: ${JSON.stringify(runs)}`,
      );
      assert.equal(
        metrics.value('pontual_cronjob_runs_total', { ...labels, outcome: 'succeeded', reason: '' }) ?? 0,
        runs.filter((run) => run.outcome === 'succeeded').length,
        `only earlier runs have succeeded: ${JSON.stringify(runs)}`,
      );
      const health = ((await getJson(watching, '/health')).body as HealthBody).jobs.find((job) => job.name === cronJob);
      assert.ok(health !== undefined);
      assert.equal(health.missed_runs, 1);
      assert.equal(health.late, true);
    } finally {
      for (const service of services) await service.stop();
      await kubectlOk(plane, ['patch', 'cronjob', cronJob, '-n', NAMESPACE, '--type=merge', '-p', JSON.stringify({ spec: { suspend: true } })]);
      fixtures.setDelay('wms', 0);
      // The active run would hold the lock for minutes more: its deletion SIGTERMs it, and it releases the lock.
      for (const job of await jobsOfCronJob(clients.batch, NAMESPACE, cronJob)) {
        if (job.status?.active) await kubectlOk(plane, ['delete', 'job', job.metadata?.name ?? '', '-n', NAMESPACE, '--wait=true', '--timeout=60s']);
      }
      await waitFor(async () => (await client.exists(lockKey(DEFAULT_KEY_PREFIX, cronJob))) === 0, { timeoutMs: 60_000, what: 'the lock to be released' });
    }
  });

  test(
    'a drain evicts a running pod with DisruptionTarget: Ignore, so the run is retried after uncordon without using backoffLimit',
    { timeout: 180_000 },
    async () => {
      const node = plane.node?.name ?? '';
      fixtures.setDelay('wms', 20_000);
      try {
        await runFrom('embu-sla', 'embu-sla-drained');
        await waitFor(async () => (await podsOf('embu-sla-drained')).some((pod) => pod.phase === 'Running'), { timeoutMs: 60_000, what: 'the run to start' });
        const [evicted] = await podsOf('embu-sla-drained');
        assert.ok(evicted !== undefined);
        // Watched, not polled: the pod may be gone between two looks, and its being gone proves nothing.
        const disruption = watchPodCondition(plane, evicted.name, 'DisruptionTarget');
        await kubectlOk(plane, [
          'drain',
          node,
          '--ignore-daemonsets',
          '--delete-emptydir-data',
          '--timeout=60s',
          `--pod-selector=batch.kubernetes.io/job-name=embu-sla-drained`,
        ]);
        try {
          await waitFor(() => disruption.seen(), { timeoutMs: 30_000, intervalMs: 100, what: 'the DisruptionTarget condition on the evicted pod' });
        } finally {
          disruption.stop();
        }
        fixtures.setDelay('wms', 0);
        await kubectlOk(plane, ['uncordon', node]);
        const end = await waitForJobEnd(clients.batch, NAMESPACE, 'embu-sla-drained', 120_000);
        assert.equal(end.type, 'Complete');
        assert.equal(end.job.status?.failed ?? 0, 0, 'an ignored disruption does not count against backoffLimit');
        assert.equal(end.job.status?.succeeded, 1);
        const outcomes = (await ledger('embu-sla')).filter((entry) => entry.kubeJob === 'embu-sla-drained').map((entry) => entry.outcome);
        // The evicted run was SIGTERMed: it recorded `terminated` (or, evicted before it reached Redis,
        // nothing) and released the lock; the retry took the lock and did the work.
        assert.deepEqual(
          outcomes.slice(0, -1).filter((outcome) => outcome !== 'terminated'),
          [],
          JSON.stringify(outcomes),
        );
        assert.equal(outcomes.at(-1), 'succeeded', JSON.stringify(outcomes));
      } finally {
        fixtures.setDelay('wms', 0);
        await plane.kubectl(['uncordon', node]);
      }
    },
  );

  test(
    'the status service runs as the Deployment from dist/: Ready through its probes, serving at the pod address; a deleted pod is replaced while the other serves',
    { timeout: 240_000 },
    async () => {
      const node = plane.node;
      assert.ok(node !== undefined);
      // No kube-proxy on the node: the Service IP of the API server does not route. The pods reach
      // it through a proxy on the gateway, under the name its serving cert holds.
      const proxy = await startTcpProxy(node.gateway, Number(new URL(plane.server).port));
      try {
        const patch = {
          spec: {
            replicas: 2,
            template: {
              spec: {
                hostAliases: [{ ip: node.gateway, hostnames: ['kubernetes.default.svc'] }],
                containers: [
                  {
                    name: 'status',
                    env: [
                      { name: 'KUBERNETES_SERVICE_HOST', value: 'kubernetes.default.svc' },
                      { name: 'KUBERNETES_SERVICE_PORT', value: String(proxy.port) },
                    ],
                  },
                ],
              },
            },
          },
        };
        await kubectlOk(plane, ['patch', 'deployment', STATUS_NAME, '-n', NAMESPACE, '-p', JSON.stringify(patch)]);
        await kubectlOk(plane, ['rollout', 'status', `deployment/${STATUS_NAME}`, '-n', NAMESPACE, '--timeout=150s']);
        const ready = async (): Promise<{ name: string; ip: string }[]> => {
          const pods = await clients.core.listNamespacedPod({
            namespace: NAMESPACE,
            labelSelector: Object.entries(statusLabels())
              .map(([key, value]) => `${key}=${value}`)
              .join(','),
          });
          return pods.items
            .filter(
              (pod) =>
                pod.metadata?.deletionTimestamp === undefined &&
                pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True'),
            )
            .map((pod) => ({ name: pod.metadata?.name ?? '', ip: pod.status?.podIP ?? '' }));
        };
        const pods = await ready();
        assert.equal(pods.length, 2);

        // Every outcome of this suite, as the service reports it: /api and /metrics at the pod address.
        const [first, second] = pods;
        assert.ok(first !== undefined && second !== undefined);
        const runs = await waitFor(
          async () => {
            const response = await fetch(`http://${first.ip}:${STATUS_PORT}/api/cronjobs/store-status/runs`);
            const body = (await response.json()) as { runs: { job?: string; exitCode?: number; outcome?: string; reason?: string }[] };
            return body.runs.some((run) => run.job === 'store-status-oom') ? body.runs : undefined;
          },
          { timeoutMs: 60_000, intervalMs: 500, what: 'the OOMKilled run in /api' },
        );
        const oom = runs.find((run) => run.job === 'store-status-oom');
        assert.deepEqual([oom?.outcome, oom?.reason, oom?.exitCode], ['failed', 'OOMKilled', 137], JSON.stringify(runs));
        // embu-sla's runs: the deadline's, Forbid's manual run the lock skipped, and the drained run's retry.
        const embu = (
          (await (await fetch(`http://${first.ip}:${STATUS_PORT}/api/cronjobs/embu-sla/runs`)).json()) as {
            runs: { job?: string; manual?: boolean; outcome?: string; reason?: string }[];
          }
        ).runs;
        const byJob = (name: string): [string | undefined, string | undefined] => {
          const run = embu.find((candidate) => candidate.job === name);
          return [run?.outcome, run?.reason];
        };
        assert.deepEqual(byJob('embu-sla-stuck'), ['failed', 'DeadlineExceeded'], JSON.stringify(embu));
        assert.deepEqual(byJob('embu-sla-bad-config'), ['failed', 'PodFailurePolicy'], JSON.stringify(embu));
        assert.deepEqual(byJob('embu-sla-drained'), ['succeeded', ''], JSON.stringify(embu));
        assert.ok(
          embu.some((run) => run.manual === true && run.outcome === 'skipped'),
          `the manual run the lock skipped: ${JSON.stringify(embu)}`,
        );
        const metrics = await (await fetch(`http://${first.ip}:${STATUS_PORT}/metrics`)).text();
        for (const reason of ['PodFailurePolicy', 'BackoffLimitExceeded', 'DeadlineExceeded', 'OOMKilled']) {
          assert.match(metrics, new RegExp(`pontual_cronjob_runs_total\\{[^}]*outcome="failed",reason="${reason}"\\} [1-9]`), reason);
        }
        assert.match(metrics, /pontual_cronjob_runs_total\{[^}]*cronjob="store-status",outcome="succeeded",reason=""\} [1-9]/);
        assert.match(metrics, /pontual_cronjob_runs_total\{[^}]*cronjob="embu-sla",outcome="skipped",reason="Skipped"\} [1-9]/);

        // A real Prometheus scrapes both replicas at their pod addresses, as the ServiceMonitor's endpoints would.
        const prometheus = await startPrometheus({
          scrapeConfigs: [{ job_name: STATUS_NAME, static_configs: [{ targets: pods.map((pod) => `${pod.ip}:${STATUS_PORT}`) }] }],
        });
        try {
          const scraped = await waitFor(
            async () => {
              const up = await prometheus.query('up');
              const result = await prometheus.query('sum by (reason) (pontual_cronjob_runs_total{outcome="failed"})');
              return up.length === 2 && up.every((sample) => sample.value[1] === '1') && result.length >= 4 ? result : undefined;
            },
            { timeoutMs: 30_000, intervalMs: 500, what: 'Prometheus to scrape both status pods' },
          );
          const reasons = scraped.map((sample) => sample.metric.reason).sort();
          for (const reason of ['BackoffLimitExceeded', 'DeadlineExceeded', 'OOMKilled', 'PodFailurePolicy'])
            assert.ok(reasons.includes(reason), `${reason} in ${JSON.stringify(reasons)}`);
        } finally {
          await prometheus.stop();
        }

        await kubectlOk(plane, ['delete', 'pod', first.name, '-n', NAMESPACE, '--wait=false']);
        assert.equal((await fetch(`http://${second.ip}:${STATUS_PORT}/readyz`)).status, 200, 'the other replica keeps serving');
        await waitFor(
          async () => {
            const now = await ready();
            return now.length === 2 && !now.some((pod) => pod.name === first.name);
          },
          { timeoutMs: 120_000, intervalMs: 500, what: 'the Deployment to replace the deleted pod' },
        );
      } finally {
        await proxy.close();
      }
    },
  );
});

interface JobJson {
  spec: {
    activeDeadlineSeconds?: number;
    backoffLimit?: number;
    template: { spec: { containers: { env?: { name: string; value?: string; valueFrom?: unknown }[]; resources?: unknown }[] } };
  };
}

/** Replaces a container env entry (a ConfigMap reference in the template) with a literal value. */
function setEnv(job: JobJson, name: string, value: string): void {
  const container = job.spec.template.spec.containers[0];
  assert.ok(container !== undefined);
  container.env = [...(container.env ?? []).filter((entry) => entry.name !== name), { name, value }];
}

/**
 * The exit codes the Job's pods report, seen by polling fast: the job controller deletes a pod
 * soon after its container terminates at the deadline, so a slow look could miss it.
 */
function watchExitCodes(clients: KubeClients, job: string): { readonly seen: number[]; stop(): void } {
  const seen: number[] = [];
  const reported = new Set<string>();
  let running = true;
  const poll = async (): Promise<void> => {
    while (running) {
      const list = await clients.core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: `batch.kubernetes.io/job-name=${job}` });
      for (const pod of list.items) {
        const code = pod.status?.containerStatuses?.[0]?.state?.terminated?.exitCode;
        const name = pod.metadata?.name ?? '';
        if (code !== undefined && !reported.has(name)) {
          reported.add(name);
          seen.push(code);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  void poll().catch(() => undefined);
  return {
    seen,
    stop() {
      running = false;
    },
  };
}

/**
 * Whether `pod` ever had `condition` True, from `kubectl get -w`: every change to the pod, also
 * the last one before it is deleted.
 */
function watchPodCondition(plane: ControlPlane, pod: string, condition: string): { seen(): boolean; stop(): void } {
  const jsonPath = `{.status.conditions[?(@.type=="${condition}")].status}{"\\n"}`;
  const child = spawn('kubectl', ['get', 'pod', pod, '-n', NAMESPACE, '-w', '--output-watch-events=false', '-o', `jsonpath=${jsonPath}`], {
    env: plane.env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return {
    seen: () => output.split('\n').includes('True'),
    stop: () => child.kill(),
  };
}

function wallClock(instant: Date, timeZone: string): { hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(instant);
  const part = (type: string): number => Number(parts.find((candidate) => candidate.type === type)?.value);
  return { hour: part('hour'), minute: part('minute') };
}
