import type { CoreV1Event } from '@kubernetes/client-node';
import type { CliContext } from '../cli-context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { explainSchedule, type CronJobEvent } from '../explain-schedule.ts';
import { toDate } from '../job-result.ts';
import { scheduleFacts } from '../missed-schedule.ts';
import { formatData } from '../output.ts';
import type { JobInvocation } from '../parse-args.ts';
import { getSuiteCronJob } from '../resolve-job.ts';

/** `why <job>`: explains the CronJob's scheduling state from its spec, status and Events. */
export async function whyCommand(invocation: JobInvocation, context: CliContext): Promise<ExitCode> {
  const kube = context.kube(invocation.global);
  const cronJob = await getSuiteCronJob(kube, invocation.job);
  const uid = cronJob.metadata?.uid;
  const events = (await kube.listEvents('CronJob', invocation.job))
    // Events of an earlier CronJob with the same name are not about this one.
    .filter((event) => uid === undefined || event.involvedObject.uid === undefined || event.involvedObject.uid === uid)
    .map(toCronJobEvent);
  const explanation = explainSchedule(scheduleFacts(cronJob), events, context.now());
  context.stdout.write(
    formatData(invocation.global.output, { cronjob: invocation.job, namespace: kube.namespace, ...explanation }, () =>
      [`${invocation.job}: ${explanation.summary}`, ...explanation.details.map((line) => `  ${line}`)].join('\n').concat('\n'),
    ),
  );
  return EXIT.ok;
}

function toCronJobEvent(event: CoreV1Event): CronJobEvent {
  const seen: Date | undefined = event.series?.lastObservedTime ?? event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  return {
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    count: event.series?.count ?? event.count ?? 1,
    lastSeen: seen === undefined ? new Date(0) : toDate(seen),
  };
}
