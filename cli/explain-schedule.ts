import { isPontualError } from '../core/errors.ts';
import { validateSchedule } from '../core/schedule/validate-schedule.ts';
import { missedSchedule, type MissedSchedule, type ScheduleFacts } from './missed-schedule.ts';
import { formatDuration, formatLocalTime } from './output.ts';

/**
 * Why a CronJob did or did not start a run, decided from its spec, status and Events the way
 * the CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go, 1.36) decides: time
 * zone, suspend, schedule, the most recent unmet time, startingDeadlineSeconds, Forbid.
 */
export const WHY_STATES = [
  'invalid-time-zone',
  'suspended',
  'invalid-schedule',
  'too-many-missed',
  'blocked-by-active-run',
  'missed',
  'due',
  'not-yet-due',
] as const;
export type WhyState = (typeof WHY_STATES)[number];

/** A CronJob Event, compacted: the controller aggregates repeats into `count`. */
export interface CronJobEvent {
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly count: number;
  readonly lastSeen: Date;
}

export interface Explanation {
  readonly state: WhyState;
  readonly summary: string;
  readonly details: readonly string[];
  readonly lastScheduleTime?: Date;
  readonly nextScheduleTime?: Date;
  readonly events: readonly CronJobEvent[];
}

/** Event reasons the CronJob controller records about scheduling, and what each means for an operator. */
const EVENT_MEANING: Readonly<Record<string, string>> = {
  JobAlreadyActive: 'a schedule time came while a run was active and concurrencyPolicy is Forbid, so it did not start',
  MissSchedule: 'a schedule time was found more than startingDeadlineSeconds late and skipped',
  TooManyMissedTimes: 'more than 100 schedule times were missed; only the most recent is considered (set startingDeadlineSeconds, check clock skew)',
  UnexpectedJob: 'a run the controller did not start: `kubectl pontual run` and `kubectl create job --from` make these, which is expected',
  InvalidSchedule: 'the controller could not evaluate the schedule',
  UnparseableSchedule: 'the controller could not parse the schedule',
  UnknownTimeZone: 'spec.timeZone is not a zone the controller knows',
  UnsupportedSchedule: 'the schedule uses TZ= or CRON_TZ=, which Kubernetes does not support: use spec.timeZone',
  FailedCreate: 'the controller could not create the Job (quota, admission or RBAC)',
  MissingJob: 'an active run disappeared before it finished',
};

export function explainSchedule(facts: ScheduleFacts, events: readonly CronJobEvent[], now: Date): Explanation {
  const words = wording(facts, now);
  const relevant = schedulingEvents(events);
  const base = {
    events: relevant,
    ...(facts.lastScheduleTime === undefined ? {} : { lastScheduleTime: facts.lastScheduleTime }),
  };
  const details = contextLines(facts, relevant, words);
  const stopped = whyNoRunsAtAll(facts);
  if (stopped !== undefined) return { ...base, ...stopped, details };
  let missed: MissedSchedule;
  try {
    missed = missedSchedule(facts, now);
  } catch (error) {
    if (!isPontualError(error, 'SCHEDULE_INVALID')) throw error;
    return { ...base, state: 'invalid-schedule', summary: error.message, details };
  }
  const next = missed.nextAt === undefined ? {} : { nextScheduleTime: missed.nextAt };
  return { ...base, ...next, ...verdictOnLastTime(facts, relevant, missed, words, now), details };
}

interface Wording {
  /** A time in the CronJob's zone. */
  readonly at: (date: Date) => string;
  /** How long before now. */
  readonly ago: (date: Date) => string;
}

function wording(facts: ScheduleFacts, now: Date): Wording {
  return {
    at: (date) => formatLocalTime(date, zoneOrUtc(facts.timeZone)),
    ago: (date) => `${formatDuration((now.getTime() - date.getTime()) / 1000)} ago`,
  };
}

/** The Events that say something about scheduling, newest first. */
function schedulingEvents(events: readonly CronJobEvent[]): CronJobEvent[] {
  return [...events].filter((event) => event.reason in EVENT_MEANING).sort((a, b) => b.lastSeen.getTime() - a.lastSeen.getTime());
}

/** The facts an operator wants next to any verdict: schedule, last runs, active runs, recent Events. */
function contextLines(facts: ScheduleFacts, relevant: readonly CronJobEvent[], { at, ago }: Wording): string[] {
  return [
    `schedule "${facts.schedule}" in ${facts.timeZone}${facts.timeZoneExplicit ? '' : ' (no spec.timeZone: the controller uses its own zone, usually UTC)'}, ` +
      `concurrencyPolicy ${facts.concurrencyPolicy}, startingDeadlineSeconds ${facts.startingDeadlineSeconds ?? 'unset'}`,
    facts.lastScheduleTime === undefined ? 'never scheduled a run' : `last scheduled run: ${at(facts.lastScheduleTime)} (${ago(facts.lastScheduleTime)})`,
    ...(facts.lastSuccessfulTime === undefined ? [] : [`last successful run finished ${at(facts.lastSuccessfulTime)} (${ago(facts.lastSuccessfulTime)})`]),
    ...(facts.active.length === 0 ? [] : [`active runs started by the controller: ${facts.active.join(', ')}`]),
    ...relevant
      .slice(0, 5)
      .map(
        (event) =>
          `event ${event.reason}${event.count > 1 ? ` ×${event.count}` : ''} (last ${ago(event.lastSeen)}): ${EVENT_MEANING[event.reason] ?? event.message}`,
      ),
  ];
}

type Verdict = Pick<Explanation, 'state' | 'summary'>;

/** What stops the controller from starting any run, checked in the controller's order. */
function whyNoRunsAtAll(facts: ScheduleFacts): Verdict | undefined {
  if (!isKnownZone(facts.timeZone)) {
    return { state: 'invalid-time-zone', summary: `spec.timeZone "${facts.timeZone}" is not a known IANA time zone: the controller starts no runs` };
  }
  if (facts.suspended) {
    return { state: 'suspended', summary: 'suspended (spec.suspend is true): the controller starts no runs until `kubectl pontual resume`' };
  }
  const validation = validateSchedule(facts.schedule);
  if (!validation.ok) return { state: 'invalid-schedule', summary: `the schedule "${facts.schedule}" is invalid: ${validation.reason}` };
  return undefined;
}

/** What became of the most recent schedule time: too many missed, blocked, due, skipped, or none yet. */
function verdictOnLastTime(facts: ScheduleFacts, relevant: readonly CronJobEvent[], missed: MissedSchedule, { at, ago }: Wording, now: Date): Verdict {
  const next =
    missed.nextAt === undefined
      ? 'no next run within five years'
      : `next run at ${at(missed.nextAt)} (in ${formatDuration((missed.nextAt.getTime() - now.getTime()) / 1000)})`;
  const since = facts.lastScheduleTime ?? facts.createdAt;
  const tooMany = relevant.find((event) => event.reason === 'TooManyMissedTimes' && event.lastSeen.getTime() >= since.getTime());
  const forbidden = facts.concurrencyPolicy === 'Forbid' && facts.active.length > 0;

  if (tooMany !== undefined) {
    return {
      state: 'too-many-missed',
      summary: `the controller reported TooManyMissedTimes ${ago(tooMany.lastSeen)}: more than 100 schedule times went by without a run (controller down or clock skew); it only considers the most recent one. Set startingDeadlineSeconds. ${next}`,
    };
  }
  switch (missed.kind) {
    case 'pending': {
      const until = missed.deadlineAt === undefined ? '' : ` before ${at(missed.deadlineAt)} (startingDeadlineSeconds ${facts.startingDeadlineSeconds ?? 0})`;
      if (forbidden) {
        return {
          state: 'blocked-by-active-run',
          summary: `blocked: the run due at ${at(missed.scheduledAt)} has not started because ${facts.active.join(', ')} is still running and concurrencyPolicy is Forbid. It starts if that run ends${until}; otherwise it is skipped`,
        };
      }
      return {
        state: 'due',
        summary: `due: the run scheduled for ${at(missed.scheduledAt)} (${ago(missed.scheduledAt)}) should start within seconds${until}; if it does not, check that the CronJob controller is running`,
      };
    }
    case 'skipped': {
      const blocked = relevant.some((event) => event.reason === 'JobAlreadyActive' && event.lastSeen.getTime() >= missed.scheduledAt.getTime());
      const cause = blocked
        ? 'a run was still active and concurrencyPolicy is Forbid (JobAlreadyActive) until the deadline passed'
        : forbidden
          ? `${facts.active.join(', ')} was still active and concurrencyPolicy is Forbid`
          : 'the controller did not start it in time (the CronJob was suspended, or the controller or the cluster was down)';
      return {
        state: 'missed',
        summary: `missed: the run scheduled for ${at(missed.scheduledAt)} did not start within startingDeadlineSeconds (${facts.startingDeadlineSeconds ?? 0} s), so the controller skipped it: ${cause}. ${next}`,
      };
    }
    case 'none':
      return { state: 'not-yet-due', summary: `not yet due: ${next}${facts.active.length > 0 ? `; ${facts.active.join(', ')} is running now` : ''}` };
  }
}

function isKnownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function zoneOrUtc(timeZone: string): string {
  return isKnownZone(timeZone) ? timeZone : 'UTC';
}
