/**
 * The status service against a real control plane: what the cluster does to a Job shows in
 * /metrics, /health and /api within 2 s of the Job's terminal condition; schedules are judged
 * late and missed as the CronJob controller would run them; the service survives an API server
 * restart; the HTML page renders every job in a real browser.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { kubeClients, kubectlOk, waitFor, waitForJobEnd, type KubeClients } from '../../devkit/kube.ts';
import { finishPods, startPods } from '../../devkit/kubelet.ts';
import { Redis } from 'ioredis';
import type { StatusService } from '../../status/status-service.ts';
import { ledgerKey, toStreamFields, DEFAULT_KEY_PREFIX } from '../../core/run-ledger.ts';
import { startRedis, type RedisServer } from '../../devkit/redis.ts';
import { createCronJob, getJson, getMetrics, startStatus, type ApiCronJob, type ApiRun, type HealthBody } from './status-support.ts';

const NAMESPACE = 'pontual-status';
// Written under test/artifacts (git-ignored) so a test run leaves the tree clean;
// UPDATE_DOCS_IMAGES=1 refreshes the picture in the docs instead.
const SCREENSHOT = fileURLToPath(
  new URL(process.env.UPDATE_DOCS_IMAGES === '1' ? '../../docs/images/status-page.png' : '../artifacts/status-page.png', import.meta.url),
);
/** The promise: a Job's terminal condition shows everywhere within this. */
const REFLECT_MS = 2_000;

describe('status service on a real control plane', () => {
  let plane: ControlPlane;
  let clients: KubeClients;
  let service: StatusService;
  let redis: RedisServer;

  before(async () => {
    redis = await startRedis();
    plane = await startControlPlane();
    clients = kubeClients(plane.kubeconfigPath);
    await plane.createNamespace(NAMESPACE);
    service = await startStatus(plane.kubeconfigPath, NAMESPACE, redis.url);
    await waitFor(async () => (await fetch(`${service.url}/readyz`)).status === 200, { timeoutMs: 30_000, what: '/readyz' });
  });

  after(async () => {
    await service.stop();
    await plane.stop();
    await redis.stop();
  });

  const manualRun = async (cronJob: string, job: string): Promise<void> => {
    await kubectlOk(plane, ['create', 'job', job, `--from=cronjob/${cronJob}`, '-n', NAMESPACE]);
  };

  /** Waits for the Job's terminal condition, then for `reflected` to hold within REFLECT_MS. */
  const reflectedInTime = async (job: string, expected: 'Complete' | 'Failed', reflected: () => Promise<boolean>): Promise<string> => {
    const end = await waitForJobEnd(clients.batch, NAMESPACE, job, 120_000);
    assert.equal(end.type, expected);
    const conditionSeen = Date.now();
    await waitFor(reflected, { timeoutMs: REFLECT_MS, intervalMs: 50, what: `${job} (${end.reason}) in /metrics, /health and /api` });
    assert.ok(Date.now() - conditionSeen <= REFLECT_MS + 250);
    return end.reason;
  };

  const cronJobApi = async (name: string): Promise<ApiCronJob> => (await getJson(service, `/api/cronjobs/${name}`)).body as ApiCronJob;
  const healthOf = async (name: string): Promise<HealthBody['jobs'][number] | undefined> =>
    ((await getJson(service, '/health')).body as HealthBody).jobs.find((job) => job.name === name);
  const runOf = async (cronJob: string, job: string): Promise<ApiRun | undefined> =>
    ((await getJson(service, `/api/cronjobs/${cronJob}/runs`)).body as { runs: ApiRun[] }).runs.find((run) => run.job === job);

  describe('job outcomes', { concurrency: true }, () => {
    test('a success shows in /metrics, /health and /api within 2 s', async () => {
      await createCronJob(plane, NAMESPACE, 'status-ok');
      await manualRun('status-ok', 'status-ok-run');
      // Stand-in: the status service's view of a chosen outcome (exit code, active run) is tested, at an exact instant.
      await finishPods(plane.kubeconfigPath, NAMESPACE, 'status-ok-run', { exitCode: 0 });
      await reflectedInTime('status-ok-run', 'Complete', async () => {
        const metrics = await getMetrics(service);
        const labels = { namespace: NAMESPACE, cronjob: 'status-ok' };
        return (
          metrics.value('pontual_cronjob_runs_total', { ...labels, outcome: 'succeeded', reason: '' }) === 1 &&
          (metrics.value('pontual_cronjob_last_success_timestamp_seconds', labels) ?? 0) > Date.now() / 1000 - 120 &&
          metrics.value('pontual_cronjob_last_run_failed', labels) === 0 &&
          (await healthOf('status-ok'))?.last_outcome === 'succeeded' &&
          (await runOf('status-ok', 'status-ok-run'))?.outcome === 'succeeded'
        );
      });
      const metrics = await getMetrics(service);
      assert.equal(metrics.value('pontual_cronjob_run_duration_seconds_count', { namespace: NAMESPACE, cronjob: 'status-ok' }), 1);
      assert.equal(metrics.value('pontual_cronjob_consecutive_failures', { namespace: NAMESPACE, cronjob: 'status-ok' }), 0);
    });

    test('an exit-2 failure shows with its reason, exit code and message within 2 s', async () => {
      await createCronJob(plane, NAMESPACE, 'status-bad-config');
      await manualRun('status-bad-config', 'status-bad-config-run');
      // Stand-in: the status service's view of a chosen outcome (exit code, active run) is tested, at an exact instant.
      await finishPods(plane.kubeconfigPath, NAMESPACE, 'status-bad-config-run', {
        exitCode: 2,
        terminationMessage: 'CONFIG_INVALID: WMS_API_URL is not a URL',
      });
      const reason = await reflectedInTime('status-bad-config-run', 'Failed', async () => {
        const metrics = await getMetrics(service);
        const labels = { namespace: NAMESPACE, cronjob: 'status-bad-config' };
        const run = await runOf('status-bad-config', 'status-bad-config-run');
        return (
          metrics.value('pontual_cronjob_runs_total', { ...labels, outcome: 'failed', reason: 'PodFailurePolicy' }) === 1 &&
          metrics.value('pontual_cronjob_last_run_failed', labels) === 1 &&
          metrics.value('pontual_cronjob_consecutive_failures', labels) === 1 &&
          (await healthOf('status-bad-config'))?.last_failure_reason === 'PodFailurePolicy' &&
          run?.outcome === 'failed' &&
          run.exitCode === 2
        );
      });
      assert.equal(reason, 'PodFailurePolicy');
      const api = await cronJobApi('status-bad-config');
      assert.equal(api.lastFailure?.exitCode, 2);
      assert.equal(api.lastFailure.message, 'CONFIG_INVALID: WMS_API_URL is not a URL');
      const health = await getJson(service, '/health');
      assert.equal(health.status, 200);
      assert.equal((health.body as HealthBody).status, 'degraded', 'a failed last run degrades /health');
    });

    test('a run past activeDeadlineSeconds shows as DeadlineExceeded within 2 s', async () => {
      await createCronJob(plane, NAMESPACE, 'status-slow', { activeDeadlineSeconds: 3 });
      await manualRun('status-slow', 'status-slow-run');
      // Stand-in: the status service's view of a chosen outcome (exit code, active run) is tested, at an exact instant.
      await startPods(plane.kubeconfigPath, NAMESPACE, 'status-slow-run');
      await waitFor(async () => (await getMetrics(service)).value('pontual_cronjob_active_runs', { namespace: NAMESPACE, cronjob: 'status-slow' }) === 1, {
        timeoutMs: 5_000,
        what: 'the running Job as an active run',
      });
      const reason = await reflectedInTime('status-slow-run', 'Failed', async () => {
        const metrics = await getMetrics(service);
        const labels = { namespace: NAMESPACE, cronjob: 'status-slow' };
        return (
          metrics.value('pontual_cronjob_runs_total', { ...labels, outcome: 'failed', reason: 'DeadlineExceeded' }) === 1 &&
          metrics.value('pontual_cronjob_active_runs', labels) === 0 &&
          metrics.value('pontual_cronjob_timeout_seconds', labels) === 3 &&
          (await healthOf('status-slow'))?.last_failure_reason === 'DeadlineExceeded' &&
          (await runOf('status-slow', 'status-slow-run'))?.reason === 'DeadlineExceeded'
        );
      });
      assert.equal(reason, 'DeadlineExceeded');
    });
  });

  test('runs from the Redis ledger join /api; with Redis down only /health degrades', async () => {
    const client = new Redis(redis.url);
    try {
      const fields = toStreamFields({
        runId: 'run-old',
        job: 'status-ok',
        kubeJob: 'status-ok-long-gone',
        namespace: NAMESPACE,
        startedAt: '2026-01-01T09:00:00.000Z',
        finishedAt: '2026-01-01T09:00:42.000Z',
        durationMs: 42_000,
        outcome: 'failed',
        exitCode: 1,
        errorCode: 'SOURCE_UNAVAILABLE',
        errorMessage: 'WMS API answered 503',
      });
      await client.xadd(ledgerKey(DEFAULT_KEY_PREFIX, 'status-ok'), '*', ...fields);
    } finally {
      client.disconnect();
    }
    const old = await waitFor(async () => runOf('status-ok', 'status-ok-long-gone'), { timeoutMs: 10_000, what: 'the ledger run in /api' });
    assert.deepEqual([old.outcome, old.reason, old.message], ['failed', 'ExitCode1', 'WMS API answered 503']);
    assert.equal(((await getJson(service, '/health')).body as HealthBody).redis_connected, true);

    // A slow Redis: reads time out (3 s) while the socket stays open. History stays, /health says so.
    const sleeper = new Redis(redis.url);
    try {
      const sleeping = sleeper.call('DEBUG', 'SLEEP', '8');
      const slow = await waitFor(
        async () => {
          const body = (await getJson(service, '/health')).body as HealthBody & { problems: string[] };
          return body.redis_connected ? undefined : body;
        },
        { timeoutMs: 7_000, what: '/health to notice Redis is not answering' },
      );
      assert.equal(slow.status, 'degraded');
      assert.ok(
        slow.problems.some((problem) => problem.startsWith('Redis (run ledger) reads failing')),
        slow.problems.join('; '),
      );
      assert.equal((await runOf('status-ok', 'status-ok-long-gone'))?.outcome, 'failed', 'the ledger run is still listed while Redis is slow');
      await sleeping;
      await waitFor(async () => ((await getJson(service, '/health')).body as HealthBody).redis_connected, { timeoutMs: 10_000, what: 'Redis answering again' });
    } finally {
      sleeper.disconnect();
    }

    await redis.stop();
    const health = await waitFor(
      async () => {
        const body = (await getJson(service, '/health')).body as HealthBody;
        return body.redis_connected ? undefined : body;
      },
      { timeoutMs: 15_000, what: '/health to notice Redis is down' },
    );
    assert.equal(health.status, 'degraded');
    assert.equal((await fetch(`${service.url}/readyz`)).status, 200);
    assert.equal((await getMetrics(service)).value('pontual_redis_connected'), 0);
    assert.equal((await getJson(service, '/api/cronjobs/status-ok/runs')).status, 200);
    assert.equal((await runOf('status-ok', 'status-ok-run'))?.outcome, 'succeeded', 'Kubernetes data still served');
  });

  test('an unknown CronJob is a 404 with a JSON error code', async () => {
    const response = await getJson(service, '/api/cronjobs/nope/runs');
    assert.equal(response.status, 404);
    const { error } = response.body as { error: { code: string; message: string } };
    assert.equal(error.code, 'NOT_FOUND');
    assert.match(error.message, /nope/);
  });

  test('with the controller stopped over a due time, the CronJob is late then missed; a suspended one is neither', async () => {
    await plane.stopControllerManager();
    try {
      // A short starting deadline keeps the wait near a minute; infra's 300 s works the same way.
      await createCronJob(plane, NAMESPACE, 'status-every-minute', { schedule: '* * * * *', startingDeadlineSeconds: 10 });
      await createCronJob(plane, NAMESPACE, 'status-suspended', { schedule: '* * * * *', suspend: true, startingDeadlineSeconds: 10 });
      const labels = (cronjob: string) => ({ namespace: NAMESPACE, cronjob });
      await waitFor(async () => (await getMetrics(service)).value('pontual_cronjob_late', labels('status-every-minute')) === 1, {
        timeoutMs: 90_000,
        intervalMs: 500,
        what: 'status-every-minute to be late',
      });
      const health = (await getJson(service, '/health')).body as HealthBody;
      assert.equal(health.scheduler_running, false);
      assert.equal(health.jobs.find((job) => job.name === 'status-every-minute')?.late, true);
      await waitFor(async () => ((await getMetrics(service)).value('pontual_cronjob_missed_runs_total', labels('status-every-minute')) ?? 0) >= 1, {
        timeoutMs: 40_000,
        intervalMs: 500,
        what: 'the due time to count as missed',
      });
      const metrics = await getMetrics(service);
      assert.equal(metrics.value('pontual_cronjob_late', labels('status-suspended')), 0);
      assert.equal(metrics.value('pontual_cronjob_missed_runs_total', labels('status-suspended')), 0);
      assert.equal(metrics.value('pontual_cronjob_suspended', labels('status-suspended')), 1);
      assert.equal((await cronJobApi('status-every-minute')).missedRuns >= 1, true);
    } finally {
      await plane.startControllerManager();
    }
    // Once the controller runs again, the next due time gets its Job and the CronJob is on time.
    await kubectlOk(plane, ['delete', 'cronjob', 'status-suspended', '-n', NAMESPACE]);
    await waitFor(async () => (await getMetrics(service)).value('pontual_cronjob_late', { namespace: NAMESPACE, cronjob: 'status-every-minute' }) === 0, {
      timeoutMs: 90_000,
      intervalMs: 500,
      what: 'status-every-minute to be on time again',
    });
    await kubectlOk(plane, ['patch', 'cronjob', 'status-every-minute', '-n', NAMESPACE, '--type=merge', '-p', '{"spec":{"suspend":true}}']);
  });

  test('after kube-apiserver restarts, the service reconnects and converges on what the API says', async () => {
    await plane.restartApiServer();
    await createCronJob(plane, NAMESPACE, 'status-after-restart');
    await manualRun('status-after-restart', 'status-after-restart-run');
    // Stand-in: the status service's view of a chosen outcome (exit code, active run) is tested, at an exact instant.
    await finishPods(plane.kubeconfigPath, NAMESPACE, 'status-after-restart-run', { exitCode: 0 });
    await waitForJobEnd(clients.batch, NAMESPACE, 'status-after-restart-run', 60_000);
    await waitFor(async () => (await runOf('status-after-restart', 'status-after-restart-run'))?.outcome === 'succeeded', {
      timeoutMs: 30_000,
      what: 'the run made after the restart',
    });
    await waitFor(async () => (await fetch(`${service.url}/readyz`)).status === 200, { timeoutMs: 30_000, what: '/readyz after the restart' });
    const listed = await clients.batch.listNamespacedCronJob({ namespace: NAMESPACE });
    const api = (await getJson(service, '/api/cronjobs')).body as { cronJobs: { name: string }[] };
    assert.deepEqual(api.cronJobs.map((job) => job.name).sort(), listed.items.map((item) => item.metadata?.name ?? '').sort());
    const metrics = await getMetrics(service);
    assert.ok((metrics.value('pontual_watch_restarts_total', { resource: 'jobs' }) ?? 0) >= 1, 'the jobs watch was restarted');
    for (const resource of ['cronjobs', 'jobs', 'pods']) assert.equal(metrics.value('pontual_watch_synced', { resource }), 1, resource);
  });

  test('the status page shows every job in a real browser (screenshot taken)', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 600 } });
      const response = await page.goto(`${service.url}/`);
      assert.equal(response?.status(), 200);
      const shown = await Promise.all((await page.locator('tr[data-cronjob]').all()).map((row) => row.getAttribute('data-cronjob')));
      const listed = await clients.batch.listNamespacedCronJob({ namespace: NAMESPACE });
      assert.deepEqual([...shown].sort(), listed.items.map((item) => item.metadata?.name ?? '').sort());
      assert.equal(await page.locator('tr[data-cronjob="status-bad-config"] .state').innerText(), 'Failed');
      assert.equal(await page.locator('tr[data-cronjob="status-ok"] .state').innerText(), 'OK');
      mkdirSync(dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      assert.ok(statSync(SCREENSHOT).size > 10_000, 'the screenshot has content');
    } finally {
      await browser.close();
    }
  });
});
