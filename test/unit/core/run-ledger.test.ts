import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromStreamFields, toStreamFields, type LedgerEntry } from '../../../core/run-ledger.ts';

const entry: LedgerEntry = {
  runId: 'r1',
  job: 'embu-sla',
  startedAt: '2026-03-02T12:00:00.000Z',
  finishedAt: '2026-03-02T12:00:30.000Z',
  durationMs: 30_000,
  outcome: 'succeeded',
  exitCode: 0,
};

test("an entry reads back as written, in the service's vocabulary", () => {
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

test('an error message is stored and read back without the credentials it quotes, also one an older writer stored as is', () => {
  const failed: LedgerEntry = {
    ...entry,
    outcome: 'failed',
    exitCode: 1,
    errorCode: 'SOURCE_UNAVAILABLE',
    errorMessage: 'GET https://user:pw-1@wms/v1/x?api_key=pw-2 failed',
  };
  const written = toStreamFields(failed);
  assert.ok(!written.join(' ').includes('pw-'), written.join(' '));
  const stored = written.map((field) => (field.startsWith('GET') ? (failed.errorMessage ?? '') : field));
  assert.equal(fromStreamFields(stored)?.errorMessage, 'GET https://user:***@wms/v1/x?api_key=*** failed');
});
