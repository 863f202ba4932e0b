/**
 * No outcome lost in a watch gap, on a real control plane: kube-apiserver is stopped; while the
 * service (and the controllers) cannot reach it, Jobs finish and are deleted — one the service
 * saw running, one that failed, one created, finished and deleted inside the gap, and one it had
 * already counted — each writing its ledger entry as the job runtime does. The API server comes
 * back, and every run is in `pontual_cronjob_runs_total` and `/api` exactly once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { freePort } from '../../devkit/ports.ts';
import { kubeClients, kubectlOk, waitFor, waitForJobEnd } from '../../devkit/kube.ts';
import { finishPods, startPods } from '../../devkit/kubelet.ts';
import { startRedis, type RedisServer } from '../../devkit/redis.ts';
import { DEFAULT_KEY_PREFIX, ledgerKey, toStreamFields, type LedgerOutcome } from '../../core/run-ledger.ts';
import type { StatusService } from '../../status/status-service.ts';
import { createCronJob, getJson, getMetrics, startStatus, type ApiRun } from './status-support.ts';

const NAMESPACE = 'pontual-gap';
const CRONJOB = 'gap-job';

describe('status service across a watch gap', () => {
  let plane: ControlPlane;
  let redis: RedisServer;
  let ledger: Redis;
  let service: StatusService;

  before(async () => {
    redis = await startRedis();
    ledger = new Redis(redis.url);
    plane = await startControlPlane();
    await plane.createNamespace(NAMESPACE);
    await createCronJob(plane, NAMESPACE, CRONJOB);
    service = await startStatus(plane.kubeconfigPath, NAMESPACE, redis.url);
    await waitFor(async () => (await fetch(`${service.url}/readyz`)).status === 200, { timeoutMs: 30_000, what: '/readyz' });
  });

  after(async () => {
    await service.stop();
    ledger.disconnect();
    await plane.stop();
    await redis.stop();
  });

  /** The ledger entry the job runtime writes before its pod exits. */
  const writeLedger = async (job: string, outcome: LedgerOutcome, exitCode: number): Promise<void> => {
    const finishedAt = new Date();
    const fields = toStreamFields({
      runId: `run-${job}`,
      job: CRONJOB,
      kubeJob: job,
      pod: `${job}-pod`,
      namespace: NAMESPACE,
      startedAt: new Date(finishedAt.getTime() - 2_000).toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: 2_000,
      outcome,
      exitCode,
      ...(exitCode === 0 ? {} : { errorCode: 'SOURCE_UNAVAILABLE', errorMessage: 'WMS API answered 503' }),
    });
    await ledger.xadd(ledgerKey(DEFAULT_KEY_PREFIX, CRONJOB), '*', ...fields);
  };

  const counted = async (): Promise<Record<string, number>> => {
    const metrics = await getMetrics(service);
    const labels = { namespace: NAMESPACE, cronjob: CRONJOB };
    return {
      succeeded: metrics.value('pontual_cronjob_runs_total', { ...labels, outcome: 'succeeded', reason: '' }) ?? 0,
      failed: metrics.value('pontual_cronjob_runs_total', { ...labels, outcome: 'failed', reason: 'ExitCode1' }) ?? 0,
      all: metrics.find('pontual_cronjob_runs_total', { cronjob: CRONJOB }).reduce((sum, sample) => sum + sample.value, 0),
      durations: metrics.value('pontual_cronjob_run_duration_seconds_count', labels) ?? 0,
    };
  };

  test('runs that finish and vanish while the API server is down are each counted once', async () => {
    const { batch } = kubeClients(plane.kubeconfigPath);
    // Counted by the watch before the gap; its Job is deleted inside it.
    await kubectlOk(plane, ['create', 'job', 'gap-counted', `--from=cronjob/${CRONJOB}`, '-n', NAMESPACE]);
    await writeLedger('gap-counted', 'succeeded', 0);
    // Stand-in: runs must end inside an API outage the test times, which a real kubelet could not report until it ends.
    await finishPods(plane.kubeconfigPath, NAMESPACE, 'gap-counted', { exitCode: 0 });
    await waitForJobEnd(batch, NAMESPACE, 'gap-counted', 60_000);
    await waitFor(async () => (await counted()).succeeded === 1, { timeoutMs: 5_000, what: 'gap-counted counted by the watch' });
    // Seen running by the service; they finish inside the gap.
    for (const job of ['gap-seen-running', 'gap-seen-failing']) {
      await kubectlOk(plane, ['create', 'job', job, `--from=cronjob/${CRONJOB}`, '-n', NAMESPACE]);
      // Stand-in: runs must end inside an API outage the test times, which a real kubelet could not report until it ends.
      await startPods(plane.kubeconfigPath, NAMESPACE, job);
    }
    await waitFor(async () => (await getMetrics(service)).value('pontual_cronjob_active_runs', { namespace: NAMESPACE, cronjob: CRONJOB }) === 2, {
      timeoutMs: 10_000,
      what: 'both Jobs seen running',
    });

    await plane.stopApiServer();
    const sideKubeconfig = await plane.startApiServer({ port: await freePort() });
    try {
      const side = { kubectl: (args: string[], options?: { input?: string }) => plane.kubectl([`--kubeconfig=${sideKubeconfig}`, ...args], options) };
      await kubectlOk(side, ['create', 'job', 'gap-born-and-gone', `--from=cronjob/${CRONJOB}`, '-n', NAMESPACE]);
      // The job controller is cut off too: the test writes the terminal status it would have written.
      await finishJob(side, 'gap-seen-running', 'Complete');
      await writeLedger('gap-seen-running', 'succeeded', 0);
      await finishJob(side, 'gap-seen-failing', 'Failed');
      await writeLedger('gap-seen-failing', 'failed', 1);
      await finishJob(side, 'gap-born-and-gone', 'Complete');
      await writeLedger('gap-born-and-gone', 'succeeded', 0);
      for (const job of ['gap-counted', 'gap-seen-running', 'gap-seen-failing', 'gap-born-and-gone']) {
        await kubectlOk(side, ['delete', 'job', job, '-n', NAMESPACE, '--wait=false']);
      }
      // The service is still cut off: it keeps its picture, /readyz says so once it notices.
      await waitFor(async () => (await fetch(`${service.url}/readyz`)).status === 503, { timeoutMs: 30_000, what: 'the service to notice the API is gone' });
      // The ledger already says how they ended: counted while the API is still away.
      await waitFor(
        async () => {
          const now = await counted();
          return now.succeeded === 3 && now.failed === 1;
        },
        { timeoutMs: 10_000, what: 'the runs counted from the ledger during the outage' },
      );
    } finally {
      await plane.stopApiServer();
      await plane.startApiServer();
    }

    await waitFor(async () => (await fetch(`${service.url}/readyz`)).status === 200, { timeoutMs: 60_000, what: '/readyz after the gap' });
    await waitFor(
      async () => {
        const now = await counted();
        return now.succeeded === 3 && now.failed === 1;
      },
      { timeoutMs: 10_000, what: 'every run of the gap counted' },
    );
    // Several ledger polls and a watch event later, still each run once.
    await kubectlOk(plane, ['annotate', 'cronjob', CRONJOB, '-n', NAMESPACE, 'pontual.test/poke=1']);
    await sleep(3_000);
    assert.deepEqual(await counted(), { succeeded: 3, failed: 1, all: 4, durations: 4 });
    const metrics = await getMetrics(service);
    assert.equal(metrics.value('pontual_cronjob_active_runs', { namespace: NAMESPACE, cronjob: CRONJOB }), 0);
    assert.equal(metrics.value('pontual_cronjob_last_run_failed', { namespace: NAMESPACE, cronjob: CRONJOB }) !== undefined, true);
    const runs = ((await getJson(service, `/api/cronjobs/${CRONJOB}/runs`)).body as { runs: ApiRun[] }).runs;
    const byJob = new Map<string, string[]>();
    for (const run of runs) byJob.set(run.job ?? '', [...(byJob.get(run.job ?? '') ?? []), run.outcome]);
    assert.deepEqual(Object.fromEntries([...byJob].sort()), {
      'gap-born-and-gone': ['succeeded'],
      'gap-counted': ['succeeded'],
      'gap-seen-failing': ['failed'],
      'gap-seen-running': ['succeeded'],
    });
  });
});

/** Writes the terminal Job status the job controller writes (the conditions the API server requires with it). */
async function finishJob(plane: Pick<ControlPlane, 'kubectl'>, job: string, type: 'Complete' | 'Failed'): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d+Z$/u, 'Z');
  // startTime is immutable once the job controller set it; a Job born in the gap has none yet.
  const current = await kubectlOk(plane, ['get', 'job', job, '-n', NAMESPACE, '-o', 'jsonpath={.status.startTime}']);
  const started = current.trim() === '' ? new Date(Date.now() - 2_000).toISOString().replace(/\.\d+Z$/u, 'Z') : current.trim();
  const condition = (conditionType: string, reason: string) => ({
    type: conditionType,
    status: 'True',
    reason,
    message: '',
    lastProbeTime: now,
    lastTransitionTime: now,
  });
  const status =
    type === 'Complete'
      ? {
          startTime: started,
          completionTime: now,
          active: 0,
          ready: 0,
          terminating: 0,
          succeeded: 1,
          uncountedTerminatedPods: {},
          conditions: [condition('SuccessCriteriaMet', 'CompletionsReached'), condition('Complete', 'CompletionsReached')],
        }
      : {
          startTime: started,
          active: 0,
          ready: 0,
          terminating: 0,
          failed: 1,
          uncountedTerminatedPods: {},
          conditions: [condition('FailureTarget', 'BackoffLimitExceeded'), condition('Failed', 'BackoffLimitExceeded')],
        };
  await kubectlOk(plane, ['patch', 'job', job, '-n', NAMESPACE, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status })]);
}
