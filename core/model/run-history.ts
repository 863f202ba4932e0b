/**
 * What the status service remembers of one CronJob's finished runs after Kubernetes deletes
 * their Jobs (history limits, TTL): the last runs, the last success and failure, the failure
 * streak, and running tallies for the counters and the duration histogram. Bounded per CronJob.
 */
import type { RunResult } from './job-outcome.ts';

/** Runs kept per CronJob; the failure streak keeps counting past it. */
export const KEPT_RUNS = 100;
export const SKIPPED_REASON = 'Skipped';
export const DURATION_BUCKETS_SECONDS = [1, 5, 10, 30, 60, 120, 180, 300, 600, 1800] as const;

export interface FinishedRun extends RunResult {
  /** `skipped`: the Job completed, but the job runtime found another run holding the lock. */
  readonly outcome: 'succeeded' | 'failed' | 'skipped';
  readonly job: string;
  readonly manual: boolean;
  readonly scheduledAt: number | undefined;
  readonly startedAt: number | undefined;
  readonly finishedAt: number;
  readonly durationSeconds: number | undefined;
}

export interface RunHistory {
  /** Oldest first, by finish time. */
  runs: FinishedRun[];
  /** Failures that left `runs` while no kept run was a success. */
  streakBeyondKept: number;
  /** Key `${outcome}|${reason}`. */
  readonly counts: Map<string, number>;
  /** Cumulative per bucket of DURATION_BUCKETS_SECONDS, then the +Inf count. */
  readonly durationBuckets: number[];
  durationSum: number;
  durationCount: number;
  lastSuccessAt: number | undefined;
  lastFailure: FinishedRun | undefined;
}

export function createRunHistory(): RunHistory {
  return {
    runs: [],
    streakBeyondKept: 0,
    counts: new Map(),
    durationBuckets: new Array<number>(DURATION_BUCKETS_SECONDS.length).fill(0),
    durationSum: 0,
    durationCount: 0,
    lastSuccessAt: undefined,
    lastFailure: undefined,
  };
}

/** Adds a run that just finished (each Job once). */
export function recordRun(history: RunHistory, run: FinishedRun): void {
  const key = `${run.outcome}|${run.reason}`;
  history.counts.set(key, (history.counts.get(key) ?? 0) + 1);
  if (run.durationSeconds !== undefined) {
    DURATION_BUCKETS_SECONDS.forEach((bound, index) => {
      if (run.durationSeconds !== undefined && run.durationSeconds <= bound) history.durationBuckets[index] = (history.durationBuckets[index] ?? 0) + 1;
    });
    history.durationSum += run.durationSeconds;
    history.durationCount += 1;
  }
  if (run.outcome === 'succeeded' && (history.lastSuccessAt === undefined || run.finishedAt > history.lastSuccessAt)) {
    history.lastSuccessAt = run.finishedAt;
  }
  if (run.outcome === 'failed' && (history.lastFailure === undefined || run.finishedAt >= history.lastFailure.finishedAt)) {
    history.lastFailure = run;
  }
  // Insert in finish order: the initial list delivers Jobs in no particular order.
  let index = history.runs.length;
  while (index > 0 && (history.runs[index - 1]?.finishedAt ?? 0) > run.finishedAt) index -= 1;
  history.runs.splice(index, 0, run);
  while (history.runs.length > KEPT_RUNS) {
    const dropped = history.runs.shift();
    if (dropped?.outcome === 'succeeded' || history.runs.some((kept) => kept.outcome === 'succeeded')) history.streakBeyondKept = 0;
    else if (dropped?.outcome === 'failed') history.streakBeyondKept += 1;
  }
}

/**
 * Re-counts a run recorded as succeeded once the ledger says it was skipped (the ledger is read
 * after the Job completes, or before: either order counts the run once). Returns whether it did.
 */
export function markSkipped(history: RunHistory, job: string): boolean {
  const index = history.runs.findIndex((run) => run.job === job);
  const run = history.runs[index];
  if (run?.outcome !== 'succeeded') return false;
  const succeededKey = `succeeded|${run.reason}`;
  const succeeded = (history.counts.get(succeededKey) ?? 0) - 1;
  if (succeeded > 0) history.counts.set(succeededKey, succeeded);
  else history.counts.delete(succeededKey);
  history.counts.set(`skipped|${SKIPPED_REASON}`, (history.counts.get(`skipped|${SKIPPED_REASON}`) ?? 0) + 1);
  history.runs[index] = { ...run, outcome: 'skipped', reason: SKIPPED_REASON };
  if (history.lastSuccessAt === run.finishedAt) {
    // Successes older than the kept runs are forgotten, as the streak beyond them is.
    const successes = history.runs.filter((kept) => kept.outcome === 'succeeded').map((kept) => kept.finishedAt);
    history.lastSuccessAt = successes.length === 0 ? undefined : Math.max(...successes);
  }
  return true;
}

/** Adds what a pod reported after its Job finished (exit code, termination message, and the reason they imply). */
export function refineRun(history: RunHistory, job: string, detail: Pick<RunResult, 'exitCode' | 'message'> & { readonly reason?: string }): void {
  const index = history.runs.findIndex((run) => run.job === job);
  const run = history.runs[index];
  if (run === undefined) return;
  const refined = { ...run, ...detail };
  if (refined.reason !== run.reason) {
    // The pod told more than the Job's condition (e.g. OOMKilled): the run is counted under its new reason.
    const before = `${run.outcome}|${run.reason}`;
    const left = (history.counts.get(before) ?? 0) - 1;
    if (left > 0) history.counts.set(before, left);
    else history.counts.delete(before);
    const after = `${refined.outcome}|${refined.reason}`;
    history.counts.set(after, (history.counts.get(after) ?? 0) + 1);
  }
  history.runs[index] = refined;
  if (history.lastFailure?.job === job) history.lastFailure = refined;
}

/** Failed runs since the last success; skipped runs neither break nor extend the streak. */
export function consecutiveFailures(history: RunHistory): number {
  let streak = 0;
  for (let index = history.runs.length - 1; index >= 0; index -= 1) {
    const outcome = history.runs[index]?.outcome;
    if (outcome === 'succeeded') return streak;
    if (outcome === 'failed') streak += 1;
  }
  return streak + history.streakBeyondKept;
}
