/**
 * Scheduling with the real CronJob controller, in order on one CronJob (each step needs the run
 * the previous one started, and each waits for a real due time):
 * 1. a Job is created at the due time computed in America/Sao_Paulo;
 * 2. Forbid: while that run is active, the next due time starts nothing;
 * 3. a manual run during the scheduled one: both run the real job code against real Redis and the
 *    fixture APIs, and the Redis lock lets exactly one do the work; the other records `skipped`.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { SCHEDULED_TIMESTAMP_ANNOTATION } from '../../core/labels.ts';
import { DEFAULT_KEY_PREFIX, fromStreamFields, ledgerKey, lockKey } from '../../core/run-ledger.ts';
import { TIME_ZONE } from '../../core/catalog.ts';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { startFixtureApi, type FixtureApi } from '../../devkit/fixture-api.ts';
import { installMonitoringCrds, jobsOfCronJob, kubeClients, kubectlOk, synthManifests, waitFor, waitForJobEnd, type KubeClients } from '../../devkit/kube.ts';
import { runPodsLocally, startPods } from '../../devkit/kubelet.ts';
import { startRedis, type RedisServer } from '../../devkit/redis.ts';
import { pointSuiteAt } from '../../devkit/suite-secrets.ts';

const NAMESPACE = 'pontual';
// The SLA job: its 300 s deadline outlasts the minute the Forbid step keeps its run active.
const CRONJOB = 'embu-sla';

describe('scheduling on a real control plane', () => {
  let plane: ControlPlane;
  let clients: KubeClients;
  let manifests: string;
  let redis: RedisServer;
  let fixtures: FixtureApi;
  let scheduledJob = '';

  before(async () => {
    [plane, redis, fixtures] = await Promise.all([startControlPlane(), startRedis(), startFixtureApi()]);
    clients = kubeClients(plane.kubeconfigPath);
    manifests = synthManifests();
    await installMonitoringCrds(plane);
    await plane.createNamespace(NAMESPACE, { podSecurity: 'restricted' });
    await kubectlOk(plane, ['apply', '--server-side', '-f', manifests]);
  });

  after(async () => {
    await Promise.all([plane.stop(), redis.stop(), fixtures.close()]);
    rmSync(manifests, { recursive: true, force: true });
  });

  test('the CronJob controller creates a Job at the due time computed in America/Sao_Paulo', { timeout: 150_000 }, async () => {
    // A daily schedule at the next minute, written in São Paulo wall-clock time: evaluated in any
    // other zone (UTC, say) it would not be due for hours, and no Job would appear.
    const due = new Date(Math.ceil((Date.now() + 15_000) / 60_000) * 60_000);
    const { hour, minute } = wallClock(due, TIME_ZONE);
    await patchCronJob(plane, { schedule: `${minute} ${hour} * * *` });

    const job = await waitFor(
      async () => (await jobsOfCronJob(clients.batch, NAMESPACE, CRONJOB)).find((candidate) => scheduledAt(candidate.metadata?.annotations) === due.getTime()),
      { timeoutMs: due.getTime() - Date.now() + 30_000, intervalMs: 250, what: `a Job of ${CRONJOB} scheduled at ${due.toISOString()}` },
    );
    scheduledJob = job.metadata?.name ?? '';
    const cronJob = await clients.batch.readNamespacedCronJob({ name: CRONJOB, namespace: NAMESPACE });
    assert.equal(cronJob.status?.lastScheduleTime?.getTime(), due.getTime());
    assert.deepEqual(cronJob.status.active?.map((reference) => reference.name), [scheduledJob]);
  });

  test('Forbid: while the scheduled run is active, the next due time starts no new Job', { timeout: 150_000 }, async () => {
    assert.notEqual(scheduledJob, '', 'needs the scheduled run of the previous test');
    await startPods(plane.kubeconfigPath, NAMESPACE, scheduledJob);
    await patchCronJob(plane, { schedule: '* * * * *' });
    // The controller says so when it skips a due time because of Forbid.
    await waitFor(
      async () => {
        const events = await clients.core.listNamespacedEvent({ namespace: NAMESPACE, fieldSelector: `involvedObject.name=${CRONJOB},reason=JobAlreadyActive` });
        return events.items.length > 0;
      },
      { timeoutMs: 90_000, intervalMs: 250, what: `the JobAlreadyActive event on ${CRONJOB}` },
    );
    const jobs = await jobsOfCronJob(clients.batch, NAMESPACE, CRONJOB);
    assert.deepEqual(jobs.map((job) => job.metadata?.name), [scheduledJob]);
  });

  test('a manual run during the scheduled one is stopped by the Redis lock and recorded as skipped', { timeout: 120_000 }, async () => {
    assert.notEqual(scheduledJob, '', 'needs the scheduled run of the first test');
    // No further scheduled runs once this one ends: the test counts exactly two.
    await patchCronJob(plane, { suspend: true });
    await pointSuiteAt(plane, NAMESPACE, redis.url, fixtures);
    // A slow WMS keeps the scheduled run inside its lock while the manual one starts.
    fixtures.setDelay('wms', 3_000);
    const manualJob = `${CRONJOB}-manual`;
    await kubectlOk(plane, ['create', 'job', manualJob, `--from=cronjob/${CRONJOB}`, '-n', NAMESPACE]);

    const client = new Redis(redis.url);
    try {
      const scheduledRun = runPodsLocally(plane.kubeconfigPath, NAMESPACE, scheduledJob);
      // Awaited below; until then a failure must not surface as an unhandled rejection.
      scheduledRun.catch(() => undefined);
      await waitFor(async () => (await client.exists(lockKey(DEFAULT_KEY_PREFIX, CRONJOB))) === 1, {
        timeoutMs: 30_000,
        intervalMs: 100,
        what: 'the scheduled run to take the lock',
      });
      const runs = (await Promise.all([scheduledRun, runPodsLocally(plane.kubeconfigPath, NAMESPACE, manualJob)])).flat();
      assert.deepEqual(runs.map((run) => run.exitCode), [0, 0], runs.map((run) => run.stdout + run.stderr).join('\n'));

      const entries = (await client.xrange(ledgerKey(DEFAULT_KEY_PREFIX, CRONJOB), '-', '+')).map(([, fields]) => fromStreamFields(fields));
      // The downward API reached each run: its ledger entry names its own Kubernetes Job.
      const outcomes = Object.fromEntries(entries.map((entry): [string, string] => [entry?.kubeJob ?? '', entry?.outcome ?? '']));
      assert.deepEqual(outcomes, { [scheduledJob]: 'succeeded', [manualJob]: 'skipped' });
    } finally {
      client.disconnect();
    }
    for (const job of [scheduledJob, manualJob]) assert.equal((await waitForJobEnd(clients.batch, NAMESPACE, job)).type, 'Complete', job);
  });
});

async function patchCronJob(plane: ControlPlane, spec: Record<string, unknown>): Promise<void> {
  await kubectlOk(plane, ['patch', 'cronjob', CRONJOB, '-n', NAMESPACE, '--type=merge', '-p', JSON.stringify({ spec })]);
}

function scheduledAt(annotations: Record<string, string> | undefined): number | undefined {
  const value = annotations?.[SCHEDULED_TIMESTAMP_ANNOTATION];
  return value === undefined ? undefined : Date.parse(value);
}

function wallClock(instant: Date, timeZone: string): { hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(instant);
  const part = (type: string): number => Number(parts.find((candidate) => candidate.type === type)?.value);
  return { hour: part('hour'), minute: part('minute') };
}
