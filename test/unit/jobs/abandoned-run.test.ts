import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromStreamFields, toStreamFields } from '../../../core/run-ledger.ts';
import { abandonedEntry } from '../../../jobs/runtime/abandoned-run.ts';

test('an abandoned run ends at its last heartbeat, without an exit code, and reads back from the ledger', () => {
  const entry = abandonedEntry(
    {
      runId: 'r-1',
      job: 'bonus-calc',
      kubeJob: 'bonus-calc-29388960',
      pod: 'bonus-calc-29388960-aaaaa',
      namespace: 'pontual',
      startedAt: '2026-11-24T09:00:00.000Z',
      heartbeatAt: '2026-11-24T09:00:42.000Z',
    },
    'r-2',
  );
  assert.deepEqual(
    [entry.outcome, entry.finishedAt, entry.durationMs, entry.exitCode, entry.errorCode],
    ['abandoned', '2026-11-24T09:00:42.000Z', 42_000, undefined, 'RUN_ABANDONED'],
  );
  assert.match(entry.errorMessage ?? '', /without recording its end \(last heartbeat 2026-11-24T09:00:42\.000Z\); found by run r-2$/);
  assert.deepEqual(fromStreamFields(toStreamFields(entry)), entry);
  // Only an abandoned run may lack its exit code.
  const fields = toStreamFields({ ...entry, outcome: 'failed' });
  assert.equal(fromStreamFields(fields), undefined);
});
