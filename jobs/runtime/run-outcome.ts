/**
 * How a run ended, decided from what its `run` settled with and why its signal was aborted.
 * Pure: the runner feeds it, the ledger and the exit code follow from it.
 */
import { isPontualError, toPontualError, type PontualError } from '../../core/errors.ts';
import type { LedgerOutcome } from '../../core/run-ledger.ts';

export interface RunEnding {
  readonly outcome: LedgerOutcome;
  readonly exitCode: number;
  /** Why the run did not succeed, with its cause chain: the ledger keeps code and message, the log the rest. */
  readonly error?: PontualError;
}

export const SKIPPED: RunEnding = { outcome: 'skipped', exitCode: 0 };

export function decideOutcome(settled: { ok: true } | { ok: false; error: unknown }, abortReason?: unknown): RunEnding {
  // A run that finished its work before a stop request arrived succeeded: its writes are in.
  if (settled.ok) return { outcome: 'succeeded', exitCode: 0 };
  // Otherwise the stop request explains the failure better than the AbortError it caused.
  if (isPontualError(abortReason, 'TERMINATED')) return failure('terminated', abortReason);
  if (isPontualError(abortReason, 'DEADLINE_EXCEEDED')) return failure('deadline', abortReason);
  // Any other stop (the lock taken over) is the reason; the job's AbortError only follows from it.
  if (isPontualError(abortReason)) return failure('failed', abortReason);
  if (isPontualError(settled.error, 'EMPTY_RESULT')) return failure('refused', settled.error);
  return failure('failed', settled.error);
}

function failure(outcome: LedgerOutcome, error: unknown): RunEnding {
  const pontual = toPontualError(error);
  return { outcome, exitCode: pontual.exitCode, error: pontual };
}
