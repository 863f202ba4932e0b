/**
 * The status service under the faults of a real cluster (docs/reliability.md): its RBAC removed
 * and restored, kube-apiserver killed (SIGKILL) and restarted, Redis restarted empty, the watched
 * namespace deleted and recreated, and SIGTERM under load. After each, `/api` and
 * `pontual_cronjob_runs_total` say what the API and the ledger say: nothing lost, nothing twice.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { freePort } from '../../devkit/ports.ts';
import { kubeClients, kubectlOk, REPO_ROOT, waitFor, waitForJobEnd } from '../../devkit/kube.ts';
import { finishPods } from '../../devkit/kubelet.ts';
import { startRedis, type RedisServer } from '../../devkit/redis.ts';
import { DEFAULT_KEY_PREFIX, ledgerKey, toStreamFields } from '../../core/run-ledger.ts';
import type { StatusService } from '../../status/status-service.ts';
import { parseExposition } from '../../devkit/parse-exposition.ts';
import { createCronJob, getJson, getMetrics, serviceAccountKubeconfig, startStatus, statusRbac, type ApiRun, type HealthBody } from './status-support.ts';

const NAMESPACE = 'pontual-faults';
const CRONJOB = 'faults-job';

describe('status service under cluster faults', () => {
  let plane: ControlPlane;
  let redis: RedisServer;
  let service: StatusService;

  before(async () => {
    redis = await startRedis();
    plane = await startControlPlane();
    await plane.createNamespace(NAMESPACE);
    await kubectlOk(plane, ['apply', '-f', '-'], statusRbac(NAMESPACE));
    await createCronJob(plane, NAMESPACE, CRONJOB);
    // As in the cluster: the service's own ServiceAccount and Role, nothing more.
    service = await startStatus(await serviceAccountKubeconfig(plane, NAMESPACE, 'pontual-status'), NAMESPACE, redis.url);
    await waitFor(async () => (await fetch(`${service.url}/readyz`)).status === 200, { timeoutMs: 30_000, what: '/readyz' });
  });

  after(async () => {
    await service.stop();
    await plane.stop();
    await redis.stop();
  });

  const labels = { namespace: NAMESPACE, cronjob: CRONJOB };
  const runCounts = async (target: StatusService = service): Promise<Record<string, number>> => {
    const metrics = await getMetrics(target);
    return Object.fromEntries(
      metrics.find('pontual_cronjob_runs_total', labels).map((sample) => [`${sample.labels.outcome ?? ''}/${sample.labels.reason ?? ''}`, sample.value]),
    );
  };
  const runsInApi = async (): Promise<string[]> =>
    ((await getJson(service, `/api/cronjobs/${CRONJOB}/runs`)).body as { runs: ApiRun[] }).runs.map((run) => `${run.job ?? ''}:${run.outcome}`).sort();

  /** A manual run that the job runtime records in the ledger and the kubelet finishes with `exitCode`. */
  const runJob = async (job: string, exitCode: number): Promise<void> => {
    await kubectlOk(plane, ['create', 'job', job, `--from=cronjob/${CRONJOB}`, '-n', NAMESPACE]);
    const client = new Redis(redis.url);
    try {
      const now = new Date();
      await client.xadd(
        ledgerKey(DEFAULT_KEY_PREFIX, CRONJOB),
        '*',
        ...toStreamFields({
          runId: `run-${job}`,
          job: CRONJOB,
          kubeJob: job,
          namespace: NAMESPACE,
          startedAt: new Date(now.getTime() - 1_000).toISOString(),
          finishedAt: now.toISOString(),
          durationMs: 1_000,
          outcome: exitCode === 0 ? 'succeeded' : 'failed',
          exitCode,
        }),
      );
    } finally {
      client.disconnect();
    }
    // Stand-in: the faults are the control plane's; each run needs only a chosen outcome, in step with the ledger entry above.
    await finishPods(plane.kubeconfigPath, NAMESPACE, job, { exitCode });
    await waitForJobEnd(kubeClients(plane.kubeconfigPath).batch, NAMESPACE, job, 60_000);
  };

  test('RBAC removed: /health unhealthy and not ready; restored: it recovers and counts what happened meanwhile, once', async () => {
    await runJob('faults-before', 0);
    await waitFor(async () => (await runCounts())['succeeded/'] === 1, { timeoutMs: 5_000, what: 'faults-before counted' });

    await kubectlOk(plane, ['delete', 'rolebinding', 'pontual-status', '-n', NAMESPACE]);
    // Established watches outlive a binding; a restart makes every watch list again, now forbidden.
    await plane.restartApiServer();
    const health = await waitFor(
      async () => {
        const answer = await getJson(service, '/health');
        return (answer.body as HealthBody).status === 'unhealthy' ? answer : undefined;
      },
      { timeoutMs: 30_000, what: '/health to report the lost access' },
    );
    assert.equal(health.status, 503);
    assert.equal((await fetch(`${service.url}/readyz`)).status, 503);
    assert.equal((await fetch(`${service.url}/healthz`)).status, 200, 'alive: a restart would not bring RBAC back');
    // Meanwhile one run finishes and stays, another finishes and is deleted before access returns.
    await runJob('faults-blind-kept', 0);
    await runJob('faults-blind-deleted', 1);
    await kubectlOk(plane, ['delete', 'job', 'faults-blind-deleted', '-n', NAMESPACE, '--wait=false']);

    await kubectlOk(plane, ['apply', '-f', '-'], statusRbac(NAMESPACE));
    await waitFor(async () => (await fetch(`${service.url}/readyz`)).status === 200, { timeoutMs: 30_000, what: '/readyz once RBAC is back' });
    await waitFor(
      async () => {
        const counts = await runCounts();
        return counts['succeeded/'] === 2 && counts['failed/ExitCode1'] === 1;
      },
      { timeoutMs: 10_000, what: 'the runs of the blind spell counted' },
    );
    await sleep(2_000);
    assert.deepEqual(await runCounts(), { 'succeeded/': 2, 'failed/ExitCode1': 1 });
    assert.deepEqual(await runsInApi(), ['faults-before:succeeded', 'faults-blind-deleted:failed', 'faults-blind-kept:succeeded']);
  });

  test('kube-apiserver killed (SIGKILL) and restarted: the re-list counts nothing twice', async () => {
    const before = await runCounts();
    process.kill(plane.pids.apiServer, 'SIGKILL');
    await plane.stopApiServer();
    await waitFor(async () => (await fetch(`${service.url}/readyz`)).status === 503, { timeoutMs: 30_000, what: 'the service to notice' });
    await plane.startApiServer();
    await waitFor(async () => (await fetch(`${service.url}/readyz`)).status === 200, { timeoutMs: 60_000, what: '/readyz after the restart' });
    assert.deepEqual(await runCounts(), before);
    assert.ok(((await getMetrics(service)).value('pontual_watch_restarts_total', { resource: 'jobs' }) ?? 0) >= 2);
  });

  test('Redis restarted empty: it reconnects, counters never go down, runs known only from the ledger stay remembered', async () => {
    const before = await runCounts();
    await redis.halt();
    await waitFor(async () => !((await getJson(service, '/health')).body as HealthBody).redis_connected, { timeoutMs: 15_000, what: 'Redis down noticed' });
    // Without persistence it comes back empty, on the same address.
    await redis.resume();
    await waitFor(async () => ((await getJson(service, '/health')).body as HealthBody).redis_connected, { timeoutMs: 20_000, what: 'Redis back' });
    await sleep(1_000);
    assert.deepEqual(await runCounts(), before, 'counters never go down');
    // The deleted Job's run was known from the ledger and is remembered; Kubernetes still has the others.
    assert.deepEqual(await runsInApi(), ['faults-before:succeeded', 'faults-blind-deleted:failed', 'faults-blind-kept:succeeded']);
  });

  test('the watched namespace deleted and recreated: degraded with the reason while empty, back once recreated', async () => {
    // A second service with the admin's credentials: the namespace's own ServiceAccount dies with it.
    const gone = 'pontual-faults-gone';
    await plane.createNamespace(gone);
    await createCronJob(plane, gone, CRONJOB);
    const watcher = await startStatus(plane.kubeconfigPath, gone);
    try {
      const watched = async (): Promise<number | undefined> => (await getMetrics(watcher)).value('pontual_status_cronjobs_watched', { namespace: gone });
      await waitFor(async () => (await watched()) === 1, { timeoutMs: 30_000, what: 'the CronJob seen' });
      await kubectlOk(plane, ['delete', 'namespace', gone, '--wait=true', '--timeout=120s']);
      await waitFor(async () => (await watched()) === 0, { timeoutMs: 30_000, what: 'the CronJob gone' });
      const health = (await getJson(watcher, '/health')).body as HealthBody & { problems: string[] };
      assert.equal(health.status, 'degraded');
      assert.deepEqual(health.problems, [`no CronJobs of the suite in namespace ${gone} (deleted, or WATCH_NAMESPACE wrong?)`]);
      assert.deepEqual(parseExposition(await (await fetch(`${watcher.url}/metrics`)).text()).find('pontual_cronjob_info'), []);

      await plane.createNamespace(gone);
      await createCronJob(plane, gone, CRONJOB);
      await waitFor(async () => (await watched()) === 1, { timeoutMs: 60_000, what: 'the recreated CronJob seen' });
      assert.equal(((await getJson(watcher, '/health')).body as HealthBody).status, 'healthy');
    } finally {
      await watcher.stop();
    }
  });

  test('SIGTERM under load: requests in flight and during the drain are answered, then it exits 0', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['status/main.ts'], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        KUBECONFIG: plane.kubeconfigPath,
        WATCH_NAMESPACE: NAMESPACE,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.once('exit', (code, signal) => {
        resolve([code, signal]);
      }),
    );
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.status === 200, { timeoutMs: 30_000, what: 'the spawned service ready' });

    const statuses = new Map<string, number>();
    let errors = 0;
    let running = true;
    const load = Array.from({ length: 16 }, async (_, index) => {
      const path = ['/api/cronjobs', '/metrics', '/health', `/api/cronjobs/${CRONJOB}/runs`][index % 4] ?? '/';
      while (running) {
        try {
          const response = await fetch(`${base}${path}`);
          await response.arrayBuffer();
          statuses.set(`${path} ${response.status}`, (statuses.get(`${path} ${response.status}`) ?? 0) + 1);
        } catch {
          errors += 1;
          await sleep(50);
        }
      }
    });
    await sleep(1_000);
    const signalled = Date.now();
    child.kill('SIGTERM');
    // The drain: probes say 503 so the endpoints drop the pod, the API keeps answering.
    await sleep(1_000);
    assert.equal((await fetch(`${base}/healthz`)).status, 503);
    assert.equal((await fetch(`${base}/api/cronjobs`)).status, 200);
    const errorsDuringDrain = errors;
    const [code, signal] = await exited;
    running = false;
    await Promise.all(load);
    assert.deepEqual([code, signal], [0, null]);
    assert.ok(Date.now() - signalled < 20_000, 'drained within the 5 s delay plus the 10 s request limit');
    assert.equal(errorsDuringDrain, 0, 'no request failed before the listener closed');
    const failures = [...statuses].filter(([key]) => !key.endsWith(' 200'));
    assert.deepEqual(failures, [], 'every answer under load was a 200');
    assert.ok([...statuses.values()].reduce((sum, count) => sum + count, 0) > 50, 'the load was real');
  });
});
