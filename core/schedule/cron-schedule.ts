/**
 * Schedules as the Kubernetes CronJob controller computes them: robfig/cron v3 `ParseStandard`
 * evaluated in `spec.timeZone`. One module for everything that needs a schedule time (status
 * service, CLI, infra validation), so none of them can disagree with the cluster.
 */
import { PontualError } from '../errors.ts';
import { parseStandard, type CronSchedule } from './parse-standard.ts';
import { scheduleNext } from './spec-next.ts';
import { SECOND_MS, zoneNamed } from './zoned-time.ts';

export type { CronSchedule, CronField, EverySchedule, SpecSchedule } from './parse-standard.ts';

/** Parses a `spec.schedule`; throws SCHEDULE_INVALID with the reason the API server would give. */
export function parseSchedule(expression: string): CronSchedule {
  const parsed = parseStandard(expression);
  if (!parsed.ok) throw new PontualError('SCHEDULE_INVALID', `invalid schedule "${expression}": ${parsed.reason}`);
  return parsed.schedule;
}

/**
 * The first schedule time strictly after `after` in `timeZone` (robfig's `Next`), or undefined
 * when there is none within five years (e.g. `0 0 30 2 *`). For `@every` this is `after` plus the
 * delay: pass the CronJob's last schedule time, as the controller does.
 */
export function nextFire(schedule: CronSchedule, after: Date, timeZone: string): Date | undefined {
  const next = scheduleNext(schedule, after.getTime(), zoneNamed(timeZone));
  return next === undefined ? undefined : new Date(next);
}

/** How far back previousFire looks before it concludes a schedule has no earlier time. */
const LOOKBACK_LIMIT_MS = 6 * 366 * 24 * 3600 * SECOND_MS;

/**
 * The latest schedule time at or before `atOrBefore`, or undefined when none exists in the
 * previous six years.
 *
 * With `since` (the CronJob's `status.lastScheduleTime`, else its creation time) this is the
 * controller's own `mostRecentScheduleTime`, approximation included, and the only meaningful
 * answer for `@every`, whose times count from `since`. Without it, the exact latest time of a
 * cron expression, found by bisecting on robfig's `Next` (which never goes backwards).
 */
export function previousFire(schedule: CronSchedule, atOrBefore: Date, timeZone: string, since?: Date): Date | undefined {
  const zone = zoneNamed(timeZone);
  const now = atOrBefore.getTime();
  const next = (t: number): number | undefined => scheduleNext(schedule, t, zone);
  if (since !== undefined) {
    const found = mostRecentScheduleTime(next, since.getTime(), now);
    return found === undefined ? undefined : new Date(found);
  }
  if (schedule.kind === 'every') return undefined;
  // Widen the window until some time falls inside it...
  let window = 60 * SECOND_MS;
  let low = now - window;
  for (;;) {
    const candidate = next(low);
    if (candidate !== undefined && candidate <= now) break;
    if (window >= LOOKBACK_LIMIT_MS) return undefined;
    window *= 2;
    low = now - window;
  }
  // ...then bisect, in whole seconds, for the last start whose Next is still at or before `now`.
  let high = now;
  while (high - low > SECOND_MS) {
    const middle = low + Math.floor((high - low) / 2 / SECOND_MS) * SECOND_MS;
    const candidate = next(middle);
    if (candidate !== undefined && candidate <= now) low = middle;
    else high = middle;
  }
  const found = next(low);
  return found === undefined ? undefined : new Date(found);
}

/**
 * kubernetes pkg/controller/cronjob/utils.go `mostRecentScheduleTime` (without the starting
 * deadline): estimates how many times were missed from the gap between the first two, jumps
 * close to `now`, then walks `Next`.
 */
function mostRecentScheduleTime(next: (t: number) => number | undefined, earliest: number, now: number): number | undefined {
  const t1 = next(earliest);
  if (t1 === undefined || now < t1) return undefined;
  const t2 = next(t1);
  if (t2 === undefined || now < t2) return t1;
  const between = Math.round((t2 - t1) / SECOND_MS);
  if (between < 1) return undefined;
  const elapsed = Math.trunc((now - t1) / SECOND_MS);
  const missed = Math.trunc(elapsed / between) + 1;
  const potentialEarliest = t1 + (missed - 2) * between * SECOND_MS;
  let mostRecent: number | undefined;
  for (let t = next(potentialEarliest); t !== undefined && t <= now; t = next(t)) mostRecent = t;
  return mostRecent;
}
