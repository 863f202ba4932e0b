/**
 * One CronJob schedule's times, memoised: every scrape asks each CronJob for its previous and
 * next time, and they only change when a schedule time passes. Shared by CronJobs with the same
 * expression and zone.
 */
import { nextFire, parseSchedule, previousFire, type CronSchedule } from '../schedule/cron-schedule.ts';

export interface ScheduleTimes {
  readonly schedule: CronSchedule;
  readonly timeZone: string;
  /** The first time strictly after `after`. */
  next(after: number): number | undefined;
  /** The latest time at or before `at`; `@every` needs its anchor (last schedule time, else creation). */
  previous(at: number, anchor: number): number | undefined;
  /** The longest gap between consecutive times in the week after `from`. */
  longestGapSeconds(from: number): number | undefined;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;
const GAP_CACHE_MS = 3600 * 1000;

export function createScheduleTimes(expression: string, timeZone: string): ScheduleTimes {
  const schedule = parseSchedule(expression);
  const next = (after: number): number | undefined => nextFire(schedule, new Date(after), timeZone)?.getTime();
  // The interval [previous, following) around the last question asked.
  let known: { previous: number; following: number } | undefined;
  let gap: { computedAt: number; seconds: number | undefined } | undefined;
  return {
    schedule,
    timeZone,
    next(after) {
      if (known !== undefined && after >= known.previous && after < known.following) return known.following;
      return next(after);
    },
    previous(at, anchor) {
      if (schedule.kind === 'every') return previousFire(schedule, new Date(at), timeZone, new Date(anchor))?.getTime();
      if (known !== undefined && at >= known.previous && at < known.following) return known.previous;
      const previous = previousFire(schedule, new Date(at), timeZone)?.getTime();
      const following = previous === undefined ? undefined : next(previous);
      if (previous !== undefined && following !== undefined) known = { previous, following };
      return previous;
    },
    longestGapSeconds(from) {
      if (schedule.kind === 'every') return schedule.delayMs / 1000;
      if (gap !== undefined && from - gap.computedAt < GAP_CACHE_MS && from >= gap.computedAt) return gap.seconds;
      let longest: number | undefined;
      let previous = next(from);
      for (let t = previous === undefined ? undefined : next(previous); previous !== undefined && t !== undefined && t <= from + WEEK_MS; t = next(t)) {
        longest = Math.max(longest ?? 0, t - previous);
        previous = t;
      }
      // A schedule firing less than twice a week: the gap to its next time after that.
      if (longest === undefined && previous !== undefined) {
        const after = next(previous);
        if (after !== undefined) longest = after - previous;
      }
      gap = { computedAt: from, seconds: longest === undefined ? undefined : longest / 1000 };
      return gap.seconds;
    },
  };
}
