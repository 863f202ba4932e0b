/**
 * What a run ledger entry says about its run in the status model's terms: `succeeded` → succeeded,
 * `failed`/`terminated` → `ExitCode<n>`, `deadline` → `DeadlineExceeded`, `skipped` → skipped.
 * Shared by the runs listed from the ledger and the runs counted from it.
 */
import type { LedgerEntry, LedgerOutcome } from '../run-ledger.ts';
import type { RunOutcome } from './job-outcome.ts';
import { SKIPPED_REASON } from './run-history.ts';

const LEDGER_RESULTS: Readonly<
  Record<LedgerOutcome, { outcome: Extract<RunOutcome, 'succeeded' | 'failed' | 'skipped'>; reason: (entry: LedgerEntry) => string }>
> = {
  succeeded: { outcome: 'succeeded', reason: () => '' },
  skipped: { outcome: 'skipped', reason: () => SKIPPED_REASON },
  failed: { outcome: 'failed', reason: (entry) => `ExitCode${entry.exitCode}` },
  deadline: { outcome: 'failed', reason: () => 'DeadlineExceeded' },
  terminated: { outcome: 'failed', reason: (entry) => `ExitCode${entry.exitCode}` },
  refused: { outcome: 'failed', reason: () => 'EmptyResultRefused' },
  abandoned: { outcome: 'failed', reason: () => 'Abandoned' },
};

export function ledgerOutcome(entry: LedgerEntry): { readonly outcome: 'succeeded' | 'failed' | 'skipped'; readonly reason: string } {
  const result = LEDGER_RESULTS[entry.outcome];
  return { outcome: result.outcome, reason: result.reason(entry) };
}
