/**
 * An OOMKilled run is reported as such (status service and CLI share core/model/job-outcome.ts),
 * from the pod record to the run's reason and message.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobOutcome } from '../../../core/model/job-outcome.ts';
import { applyEvent, createClusterModel, toCronJobRecord, toJobRecord, toPodRecord } from '../../../core/model/cluster-model.ts';
import { summarizeCronJobs } from '../../../core/model/summarize.ts';
import { cronJobObject, jobObject, podObject } from '../../../devkit/status-fixtures.ts';

const failedJob = (reason: string) =>
  toJobRecord(
    jobObject('store-status-1', { cronJob: 'store-status', started: '2026-12-01T12:00:00Z', end: { type: 'Failed', at: '2026-12-01T12:00:10Z', reason } }),
  );
const pod = (exitCode: number, reason: string) => podObject('store-status-1-abcde', 'store-status-1', { exitCode, reason, finishedAt: '2026-12-01T12:00:09Z' });

test('a pod OOMKilled at its memory limit makes the run OOMKilled, exit 137, with a message saying what happened', () => {
  const result = jobOutcome(failedJob('BackoffLimitExceeded'), [toPodRecord(pod(137, 'OOMKilled'))]);
  assert.equal(result.outcome, 'failed');
  assert.equal(result.reason, 'OOMKilled');
  assert.equal(result.exitCode, 137);
  assert.match(result.message ?? '', /memory limit/);
});

test('the deadline wins over an OOM (the Job was stopped either way); a plain exit 1 stays BackoffLimitExceeded', () => {
  assert.equal(jobOutcome(failedJob('DeadlineExceeded'), [toPodRecord(pod(137, 'OOMKilled'))]).reason, 'DeadlineExceeded');
  assert.equal(jobOutcome(failedJob('BackoffLimitExceeded'), [toPodRecord(pod(1, 'Error'))]).reason, 'BackoffLimitExceeded');
});

test('the OOMKilled pod arriving after its Job failed moves the run from BackoffLimitExceeded to OOMKilled, counted once', () => {
  const model = createClusterModel({ now: () => new Date('2026-12-01T12:05:00Z') });
  applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('store-status')));
  applyEvent(
    model,
    'jobs',
    'ADDED',
    toJobRecord(
      jobObject('store-status-1', {
        cronJob: 'store-status',
        started: '2026-12-01T12:00:00Z',
        end: { type: 'Failed', at: '2026-12-01T12:00:10Z', reason: 'BackoffLimitExceeded' },
      }),
    ),
  );
  applyEvent(model, 'pods', 'ADDED', toPodRecord(pod(137, 'OOMKilled')));
  const summary = summarizeCronJobs(model, { now: new Date('2026-12-01T12:05:00Z') }).find((candidate) => candidate.name === 'store-status');
  assert.ok(summary !== undefined);
  assert.deepEqual(
    summary.runs.map((run) => [run.reason, run.exitCode]),
    [['OOMKilled', 137]],
  );
  assert.deepEqual(
    summary.runCounts.filter((count) => count.outcome === 'failed'),
    [{ outcome: 'failed', reason: 'OOMKilled', count: 1 }],
  );
});
