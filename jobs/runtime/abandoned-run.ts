/**
 * The ledger entry of a run that never recorded its end, written by the run that found it. Pure.
 * It ends at its last heartbeat, the last instant it is known to have been alive; its exit code
 * is left out because nobody saw the process end (a SIGKILL, an OOM kill, a lost node, or a run
 * that failed while Redis was gone all look the same from here).
 */
import type { LedgerEntry, OpenRun } from '../../core/run-ledger.ts';

export function abandonedEntry(open: OpenRun, foundByRunId: string): LedgerEntry {
  const durationMs = Math.max(0, Date.parse(open.heartbeatAt) - Date.parse(open.startedAt));
  return {
    runId: open.runId,
    job: open.job,
    ...(open.kubeJob === undefined ? {} : { kubeJob: open.kubeJob }),
    ...(open.pod === undefined ? {} : { pod: open.pod }),
    ...(open.namespace === undefined ? {} : { namespace: open.namespace }),
    startedAt: open.startedAt,
    finishedAt: open.heartbeatAt,
    durationMs: Number.isFinite(durationMs) ? durationMs : 0,
    outcome: 'abandoned',
    errorCode: 'RUN_ABANDONED',
    errorMessage: `the run stopped without recording its end (last heartbeat ${open.heartbeatAt}); found by run ${foundByRunId}`,
  };
}
