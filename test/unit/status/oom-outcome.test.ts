/**
 * An OOMKilled run is reported as such (status service and CLI share core/model/job-outcome.ts),
 * from the pod record to the run's reason and message.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobOutcome } from '../../../core/model/job-outcome.ts';
import { toJobRecord, toPodRecord } from '../../../core/model/records.ts';
import { jobObject, podObject } from '../../../devkit/status-fixtures.ts';

const failedJob = (reason: string) =>
  toJobRecord(jobObject('store-status-1', { cronJob: 'store-status', started: '2026-12-01T12:00:00Z', end: { type: 'Failed', at: '2026-12-01T12:00:10Z', reason } }));
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
