import type { V1Job } from '@kubernetes/client-node';
import { PontualError } from '../core/errors.ts';
import { AS_OF_ANNOTATION, SCHEDULED_TIMESTAMP_ANNOTATION } from '../core/labels.ts';
import { scheduledTimeFromJobName } from '../core/run-trigger.ts';
import { nextFire, parseSchedule } from '../core/schedule/cron-schedule.ts';
import { MAX_JOB_NAME_LENGTH } from './manual-job.ts';

/**
 * Which schedule times a backfill runs: every time of the CronJob's schedule in [from, to] (in
 * its time zone, as the controller computes them) that no Job still in the cluster already ran
 * for: not one the controller made for it (annotation or name), not an earlier backfill or
 * `run --as-of` for that instant. Oldest first.
 */
export const MAX_BACKFILL_TIMES = 500;

export interface BackfillPlan {
  /** Times to run, oldest first. */
  readonly times: readonly Date[];
  /** Times in the window that already have a run, with that run's Job. */
  readonly alreadyRun: readonly { readonly at: Date; readonly job: string }[];
}

export interface BackfillInput {
  readonly cronJob: string;
  readonly schedule: string;
  readonly timeZone: string;
  readonly from: Date;
  readonly to: Date;
  /** The CronJob's Jobs still in the cluster. */
  readonly jobs: readonly V1Job[];
  /** Job names the run ledger recorded: runs whose Jobs Kubernetes already deleted (history limits). */
  readonly ledgerJobs?: readonly string[];
}

export function planBackfill(input: BackfillInput): BackfillPlan {
  const schedule = parseSchedule(input.schedule);
  if (schedule.kind === 'every') {
    throw new PontualError(
      'CONFIG_INVALID',
      `"${input.schedule}" counts from the previous run, so it has no fixed times to backfill: use \`kubectl pontual run ${input.cronJob} --as-of <time>\``,
    );
  }
  const covered = new Map<number, string>();
  for (const job of input.jobs) {
    const name = job.metadata?.name ?? '';
    const annotations = job.metadata?.annotations ?? {};
    for (const value of [annotations[SCHEDULED_TIMESTAMP_ANNOTATION], annotations[AS_OF_ANNOTATION]]) {
      const at = value === undefined ? Number.NaN : Date.parse(value);
      if (Number.isFinite(at)) covered.set(at, name);
    }
    const fromName = timeFromJobName(input.cronJob, name);
    if (fromName !== undefined) covered.set(fromName.getTime(), name);
  }
  for (const name of input.ledgerJobs ?? []) {
    const fromName = timeFromJobName(input.cronJob, name);
    if (fromName !== undefined && !covered.has(fromName.getTime())) covered.set(fromName.getTime(), name);
  }
  const times: Date[] = [];
  const alreadyRun: { at: Date; job: string }[] = [];
  for (
    let at = nextFire(schedule, new Date(input.from.getTime() - 1), input.timeZone);
    at !== undefined && at.getTime() <= input.to.getTime();
    at = nextFire(schedule, at, input.timeZone)
  ) {
    const job = covered.get(at.getTime());
    if (job === undefined) times.push(at);
    else alreadyRun.push({ at, job });
    if (times.length > MAX_BACKFILL_TIMES) {
      throw new PontualError('CONFIG_INVALID', `more than ${MAX_BACKFILL_TIMES} schedule times between --from and --to: backfill a narrower window at a time`);
    }
  }
  return { times, alreadyRun };
}

/** The schedule time a Job ran for, from its name: the controller's `<cronjob>-<minutes>` or a backfill's. */
function timeFromJobName(cronJob: string, name: string): Date | undefined {
  const scheduled = scheduledTimeFromJobName(cronJob, name);
  if (scheduled !== undefined) return scheduled;
  const backfill = /-backfill-(\d+)$/u.exec(name);
  return backfill?.[1] === undefined || !name.startsWith(cronJob.slice(0, 20)) ? undefined : new Date(Number(backfill[1]) * 60_000);
}

/** `<cronjob>-backfill-<minutes since the epoch>`: the same time always gets the same name, so a repeated backfill cannot run it twice. */
export function backfillJobName(cronJob: string, at: Date): string {
  const tail = `-backfill-${Math.floor(at.getTime() / 60_000)}`;
  return `${cronJob.slice(0, MAX_JOB_NAME_LENGTH - tail.length).replace(/-+$/u, '')}${tail}`;
}
