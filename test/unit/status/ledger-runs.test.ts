/**
 * Runs the watch never saw finish (a Job finished and deleted while the watch was down) are
 * counted from the run ledger, each exactly once whichever side sees it first, and only runs
 * that finished since the service started.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LedgerEntry, LedgerOutcome } from '../../../core/run-ledger.ts';
import {
  applyEvent,
  applyLedgerEntries,
  classifyRuns,
  countLedgerRuns,
  createClusterModel,
  toCronJobRecord,
  toJobRecord,
  type ClusterModel,
} from '../../../core/model/cluster-model.ts';
import { summarizeCronJobs, type CronJobSummary } from '../../../core/model/summarize.ts';
import { cronJobObject, jobObject, NAMESPACE } from '../../../devkit/status-fixtures.ts';

const NOW = new Date('2026-03-02T13:00:00Z');
const STARTED = Date.parse('2026-03-02T12:00:00Z');

function model(options: { awaitLedger?: boolean } = {}): ClusterModel {
  const created = createClusterModel({ now: () => NOW, countLedgerRunsFrom: STARTED, awaitLedger: options.awaitLedger ?? false });
  applyEvent(created, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('store-status', { schedule: '*/5 * * * *' })));
  return created;
}

function job(name: string, startedAt: string, end?: 'Complete' | 'Failed') {
  const at = new Date(Date.parse(startedAt) + 5_000).toISOString();
  return toJobRecord(
    jobObject(name, {
      cronJob: 'store-status',
      started: startedAt,
      ...(end === undefined ? {} : { end: { type: end, at, ...(end === 'Failed' ? { reason: 'BackoffLimitExceeded' } : {}) } }),
    }),
  );
}

function entry(kubeJob: string, startedAt: string, outcome: LedgerOutcome = 'succeeded', exitCode = 0): LedgerEntry {
  const finishedAt = new Date(Date.parse(startedAt) + 4_000).toISOString();
  return {
    runId: `run-${kubeJob}`,
    job: 'store-status',
    kubeJob,
    namespace: NAMESPACE,
    startedAt,
    finishedAt,
    durationMs: 4_000,
    outcome,
    exitCode,
    ...(exitCode === 0 ? {} : { errorMessage: 'WMS API answered 503' }),
  };
}

function reconcile(target: ClusterModel, entries: readonly LedgerEntry[]): void {
  applyLedgerEntries(target, NAMESPACE, entries);
  countLedgerRuns(target, NAMESPACE, entries);
}

function summary(target: ClusterModel): CronJobSummary {
  const found = summarizeCronJobs(target, { now: NOW })[0];
  assert.ok(found);
  return found;
}

const counts = (found: CronJobSummary) =>
  [...found.runCounts]
    .sort((a, b) => a.outcome.localeCompare(b.outcome) || a.reason.localeCompare(b.reason))
    .map((count) => [count.outcome, count.reason, count.count]);

describe('runs counted from the ledger after a watch gap', () => {
  test('a Job seen running, finished and deleted in the gap counts once, from the ledger', () => {
    const target = model();
    applyEvent(target, 'jobs', 'ADDED', job('store-status-1', '2026-03-02T12:10:00Z'));
    const ledger = [entry('store-status-1', '2026-03-02T12:10:00Z')];
    reconcile(target, ledger);
    assert.deepEqual(counts(summary(target)), [], 'the model still holds the Job as running: the watch decides');
    // The re-list no longer has it: the watcher drops it from the model.
    applyEvent(target, 'jobs', 'DELETED', job('store-status-1', '2026-03-02T12:10:00Z'));
    reconcile(target, ledger);
    reconcile(target, ledger);
    const found = summary(target);
    assert.deepEqual(counts(found), [['succeeded', '', 1]]);
    assert.equal(found.lastSuccess?.toISOString(), '2026-03-02T12:10:04.000Z');
    assert.equal(found.durations.count, 1);
  });

  test('while the jobs watch is down, a Job the model still shows running is counted from the ledger, and only once', () => {
    const target = model();
    applyEvent(target, 'jobs', 'ADDED', job('store-status-8', '2026-03-02T12:12:00Z'));
    const ledger = [entry('store-status-8', '2026-03-02T12:12:00Z', 'failed', 1)];
    applyLedgerEntries(target, NAMESPACE, ledger);
    countLedgerRuns(target, NAMESPACE, ledger, { jobsWatched: false });
    assert.deepEqual(counts(summary(target)), [['failed', 'ExitCode1', 1]]);
    // The watch comes back and sees the Job failed: the same run.
    applyEvent(target, 'jobs', 'MODIFIED', job('store-status-8', '2026-03-02T12:12:00Z', 'Failed'));
    countLedgerRuns(target, NAMESPACE, ledger, { jobsWatched: true });
    const found = summary(target);
    assert.deepEqual(counts(found), [['failed', 'ExitCode1', 1]]);
    assert.deepEqual(
      found.runs.map((run) => [run.job, run.outcome]),
      [['store-status-8', 'failed']],
    );
  });

  test('a Job created, failed and deleted in the gap counts once as failed, with the ledger reason', () => {
    const target = model();
    reconcile(target, [entry('store-status-2', '2026-03-02T12:20:00Z', 'failed', 1)]);
    reconcile(target, [entry('store-status-2', '2026-03-02T12:20:00Z', 'failed', 1)]);
    const found = summary(target);
    assert.deepEqual(counts(found), [['failed', 'ExitCode1', 1]]);
    assert.equal(found.consecutiveFailures, 1);
    assert.equal(found.lastFailure?.message, 'WMS API answered 503');
  });

  test('a run the watch counted is not counted again once its Job is deleted', () => {
    const target = model();
    applyEvent(target, 'jobs', 'ADDED', job('store-status-3', '2026-03-02T12:30:00Z', 'Failed'));
    applyEvent(target, 'jobs', 'DELETED', job('store-status-3', '2026-03-02T12:30:00Z', 'Failed'));
    reconcile(target, [entry('store-status-3', '2026-03-02T12:30:00Z', 'failed', 2)]);
    assert.deepEqual(counts(summary(target)), [['failed', 'BackoffLimitExceeded', 1]]);
  });

  test('a run counted from the ledger is not counted again when a later list shows its Job', () => {
    const target = model({ awaitLedger: true });
    reconcile(target, [entry('store-status-4', '2026-03-02T12:40:00Z')]);
    applyEvent(target, 'jobs', 'ADDED', job('store-status-4', '2026-03-02T12:40:00Z', 'Complete'));
    classifyRuns(target, [...target.unclassifiedJobs.keys()]);
    applyEvent(target, 'jobs', 'MODIFIED', job('store-status-4', '2026-03-02T12:40:00Z', 'Complete'));
    assert.deepEqual(counts(summary(target)), [['succeeded', '', 1]]);
  });

  test('a completed Job waiting for the ledger read is counted by the watch, once', () => {
    const target = model({ awaitLedger: true });
    applyEvent(target, 'jobs', 'ADDED', job('store-status-5', '2026-03-02T12:45:00Z', 'Complete'));
    applyEvent(target, 'jobs', 'DELETED', job('store-status-5', '2026-03-02T12:45:00Z', 'Complete'));
    const waiting = [...target.unclassifiedJobs.keys()];
    reconcile(target, [entry('store-status-5', '2026-03-02T12:45:00Z')]);
    classifyRuns(target, waiting);
    reconcile(target, [entry('store-status-5', '2026-03-02T12:45:00Z')]);
    assert.deepEqual(counts(summary(target)), [['succeeded', '', 1]]);
  });

  test('a skipped run lost in the gap counts as skipped', () => {
    const target = model();
    reconcile(target, [entry('store-status-6', '2026-03-02T12:50:00Z', 'skipped')]);
    assert.deepEqual(counts(summary(target)), [['skipped', 'Skipped', 1]]);
  });

  test('runs that finished before the service started, and local runs, are not counted', () => {
    const target = model();
    const { kubeJob: _dropped, ...local } = entry('x', '2026-03-02T12:55:00Z');
    reconcile(target, [entry('store-status-0', '2026-03-02T11:50:00Z'), local]);
    assert.deepEqual(counts(summary(target)), []);
    const snapshot = createClusterModel({ now: () => NOW });
    applyEvent(snapshot, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('store-status', { schedule: '*/5 * * * *' })));
    reconcile(snapshot, [entry('store-status-7', '2026-03-02T12:55:00Z')]);
    assert.deepEqual(counts(summary(snapshot)), [], 'a model without countLedgerRunsFrom only refines');
  });
});
