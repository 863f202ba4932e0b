import assert from 'node:assert/strict';
import { test } from 'node:test';
import { historyRows } from '../../../cli/commands/history.ts';
import type { RunSummary } from '../../../core/model/summarize.ts';

const run = (fields: Partial<RunSummary>): RunSummary => ({
  job: undefined,
  runId: undefined,
  manual: false,
  scheduledAt: undefined,
  startedAt: undefined,
  finishedAt: undefined,
  durationSeconds: undefined,
  outcome: 'succeeded',
  reason: '',
  exitCode: undefined,
  message: undefined,
  ...fields,
});

test('the trigger comes from the manual annotation, else from the Job name the controller gives', () => {
  const rows = historyRows('embu-sla', [
    run({ job: 'embu-sla-manual-x7k2p', manual: true }),
    run({ job: 'embu-sla-29412345' }),
    // A ledger-only run started by `kubectl create job --from` with a chosen name.
    run({ job: 'embu-sla-rerun', runId: 'r3' }),
    run({ runId: 'r4', outcome: 'failed', reason: 'ExitCode2', exitCode: 2 }),
  ]);
  assert.deepEqual(
    rows.map((row) => [row.run, row.trigger]),
    [
      ['embu-sla-manual-x7k2p', 'manual'],
      ['embu-sla-29412345', 'scheduled'],
      ['embu-sla-rerun', 'manual'],
      ['r4', 'local'],
    ],
  );
  assert.deepEqual(rows[3], { run: 'r4', trigger: 'local', outcome: 'failed', reason: 'ExitCode2', exitCode: 2 });
});
