/**
 * Missed and late runs, from the schedule as the CronJob controller computes it. A schedule time
 * is missed when no Job was created for it within startingDeadlineSeconds plus the controller's
 * margin (it re-evaluates every 10 s); without a deadline, when the next time came first (the
 * controller only ever starts the most recent one). A CronJob is late while its most recent due
 * time has no Job. Suspension is handled by the caller, which does not judge suspended time.
 */
import type { ScheduleTimes } from './schedule-times.ts';

/** The controller's sync loop plus watch latency. */
export const CONTROLLER_MARGIN_MS = 10_000;
/** Past a due time by this much without a Job, a CronJob counts as late. */
export const LATE_GRACE_MS = 10_000;
/** Bounds one evaluation; callers fold results so the walk stays short. */
const MAX_WALK = 2_000;

export interface ScheduleHealthInput {
  readonly times: ScheduleTimes;
  readonly startingDeadlineSeconds: number | undefined;
  /** The controller's starting point for `@every`: last schedule time, else creation time. */
  readonly anchor: number;
  /** Schedule times at or before this were judged already. */
  readonly judgedFrom: number;
  /** Times before this are not this CronJob's to run: its creation, or when it was last resumed. */
  readonly notBefore: number;
  /** Schedule times a Job was created for. */
  readonly startedTimes: ReadonlySet<number>;
  readonly now: number;
}

export interface ScheduleHealth {
  /** Due times after `judgedFrom` that were missed, oldest first. */
  readonly missed: readonly number[];
  /** The most recent due time, and whether it has no Job yet past the grace. */
  readonly lastDue: number | undefined;
  readonly late: boolean;
  /** Every due time up to here is started or missed for good: safe to fold. */
  readonly settledThrough: number;
}

export function scheduleHealth(input: ScheduleHealthInput): ScheduleHealth {
  const { times, now, startedTimes } = input;
  const next = (t: number): number | undefined => times.next(t);
  const schedule = times.schedule;
  const deadlineMs = input.startingDeadlineSeconds === undefined ? undefined : input.startingDeadlineSeconds * 1000;
  // `@every` times count from the anchor, so start the walk on that chain.
  const start =
    schedule.kind === 'every' && input.judgedFrom > input.anchor
      ? (times.previous(input.judgedFrom, input.anchor) ?? input.anchor)
      : Math.max(input.judgedFrom, schedule.kind === 'every' ? input.anchor : input.judgedFrom);
  const missed: number[] = [];
  let settledThrough = input.judgedFrom;
  let settling = true;
  let steps = 0;
  for (let due = next(start); due !== undefined && due <= now && steps < MAX_WALK; due = next(due), steps += 1) {
    if (due <= input.judgedFrom) continue;
    const started = startedTimes.has(due);
    const giveUpAt = deadlineMs === undefined ? next(due) : due + deadlineMs;
    const final = started || (giveUpAt !== undefined && now > giveUpAt + CONTROLLER_MARGIN_MS);
    if (!started && final) missed.push(due);
    if (settling && final) settledThrough = due;
    else settling = false;
  }
  const due = times.previous(now, input.anchor);
  const lastDue = due !== undefined && due > input.notBefore ? due : undefined;
  const late = lastDue !== undefined && !startedTimes.has(lastDue) && now > lastDue + LATE_GRACE_MS;
  return { missed, lastDue, late, settledThrough };
}
