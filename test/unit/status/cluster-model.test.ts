import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyEvent,
  createClusterModel,
  settleSchedules,
  toCronJobRecord,
  toJobRecord,
  toPodRecord,
  applyLedgerEntries,
} from '../../../core/model/cluster-model.ts';
import { summarizeCronJobs, type CronJobSummary } from '../../../core/model/summarize.ts';
import type { LedgerEntry } from '../../../core/run-ledger.ts';
import { cronJobObject, jobObject, NAMESPACE, podObject } from '../../../devkit/status-fixtures.ts';

function clockAt(iso: string): { now: () => Date; set: (iso: string) => void } {
  let current = new Date(iso);
  return {
    now: () => current,
    set: (next) => {
      current = new Date(next);
    },
  };
}

function summaryOf(summaries: CronJobSummary[], name: string): CronJobSummary {
  const found = summaries.find((summary) => summary.name === name);
  assert.ok(found, `${name} summarized`);
  return found;
}

describe('cluster model from watch events', () => {
  test('a failed Job: reason from its condition, exit code and message from its pod even when the pod arrives later', () => {
    const clock = clockAt('2026-03-02T12:20:00Z');
    const model = createClusterModel({ now: clock.now });
    applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('embu-sla')));
    applyEvent(
      model,
      'jobs',
      'ADDED',
      toJobRecord(jobObject('embu-sla-1', { cronJob: 'embu-sla', scheduledAt: '2026-03-02T09:15:00-03:00', started: '2026-03-02T12:15:01Z' })),
    );
    applyEvent(model, 'pods', 'ADDED', toPodRecord(podObject('embu-sla-1-abc', 'embu-sla-1')));
    let summary = summaryOf(summarizeCronJobs(model, { now: clock.now() }), 'embu-sla');
    assert.equal(summary.activeRuns, 1);
    assert.equal(summary.runs[0]?.outcome, 'running');
    assert.equal(summary.activeRunSeconds, 299);

    applyEvent(
      model,
      'jobs',
      'MODIFIED',
      toJobRecord(
        jobObject('embu-sla-1', {
          cronJob: 'embu-sla',
          scheduledAt: '2026-03-02T09:15:00-03:00',
          started: '2026-03-02T12:15:01Z',
          end: {
            type: 'Failed',
            at: '2026-03-02T12:15:31Z',
            reason: 'PodFailurePolicy',
            message: 'Container job for pod pontual/embu-sla-1-abc failed with exit code 2 matching FailJob rule at index 0',
          },
        }),
      ),
    );
    summary = summaryOf(summarizeCronJobs(model, { now: clock.now() }), 'embu-sla');
    assert.equal(summary.lastFailure?.reason, 'PodFailurePolicy');
    assert.equal(summary.lastFailure.exitCode, 2, 'read from the condition message until the pod says more');

    applyEvent(
      model,
      'pods',
      'MODIFIED',
      toPodRecord(
        podObject('embu-sla-1-abc', 'embu-sla-1', { exitCode: 2, message: 'CONFIG_INVALID: WMS_API_URL is missing', finishedAt: '2026-03-02T12:15:30Z' }),
      ),
    );
    summary = summaryOf(summarizeCronJobs(model, { now: clock.now() }), 'embu-sla');
    assert.deepEqual(
      { reason: summary.lastFailure?.reason, exitCode: summary.lastFailure?.exitCode, message: summary.lastFailure?.message },
      { reason: 'PodFailurePolicy', exitCode: 2, message: 'CONFIG_INVALID: WMS_API_URL is missing' },
    );
    assert.equal(summary.lastOutcome, 'failed');
    assert.equal(summary.lastRunFailed, true);
    assert.equal(summary.activeRuns, 0);
    assert.equal(summary.lastDurationSeconds, 30);
    assert.deepEqual(summary.runCounts, [{ outcome: 'failed', reason: 'PodFailurePolicy', count: 1 }]);
  });

  test('history, counters and the failure streak outlive deleted Jobs, and a Job is counted once', () => {
    const clock = clockAt('2026-03-02T13:00:00Z');
    const model = createClusterModel({ now: clock.now });
    applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('store-status', { schedule: '*/5 * * * *', timeout: 60 })));
    const finished = (name: string, at: string, type: 'Complete' | 'Failed', reason?: string) =>
      toJobRecord(
        jobObject(name, {
          cronJob: 'store-status',
          started: at,
          end: { type, at: new Date(new Date(at).getTime() + 5_000).toISOString(), ...(reason === undefined ? {} : { reason }) },
        }),
      );
    // The initial list delivers Jobs in no particular order.
    applyEvent(model, 'jobs', 'ADDED', finished('store-status-3', '2026-03-02T12:10:00Z', 'Failed', 'BackoffLimitExceeded'));
    applyEvent(model, 'jobs', 'ADDED', finished('store-status-1', '2026-03-02T12:00:00Z', 'Complete'));
    applyEvent(model, 'jobs', 'ADDED', finished('store-status-4', '2026-03-02T12:15:00Z', 'Failed', 'DeadlineExceeded'));
    applyEvent(model, 'jobs', 'ADDED', finished('store-status-2', '2026-03-02T12:05:00Z', 'Complete'));
    applyEvent(model, 'jobs', 'MODIFIED', finished('store-status-4', '2026-03-02T12:15:00Z', 'Failed', 'DeadlineExceeded'));
    for (const name of ['store-status-1', 'store-status-2', 'store-status-3', 'store-status-4']) {
      applyEvent(model, 'jobs', 'DELETED', finished(name, '2026-03-02T12:00:00Z', 'Complete'));
    }
    const summary = summaryOf(summarizeCronJobs(model, { now: clock.now() }), 'store-status');
    assert.equal(summary.consecutiveFailures, 2);
    assert.equal(summary.lastSuccess?.toISOString(), '2026-03-02T12:05:05.000Z');
    assert.equal(summary.lastFailure?.reason, 'DeadlineExceeded');
    assert.deepEqual(
      summary.runs.map((run) => run.job),
      ['store-status-4', 'store-status-3', 'store-status-2', 'store-status-1'],
    );
    assert.deepEqual(
      [...summary.runCounts].sort((a, b) => a.reason.localeCompare(b.reason)),
      [
        { outcome: 'succeeded', reason: '', count: 2 },
        { outcome: 'failed', reason: 'BackoffLimitExceeded', count: 1 },
        { outcome: 'failed', reason: 'DeadlineExceeded', count: 1 },
      ],
    );
    assert.equal(summary.durations.count, 4);
    assert.equal(summary.durations.sum, 20);
    assert.equal(summary.durations.buckets.find((bucket) => bucket.le === 5)?.count, 4);
    assert.equal(summary.timeoutSeconds, 60);
  });

  test('the ledger marks a run skipped, adds runs Kubernetes forgot, and counts skipped runs once', () => {
    const clock = clockAt('2026-03-02T13:00:00Z');
    const model = createClusterModel({ now: clock.now });
    applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('bonus-calc', { schedule: '0 6 * * *' })));
    applyEvent(
      model,
      'jobs',
      'ADDED',
      toJobRecord(jobObject('bonus-calc-9', { cronJob: 'bonus-calc', started: '2026-03-02T09:00:01Z', end: { type: 'Complete', at: '2026-03-02T09:00:02Z' } })),
    );
    const entry = (runId: string, kubeJob: string, outcome: LedgerEntry['outcome'], startedAt: string): LedgerEntry => ({
      runId,
      job: 'bonus-calc',
      kubeJob,
      namespace: NAMESPACE,
      startedAt,
      finishedAt: startedAt,
      durationMs: 1_000,
      outcome,
      exitCode: outcome === 'failed' ? 1 : 0,
    });
    const ledger = new Map([
      ['bonus-calc', [entry('r9', 'bonus-calc-9', 'skipped', '2026-03-02T09:00:01Z'), entry('r1', 'bonus-calc-1', 'failed', '2026-02-20T09:00:01Z')]],
    ]);
    applyLedgerEntries(model, NAMESPACE, ledger.get('bonus-calc') ?? []);
    applyLedgerEntries(model, NAMESPACE, ledger.get('bonus-calc') ?? []);
    const summary = summaryOf(summarizeCronJobs(model, { now: clock.now(), ledger }), 'bonus-calc');
    assert.deepEqual(
      summary.runs.map((run) => [run.job, run.outcome, run.reason]),
      [
        ['bonus-calc-9', 'skipped', 'Skipped'],
        ['bonus-calc-1', 'failed', 'ExitCode1'],
      ],
    );
    assert.equal(summary.lastOutcome, 'skipped');
    assert.deepEqual(summary.runCounts, [{ outcome: 'skipped', reason: 'Skipped', count: 1 }], 'its completed Job is not a success too');
  });
});

describe('late and missed runs with an injected clock', () => {
  const start = (clock: ReturnType<typeof clockAt>, options: Parameters<typeof cronJobObject>[1]) => {
    const model = createClusterModel({ now: clock.now });
    applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('embu-sla', options)));
    return model;
  };
  const state = (model: ReturnType<typeof createClusterModel>, clock: ReturnType<typeof clockAt>) => {
    const summary = summaryOf(summarizeCronJobs(model, { now: clock.now() }), 'embu-sla');
    return { late: summary.late, missed: summary.missedRuns, next: summary.nextSchedule?.toISOString() };
  };

  test('a due time with a Job is on time; without one it is late after 10 s and missed after the starting deadline', () => {
    const clock = clockAt('2026-03-02T12:10:00Z');
    const model = start(clock, { created: '2026-03-01T00:00:00Z', lastSchedule: '2026-03-02T12:00:00Z' });
    assert.deepEqual(state(model, clock), { late: false, missed: 0, next: '2026-03-02T12:15:00.000Z' });
    clock.set('2026-03-02T12:15:05Z');
    assert.deepEqual(state(model, clock), { late: false, missed: 0, next: '2026-03-02T12:30:00.000Z' }, 'within the grace');
    clock.set('2026-03-02T12:15:11Z');
    assert.equal(state(model, clock).late, true);
    clock.set('2026-03-02T12:20:10Z');
    assert.deepEqual(state(model, clock), { late: true, missed: 0, next: '2026-03-02T12:30:00.000Z' }, 'deadline (300 s) plus margin not over yet');
    clock.set('2026-03-02T12:20:11Z');
    assert.deepEqual(state(model, clock), { late: true, missed: 1, next: '2026-03-02T12:30:00.000Z' });
    // Folding keeps the count and shortens later walks.
    settleSchedules(model);
    assert.equal(state(model, clock).missed, 1);
    // The controller comes back and runs 12:30 on time.
    clock.set('2026-03-02T12:30:01Z');
    applyEvent(
      model,
      'jobs',
      'ADDED',
      toJobRecord(jobObject('embu-sla-x', { cronJob: 'embu-sla', scheduledAt: '2026-03-02T09:30:00-03:00', started: '2026-03-02T12:30:01Z' })),
    );
    clock.set('2026-03-02T12:31:00Z');
    assert.deepEqual(state(model, clock), { late: false, missed: 1, next: '2026-03-02T12:45:00.000Z' });
    settleSchedules(model);
    clock.set('2026-03-02T13:00:00Z');
    applyEvent(
      model,
      'cronjobs',
      'MODIFIED',
      toCronJobRecord(cronJobObject('embu-sla', { created: '2026-03-01T00:00:00Z', lastSchedule: '2026-03-02T12:45:00Z' })),
    );
    assert.deepEqual(state(model, clock), { late: false, missed: 1, next: '2026-03-02T13:15:00.000Z' }, 'lastScheduleTime counts as a Job for 12:45');
  });

  test('a suspended CronJob is never late and its skipped times are not missed, also after it is resumed', () => {
    const clock = clockAt('2026-03-02T12:10:00Z');
    const model = start(clock, { created: '2026-03-01T00:00:00Z', lastSchedule: '2026-03-02T12:00:00Z' });
    applyEvent(
      model,
      'cronjobs',
      'MODIFIED',
      toCronJobRecord(cronJobObject('embu-sla', { created: '2026-03-01T00:00:00Z', lastSchedule: '2026-03-02T12:00:00Z', suspend: true })),
    );
    clock.set('2026-03-02T14:00:00Z');
    assert.deepEqual(state(model, clock), { late: false, missed: 0, next: undefined });
    applyEvent(
      model,
      'cronjobs',
      'MODIFIED',
      toCronJobRecord(cronJobObject('embu-sla', { created: '2026-03-01T00:00:00Z', lastSchedule: '2026-03-02T12:00:00Z' })),
    );
    clock.set('2026-03-02T14:05:00Z');
    assert.deepEqual(state(model, clock), { late: false, missed: 0, next: '2026-03-02T14:15:00.000Z' }, '14:00 passed while suspended');
    clock.set('2026-03-02T14:15:30Z');
    assert.equal(state(model, clock).late, true, 'the first time after resuming is judged');
  });

  test('a schedule change judges the new schedule from the change: its earlier times were never due', () => {
    const clock = clockAt('2026-03-02T12:00:30Z');
    const options = { created: '2026-03-01T00:00:00Z', lastSchedule: '2026-03-02T12:00:00Z' };
    const model = start(clock, options);
    // 12:07 is a time of the new schedule before the change: under */15 nothing was due then.
    clock.set('2026-03-02T12:08:00Z');
    applyEvent(model, 'cronjobs', 'MODIFIED', toCronJobRecord(cronJobObject('embu-sla', { ...options, schedule: '*/1 * * * *', deadline: 20 })));
    clock.set('2026-03-02T12:08:05Z');
    assert.deepEqual(state(model, clock), { late: false, missed: 0, next: '2026-03-02T12:09:00.000Z' });
    settleSchedules(model);
    // The first time under the new schedule is judged like any other.
    clock.set('2026-03-02T12:09:31Z');
    assert.deepEqual(state(model, clock), { late: true, missed: 1, next: '2026-03-02T12:10:00.000Z' });
  });

  test('a schedule change keeps the misses already final under the old schedule', () => {
    const clock = clockAt('2026-03-02T12:10:00Z');
    const options = { created: '2026-03-01T00:00:00Z', lastSchedule: '2026-03-02T12:00:00Z' };
    const model = start(clock, options);
    clock.set('2026-03-02T12:21:00Z');
    assert.equal(state(model, clock).missed, 1, '12:15 missed under */15');
    applyEvent(model, 'cronjobs', 'MODIFIED', toCronJobRecord(cronJobObject('embu-sla', { ...options, schedule: '*/10 * * * *' })));
    assert.deepEqual(state(model, clock), { late: false, missed: 1, next: '2026-03-02T12:30:00.000Z' }, '12:20 was never due under */15');
  });

  test('times before the CronJob existed are not its to run', () => {
    const clock = clockAt('2026-03-02T12:16:00Z');
    const model = start(clock, { created: '2026-03-02T12:15:30Z' });
    assert.deepEqual(state(model, clock), { late: false, missed: 0, next: '2026-03-02T12:30:00.000Z' });
  });

  test('without a starting deadline, a time is missed once the next one is due', () => {
    const clock = clockAt('2026-03-02T12:00:00Z');
    const model = createClusterModel({ now: clock.now });
    const object = cronJobObject('embu-sla', { created: '2026-03-01T00:00:00Z', lastSchedule: '2026-03-02T12:00:00Z' });
    delete object.spec.startingDeadlineSeconds;
    applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(object));
    clock.set('2026-03-02T12:29:00Z');
    assert.deepEqual(state(model, clock), { late: true, missed: 0, next: '2026-03-02T12:30:00.000Z' });
    clock.set('2026-03-02T12:30:11Z');
    assert.deepEqual(state(model, clock), { late: true, missed: 1, next: '2026-03-02T12:45:00.000Z' });
  });

  test('an invalid schedule is reported, not thrown', () => {
    const clock = clockAt('2026-03-02T12:00:00Z');
    const model = start(clock, { schedule: '0 0 * * 7' });
    const summary = summaryOf(summarizeCronJobs(model, { now: clock.now() }), 'embu-sla');
    assert.match(summary.scheduleError ?? '', /above the maximum 6/);
    assert.equal(summary.nextSchedule, undefined);
  });
});
