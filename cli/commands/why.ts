import type { CoreV1Event, V1Job } from '@kubernetes/client-node';
import { isPontualError } from '../../core/errors.ts';
import { explainLastFailure } from '../../core/explain-failure.ts';
import { LABELS } from '../../core/labels.ts';
import { summarizeCronJobs } from '../../core/model/summarize.ts';
import { clusterSnapshot } from '../cluster-snapshot.ts';
import { listRuns } from '../job-runs.ts';
import type { CliContext } from '../cli-context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { explainSchedule, type CronJobEvent } from '../explain-schedule.ts';
import { toDate } from '../job-result.ts';
import { MAX_BACKFILL_TIMES, planBackfill } from '../backfill-plan.ts';
import { scheduleFacts, type ScheduleFacts } from '../missed-schedule.ts';
import { formatData, formatDuration, formatLocalTime } from '../output.ts';
import type { JobInvocation } from '../parse-args.ts';
import { getSuiteCronJob } from '../resolve-job.ts';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** `why <job>`: explains the CronJob's scheduling state from its spec, status and Events. */
export async function whyCommand(invocation: JobInvocation, context: CliContext): Promise<ExitCode> {
  const kube = context.kube(invocation.global);
  const cronJob = await getSuiteCronJob(kube, invocation.job);
  const uid = cronJob.metadata?.uid;
  const events = (await kube.listEvents('CronJob', invocation.job))
    // Events of an earlier CronJob with the same name are not about this one.
    .filter((event) => uid === undefined || event.involvedObject.uid === undefined || event.involvedObject.uid === uid)
    .map(toCronJobEvent);
  const now = context.now();
  const facts = scheduleFacts(cronJob);
  const explanation = explainSchedule(facts, events, now);
  // The runs still in the cluster say whether the last one failed, and whether times were missed.
  const [jobs, pods] = await Promise.all([listRuns(kube, cronJob), kube.listPods(`${LABELS.job}=${invocation.job}`)]);
  const [summary] = summarizeCronJobs(clusterSnapshot({ cronJobs: [cronJob], jobs, pods }, context.now), { now, name: invocation.job, runLimit: 1 });
  const failure = summary === undefined ? undefined : explainLastFailure(summary);
  const lastFailure =
    failure === undefined || summary?.lastFailure === undefined
      ? undefined
      : { job: summary.lastFailure.job, at: summary.lastFailure.at, explanation: failure };
  const missed = facts.suspended ? undefined : missedTimes(invocation.job, facts, jobs, now);
  const backfill = missed === undefined || missed.count === 0 ? undefined : backfillCommand(invocation.job, kube.namespace, missed.first, missed.last);
  const lines = [
    `${invocation.job}: ${explanation.summary}`,
    ...(lastFailure === undefined
      ? []
      : [
          `last run ${lastFailure.job} failed ${formatLocalTime(lastFailure.at, facts.timeZone)} (${formatDuration((now.getTime() - lastFailure.at.getTime()) / 1000)} ago): ${lastFailure.explanation}`,
        ]),
    ...(backfill === undefined || missed === undefined
      ? []
      : [
          `runs were missed (${missed.count}${missed.capped ? '+' : ''} schedule time${missed.count === 1 ? '' : 's'} without a run, ${formatLocalTime(missed.first, facts.timeZone)} to ${formatLocalTime(missed.last, facts.timeZone)}): ` +
            `to run each missed time in order, as of its own time: ${backfill}`,
        ]),
    ...explanation.details.map((line) => `  ${line}`),
  ];
  const data = {
    cronjob: invocation.job,
    namespace: kube.namespace,
    ...explanation,
    ...(lastFailure === undefined ? {} : { lastFailure }),
    missedRuns: missed?.count ?? 0,
    ...(backfill === undefined ? {} : { backfill }),
  };
  context.stdout.write(
    formatData(
      invocation.global.output,
      data,
      () => lines.join('\n').concat('\n'),
      () => [`cronjob.batch/${invocation.job}`],
    ),
  );
  return EXIT.ok;
}

/** The backfill command for a window of missed times (backfill itself skips times that have a run). */
export function backfillCommand(job: string, namespace: string, from: Date, to: Date): string {
  const iso = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/u, 'Z');
  return `kubectl pontual backfill ${job} --from ${iso(from)} --to ${iso(to)} -n ${namespace}`;
}

/**
 * Schedule times after the last one the controller acted on that are past their starting
 * deadline (so it will never start them) and have no Job: what a backfill would run. Looks back
 * at most a week; undefined for a schedule that cannot be evaluated.
 */
function missedTimes(
  job: string,
  facts: ScheduleFacts,
  jobs: readonly V1Job[],
  now: Date,
): { count: number; capped: boolean; first: Date; last: Date } | undefined {
  const since = Math.max((facts.lastScheduleTime ?? facts.createdAt).getTime() + 1, now.getTime() - WEEK_MS);
  const until = now.getTime() - (facts.startingDeadlineSeconds ?? 0) * 1_000;
  if (until <= since) return undefined;
  try {
    const plan = planBackfill({ cronJob: job, schedule: facts.schedule, timeZone: facts.timeZone, from: new Date(since), to: new Date(until), jobs });
    const first = plan.times[0];
    const last = plan.times.at(-1);
    return first === undefined || last === undefined
      ? { count: 0, capped: false, first: new Date(since), last: new Date(until) }
      : { count: plan.times.length, capped: false, first, last };
  } catch (error) {
    // More times than one backfill takes: say so rather than count them all.
    if (isPontualError(error, 'CONFIG_INVALID') && /narrower window/u.test(error.message)) {
      return { count: MAX_BACKFILL_TIMES, capped: true, first: new Date(since), last: new Date(until) };
    }
    return undefined;
  }
}

function toCronJobEvent(event: CoreV1Event): CronJobEvent {
  const seen: Date | undefined =
    event.series?.lastObservedTime ?? event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  return {
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    count: event.series?.count ?? event.count ?? 1,
    lastSeen: seen === undefined ? new Date(0) : toDate(seen),
  };
}
