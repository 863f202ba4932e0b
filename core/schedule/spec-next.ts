/**
 * robfig/cron v3's `SpecSchedule.Next` and `ConstantDelaySchedule.Next`, step for step, on Go
 * time semantics (see zoned-time.ts). Following the same steps is what makes DST behave as in
 * Kubernetes: a time inside a spring-forward gap is skipped, a time inside a repeated hour fires
 * once per occurrence, and a day whose midnight does not exist (São Paulo's former DST) still
 * fires.
 */
import type { CronSchedule, SpecSchedule } from './parse-standard.ts';
import { goDate, HOUR_MS, MINUTE_MS, SECOND_MS, truncate, wallFields, type WallFields, type Zone } from './zoned-time.ts';

/** The first activation strictly after `afterMs`, or undefined when none exists within five years. */
export function scheduleNext(schedule: CronSchedule, afterMs: number, zone: Zone): number | undefined {
  if (schedule.kind === 'every') return truncate(afterMs, SECOND_MS) + schedule.delayMs;
  return specNext(schedule, afterMs, zone);
}

function specNext(s: SpecSchedule, afterMs: number, zone: Zone): number | undefined {
  // Start at the earliest possible time: the upcoming second.
  let t = truncate(afterMs, SECOND_MS) + SECOND_MS;
  let f = wallFields(t, zone);
  let added = false;
  const yearLimit = f.year + 5;
  const at = (instant: number): void => {
    t = instant;
    f = wallFields(t, zone);
  };

  wrap: for (;;) {
    if (f.year > yearLimit) return undefined;

    while (s.month.matches[f.month] !== true) {
      if (!added) {
        added = true;
        at(goDate(zone, f.year, f.month, 1, 0, 0, 0));
      }
      at(goDate(zone, f.year, f.month + 1, f.day, f.hour, f.minute, f.second));
      if (f.month === 1) continue wrap;
    }

    while (!dayMatches(s, f)) {
      if (!added) {
        added = true;
        at(goDate(zone, f.year, f.month, f.day, 0, 0, 0));
      }
      at(goDate(zone, f.year, f.month, f.day + 1, f.hour, f.minute, f.second));
      // Where midnight does not exist the day starts at 01:00 (or the previous day's 23:00): robfig
      // moves back to the day's first hour.
      if (f.hour !== 0) at(f.hour > 12 ? t + (24 - f.hour) * HOUR_MS : t - f.hour * HOUR_MS);
      if (f.day === 1) continue wrap;
    }

    while (s.hour.matches[f.hour] !== true) {
      if (!added) {
        added = true;
        at(goDate(zone, f.year, f.month, f.day, f.hour, 0, 0));
      }
      at(t + HOUR_MS);
      if (f.hour === 0) continue wrap;
    }

    while (s.minute.matches[f.minute] !== true) {
      if (!added) {
        added = true;
        at(truncate(t, MINUTE_MS));
      }
      at(t + MINUTE_MS);
      if (f.minute === 0) continue wrap;
    }

    // The standard parser's seconds field is always 0.
    while (f.second !== 0) {
      if (!added) {
        added = true;
        at(truncate(t, SECOND_MS));
      }
      at(t + SECOND_MS);
      if (f.second === 0) continue wrap;
    }

    return t;
  }
}

/** Day-of-month and day-of-week are OR-ed, unless either was written with the star bit: then AND-ed. */
function dayMatches(s: SpecSchedule, f: WallFields): boolean {
  const domMatch = s.dayOfMonth.matches[f.day] === true;
  const dowMatch = s.dayOfWeek.matches[f.weekday] === true;
  if (s.dayOfMonth.star || s.dayOfWeek.star) return domMatch && dowMatch;
  return domMatch || dowMatch;
}
