import type { V1CronJob } from '@kubernetes/client-node';
import { nextFire, parseSchedule, previousFire } from '../core/schedule/cron-schedule.ts';
import { toDate } from './job-result.ts';

/**
 * The scheduling facts of a CronJob that `why` and `resume` reason about, read from its spec
 * and status. Without spec.timeZone the controller uses its own local zone, UTC on managed
 * control planes such as DOKS.
 */
export interface ScheduleFacts {
  readonly schedule: string;
  readonly timeZone: string;
  readonly timeZoneExplicit: boolean;
  readonly suspended: boolean;
  readonly concurrencyPolicy: string;
  readonly startingDeadlineSeconds?: number;
  readonly lastScheduleTime?: Date;
  readonly lastSuccessfulTime?: Date;
  readonly createdAt: Date;
  /** Names of the Jobs in status.active: the runs the controller itself started and still tracks. */
  readonly active: readonly string[];
}

export function scheduleFacts(cronJob: V1CronJob): ScheduleFacts {
  const spec = cronJob.spec;
  const status = cronJob.status;
  const created = cronJob.metadata?.creationTimestamp;
  return {
    schedule: spec.schedule,
    timeZone: spec.timeZone ?? 'UTC',
    timeZoneExplicit: spec.timeZone !== undefined,
    suspended: spec.suspend === true,
    concurrencyPolicy: spec.concurrencyPolicy ?? 'Allow',
    ...(spec.startingDeadlineSeconds === undefined ? {} : { startingDeadlineSeconds: spec.startingDeadlineSeconds }),
    ...(status?.lastScheduleTime === undefined ? {} : { lastScheduleTime: toDate(status.lastScheduleTime) }),
    ...(status?.lastSuccessfulTime === undefined ? {} : { lastSuccessfulTime: toDate(status.lastSuccessfulTime) }),
    createdAt: created === undefined ? new Date(0) : toDate(created),
    active: (status?.active ?? []).map((reference) => reference.name ?? '').filter((name) => name !== ''),
  };
}

/**
 * The most recent schedule time that has passed without a run (the CronJob controller starts
 * only that one: missed times coalesce), and whether the controller will still start it.
 * - `none`: no schedule time has passed since the last run (or since creation);
 * - `pending`: it will start as soon as the controller can (no deadline, or within it);
 * - `skipped`: more than startingDeadlineSeconds late: the controller will not start it.
 * Throws SCHEDULE_INVALID for a schedule or time zone the controller cannot evaluate.
 */
export type MissedSchedule =
  | { readonly kind: 'none'; readonly nextAt?: Date }
  | { readonly kind: 'pending'; readonly scheduledAt: Date; readonly deadlineAt?: Date; readonly nextAt?: Date }
  | { readonly kind: 'skipped'; readonly scheduledAt: Date; readonly deadlineAt: Date; readonly nextAt?: Date };

export function missedSchedule(facts: ScheduleFacts, now: Date): MissedSchedule {
  const schedule = parseSchedule(facts.schedule);
  const since = facts.lastScheduleTime ?? facts.createdAt;
  const scheduledAt = previousFire(schedule, now, facts.timeZone, since);
  // `@every` counts from the last schedule time; cron expressions from now.
  const nextAt = nextFire(schedule, schedule.kind === 'every' ? (scheduledAt ?? since) : now, facts.timeZone);
  const next = nextAt === undefined ? {} : { nextAt };
  if (scheduledAt === undefined || scheduledAt.getTime() <= since.getTime()) return { kind: 'none', ...next };
  if (facts.startingDeadlineSeconds === undefined) return { kind: 'pending', scheduledAt, ...next };
  const deadlineAt = new Date(scheduledAt.getTime() + facts.startingDeadlineSeconds * 1000);
  return deadlineAt.getTime() < now.getTime() ? { kind: 'skipped', scheduledAt, deadlineAt, ...next } : { kind: 'pending', scheduledAt, deadlineAt, ...next };
}
