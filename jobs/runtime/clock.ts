/**
 * Time as the jobs see it. Injected so tests and backfills can pin "now"; durations use the
 * monotonic `elapsed` so a wall-clock step never produces a negative duration.
 */
export interface Clock {
  /** Wall-clock time: what a job's rules compare against (deadlines, month to date). */
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant: `JOB_AS_OF` reruns compute exactly what they computed then. */
export function fixedClock(instant: Date): Clock {
  return { now: () => new Date(instant.getTime()) };
}
