/**
 * A run that found the job's lock held exits 0, so its Job completes like a success; the run
 * ledger says it was skipped. Such a run counts once, as skipped: not as a success, without
 * resetting the failure streak or moving the last success, whichever of the two arrives first.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LedgerEntry } from '../../../core/run-ledger.ts';
import {
  applyEvent,
  applyLedgerEntries,
  classifyRuns,
  createClusterModel,
  toCronJobRecord,
  toJobRecord,
  type ClusterModel,
} from '../../../core/model/cluster-model.ts';
import { summarizeCronJobs, type CronJobSummary } from '../../../core/model/summarize.ts';
import { cronJobObject, jobObject, NAMESPACE } from '../../../devkit/status-fixtures.ts';

const NOW = new Date('2026-03-02T13:00:00Z');

function finishedJob(name: string, startedAt: string, type: 'Complete' | 'Failed' | undefined) {
  const end = new Date(new Date(startedAt).getTime() + 5_000).toISOString();
  return toJobRecord(
    jobObject(name, {
      cronJob: 'store-status',
      started: startedAt,
      ...(type === undefined ? {} : { end: { type, at: end, ...(type === 'Failed' ? { reason: 'BackoffLimitExceeded' } : {}) } }),
    }),
  );
}

function skippedEntry(kubeJob: string | undefined, startedAt: string): LedgerEntry {
  return {
    runId: `run-${kubeJob ?? startedAt}`,
    job: 'store-status',
    ...(kubeJob === undefined ? {} : { kubeJob }),
    namespace: NAMESPACE,
    startedAt,
    finishedAt: startedAt,
    durationMs: 200,
    outcome: 'skipped',
    exitCode: 0,
  };
}

function summary(model: ClusterModel, ledger: readonly LedgerEntry[] = []): CronJobSummary {
  const found = summarizeCronJobs(model, { now: NOW, ledger: new Map([['store-status', ledger]]) })[0];
  assert.ok(found);
  return found;
}

const sortedCounts = (found: CronJobSummary) =>
  [...found.runCounts].sort((a, b) => a.outcome.localeCompare(b.outcome)).map((count) => [count.outcome, count.reason, count.count]);

describe('skipped runs from the ledger', () => {
  test('ledger read after the Job completed: the run is re-counted as skipped, streak and last success untouched', () => {
    const model = createClusterModel({ now: () => NOW });
    // Kubernetes records the skipped Job's completion as the CronJob's last success.
    applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('store-status', { schedule: '*/5 * * * *', lastSuccess: '2026-03-02T12:10:05Z' })));
    applyEvent(model, 'jobs', 'ADDED', finishedJob('store-status-1', '2026-03-02T12:00:00Z', 'Complete'));
    applyEvent(model, 'jobs', 'ADDED', finishedJob('store-status-2', '2026-03-02T12:05:00Z', 'Failed'));
    applyEvent(model, 'jobs', 'ADDED', finishedJob('store-status-3', '2026-03-02T12:10:00Z', 'Complete'));
    applyEvent(model, 'jobs', 'ADDED', finishedJob('store-status-4', '2026-03-02T12:15:00Z', 'Failed'));
    assert.equal(summary(model).consecutiveFailures, 1, 'before the ledger is read, job 3 looks like a success');

    const ledger = [skippedEntry('store-status-3', '2026-03-02T12:10:01Z')];
    applyLedgerEntries(model, NAMESPACE, ledger);
    applyLedgerEntries(model, NAMESPACE, ledger);
    const found = summary(model, ledger);
    assert.deepEqual(sortedCounts(found), [
      ['failed', 'BackoffLimitExceeded', 2],
      ['skipped', 'Skipped', 1],
      ['succeeded', '', 1],
    ]);
    assert.equal(found.consecutiveFailures, 2);
    assert.equal(found.lastSuccess?.toISOString(), '2026-03-02T12:00:05.000Z');
    assert.deepEqual(
      found.runs.map((run) => [run.job, run.outcome]),
      [
        ['store-status-4', 'failed'],
        ['store-status-3', 'skipped'],
        ['store-status-2', 'failed'],
        ['store-status-1', 'succeeded'],
      ],
    );
  });

  test('ledger read while the Job was still running: it is counted as skipped when it completes', () => {
    const model = createClusterModel({ now: () => NOW });
    applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('store-status', { schedule: '*/5 * * * *' })));
    applyEvent(model, 'jobs', 'ADDED', finishedJob('store-status-1', '2026-03-02T12:00:00Z', 'Failed'));
    applyEvent(model, 'jobs', 'ADDED', finishedJob('store-status-2', '2026-03-02T12:05:00Z', undefined));
    const ledger = [skippedEntry('store-status-2', '2026-03-02T12:05:01Z')];
    applyLedgerEntries(model, NAMESPACE, ledger);
    applyEvent(model, 'jobs', 'MODIFIED', finishedJob('store-status-2', '2026-03-02T12:05:00Z', 'Complete'));
    applyLedgerEntries(model, NAMESPACE, ledger);
    const found = summary(model, ledger);
    assert.deepEqual(sortedCounts(found), [
      ['failed', 'BackoffLimitExceeded', 1],
      ['skipped', 'Skipped', 1],
    ]);
    assert.equal(found.consecutiveFailures, 1);
    assert.equal(found.lastSuccess, undefined);
    assert.equal(found.lastOutcome, 'skipped');
  });

  test('a skipped run with no Kubernetes Job is counted from the ledger, under the same labels', () => {
    const model = createClusterModel({ now: () => NOW });
    applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('store-status', { schedule: '*/5 * * * *' })));
    applyEvent(model, 'jobs', 'ADDED', finishedJob('store-status-1', '2026-03-02T12:00:00Z', 'Complete'));
    const ledger = [skippedEntry('store-status-1', '2026-03-02T12:00:01Z'), skippedEntry(undefined, '2026-03-02T12:20:00Z')];
    applyLedgerEntries(model, NAMESPACE, ledger);
    applyLedgerEntries(model, NAMESPACE, ledger);
    assert.deepEqual(sortedCounts(summary(model, ledger)), [['skipped', 'Skipped', 2]]);
  });

  test('the service holds a completed Job until the ledger is read, so no counter ever goes down', () => {
    const model = createClusterModel({ now: () => NOW, awaitLedger: true });
    applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('store-status', { schedule: '*/5 * * * *' })));
    const seen: Map<string, number>[] = [];
    const observe = (ledger: readonly LedgerEntry[]) => {
      const counts = sortedCounts(summary(model, ledger));
      seen.push(new Map(counts.map(([outcome, reason, count]) => [`${String(outcome)}|${String(reason)}`, Number(count)])));
      return counts.map((count) => count.join(' '));
    };

    applyEvent(model, 'jobs', 'ADDED', finishedJob('store-status-1', '2026-03-02T12:00:00Z', 'Complete'));
    applyEvent(model, 'jobs', 'ADDED', finishedJob('store-status-2', '2026-03-02T12:05:00Z', 'Failed'));
    assert.deepEqual(observe([]), ['failed BackoffLimitExceeded 1'], 'a failure is final at once; the completion waits for the ledger');
    // A ledger read starts: it sees job 1's entry (the runtime wrote it before its pod exited).
    const waiting = [...model.unclassifiedJobs.keys()];
    applyEvent(model, 'jobs', 'ADDED', finishedJob('store-status-3', '2026-03-02T12:10:00Z', 'Complete'));
    const ledger = [skippedEntry('store-status-1', '2026-03-02T12:00:01Z')];
    applyLedgerEntries(model, NAMESPACE, ledger);
    classifyRuns(model, waiting);
    assert.deepEqual(observe(ledger), ['failed BackoffLimitExceeded 1', 'skipped Skipped 1'], 'job 3 completed after the read started: still held');
    classifyRuns(model, [...model.unclassifiedJobs.keys()]);
    const found = summary(model, ledger);
    assert.deepEqual(observe(ledger), ['failed BackoffLimitExceeded 1', 'skipped Skipped 1', 'succeeded  1']);
    assert.equal(found.lastSuccess?.toISOString(), '2026-03-02T12:10:05.000Z');
    assert.equal(found.consecutiveFailures, 0);
    assert.equal(model.unclassifiedJobs.size, 0);

    seen.slice(1).forEach((counts, index) => {
      for (const [label, before] of seen[index] ?? []) assert.ok((counts.get(label) ?? 0) >= before, `${label} went down`);
    });
  });
});
