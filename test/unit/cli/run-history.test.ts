import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import type { LedgerEntry } from '../../../core/run-ledger.ts';
import { mergeRunHistory, triggerOf } from '../../../cli/run-history.ts';

function ledger(runId: string, kubeJob: string | undefined, startedAt: string, seconds: number, outcome: LedgerEntry['outcome'], extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    runId,
    job: 'store-status',
    ...(kubeJob === undefined ? {} : { kubeJob }),
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + seconds * 1000).toISOString(),
    durationMs: seconds * 1000,
    outcome,
    exitCode: outcome === 'ok' || outcome === 'skipped' ? 0 : 1,
    ...extra,
  };
}

function kubeJob(name: string, annotations: Record<string, string>, status: V1Job['status']): V1Job {
  return { metadata: { name, uid: name, annotations }, status };
}

const failedPod: V1Pod = {
  metadata: { name: 'store-status-29412360-a', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'store-status-29412360', uid: 'store-status-29412360' }] },
  status: { phase: 'Failed', containerStatuses: [{ name: 'job', image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1 } } }] },
};

test('runs merge by Job name: the cluster decides outcome and trigger, the ledger adds attempts and error codes', () => {
  const jobs = [
    kubeJob('store-status-29412360', { 'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-11-30T13:00:00Z' }, {
      startTime: new Date('2026-11-30T13:00:01Z'),
      failed: 2,
      conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', lastTransitionTime: new Date('2026-11-30T13:01:01Z') }],
    }),
    kubeJob('store-status-manual-x7k2p', { 'cronjob.kubernetes.io/instantiate': 'manual' }, { startTime: new Date('2026-11-30T13:02:00Z'), active: 1 }),
  ];
  const entries = [
    ledger('a1', 'store-status-29412360', '2026-11-30T13:00:02.000Z', 20, 'failed', { errorCode: 'SOURCE_UNAVAILABLE' }),
    ledger('a2', 'store-status-29412360', '2026-11-30T13:00:40.000Z', 20, 'failed', { errorCode: 'SOURCE_UNAVAILABLE' }),
    ledger('old', 'store-status-29412355', '2026-11-30T12:55:01.000Z', 3, 'ok'),
    ledger('lock', 'store-status-manual-b4d6f', '2026-11-30T12:50:01.000Z', 1, 'skipped'),
    ledger('dev', undefined, '2026-11-30T11:00:00.000Z', 2, 'deadline', { errorCode: 'DEADLINE_EXCEEDED' }),
  ];
  const rows = mergeRunHistory('store-status', entries, jobs, [failedPod], 10);
  assert.deepEqual(
    rows.map((row) => [row.run, row.trigger, row.outcome, row.reason, row.durationSeconds, row.attempts, row.source]),
    [
      ['store-status-manual-x7k2p', 'manual', 'pending', undefined, undefined, 0, 'cluster'],
      ['store-status-29412360', 'scheduled', 'failed', 'BackoffLimitExceeded, exit code 1, SOURCE_UNAVAILABLE', 60, 2, 'cluster+ledger'],
      ['store-status-29412355', 'scheduled', 'succeeded', undefined, 3, 1, 'ledger'],
      ['store-status-manual-b4d6f', 'manual', 'skipped', undefined, 1, 1, 'ledger'],
      ['dev', 'local', 'failed', 'deadline, DEADLINE_EXCEEDED, exit code 1', 2, 1, 'ledger'],
    ],
  );
  assert.equal(mergeRunHistory('store-status', entries, jobs, [], 2).length, 2);
});

test('a completed Job whose only attempt found the lock taken was skipped', () => {
  const job = kubeJob('store-status-manual-q2w3e', { 'cronjob.kubernetes.io/instantiate': 'manual' }, {
    startTime: new Date('2026-11-30T13:02:00Z'),
    completionTime: new Date('2026-11-30T13:02:03Z'),
    conditions: [{ type: 'Complete', status: 'True' }],
  });
  const [row] = mergeRunHistory('store-status', [ledger('s', 'store-status-manual-q2w3e', '2026-11-30T13:02:01.000Z', 1, 'skipped')], [job], [], 5);
  assert.equal(row?.outcome, 'skipped');
  assert.equal(row?.reason, 'another run held the lock');
});

test('trigger from the annotations the controller and kubectl write', () => {
  assert.equal(triggerOf(kubeJob('a', { 'cronjob.kubernetes.io/instantiate': 'manual' }, {})), 'manual');
  assert.equal(triggerOf(kubeJob('b', { 'batch.kubernetes.io/cronjob-scheduled-timestamp': 'x' }, {})), 'scheduled');
  assert.equal(triggerOf(kubeJob('c', {}, {})), 'unknown');
});
