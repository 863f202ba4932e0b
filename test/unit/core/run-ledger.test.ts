import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromStreamFields, toStreamFields, type LedgerEntry } from '../../../core/run-ledger.ts';

const entry: LedgerEntry = {
  runId: 'r1', job: 'embu-sla', startedAt: '2026-03-02T12:00:00.000Z', finishedAt: '2026-03-02T12:00:30.000Z',
  durationMs: 30_000, outcome: 'succeeded', exitCode: 0,
};

test('an entry reads back as written, in the service\'s vocabulary', () => {
  assert.deepEqual(fromStreamFields(toStreamFields(entry)), entry);
});

test('an entry written before the ledger said `succeeded` (outcome `ok`) reads as succeeded', () => {
  const old = toStreamFields(entry).map((field) => (field === 'succeeded' ? 'ok' : field));
  assert.ok(old.includes('ok'));
  assert.deepEqual(fromStreamFields(old), entry);
});

test('an entry with an unknown outcome breaks the contract and is skipped', () => {
  const odd = toStreamFields(entry).map((field) => (field === 'succeeded' ? 'maybe' : field));
  assert.equal(fromStreamFields(odd), undefined);
});
