/**
 * How store-status spends its time. Pure. The checks must end before the run's soft deadline with
 * room to write the final picture, so the budget derives from the time the run has left, and the
 * concurrency grows from `STORE_CHECK_CONCURRENCY` to whatever lets every store's check fit
 * (N stores × timeout / budget), up to a ceiling. Stores that still do not fit are left unchecked
 * and reported `unknown`, never with an old status.
 */

/** Checks in flight at most, whatever the store count: sockets and memory stay bounded. */
export const MAX_CHECK_CONCURRENCY = 256;
/** Kept back from the run's time left for the final write and the finish line. */
export const FINAL_WRITE_RESERVE_MS = 3_000;

export interface CheckPlan {
  /** Checks in flight at once. */
  readonly concurrency: number;
  /** After this many milliseconds from now, no check starts and those in flight are abandoned. */
  readonly budgetMs: number;
  /** Whether every store's check fits in the budget even if each one takes its whole timeout. */
  readonly fits: boolean;
}

export function planChecks(input: {
  readonly stores: number;
  readonly timeoutMs: number;
  readonly minConcurrency: number;
  readonly timeLeftMs: number;
}): CheckPlan {
  const budgetMs = Math.max(0, input.timeLeftMs - FINAL_WRITE_RESERVE_MS);
  // A check that times out takes a little more than its timeout (connection set-up, scheduling).
  const worstCheckMs = Math.ceil(input.timeoutMs * 1.1) + 50;
  const checksPerSlot = Math.max(1, Math.floor(budgetMs / worstCheckMs));
  const needed = Math.ceil(input.stores / checksPerSlot);
  const concurrency = Math.max(1, Math.min(MAX_CHECK_CONCURRENCY, Math.max(input.minConcurrency, needed)));
  const fits = budgetMs >= worstCheckMs && concurrency * checksPerSlot >= input.stores;
  return { concurrency, budgetMs, fits };
}
