import type { V1CronJob } from '@kubernetes/client-node';
import { writeLine, type CliContext } from '../cli-context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { missedSchedule, scheduleFacts, type MissedSchedule, type ScheduleFacts } from '../missed-schedule.ts';
import { formatData, formatDuration, formatLocalTime, toWireObject } from '../output.ts';
import type { JobInvocation } from '../parse-args.ts';
import { getSuiteCronJob } from '../resolve-job.ts';

/** `suspend <job>`: sets spec.suspend; runs already going are left alone, as Kubernetes does. */
export async function suspendCommand(invocation: JobInvocation, context: CliContext): Promise<ExitCode> {
  const kube = context.kube(invocation.global);
  const before = await getSuiteCronJob(kube, invocation.job);
  const already = before.spec.suspend === true;
  const after = already ? before : await kube.setSuspended(invocation.job, true);
  if (printObject(invocation, after, context)) return EXIT.ok;
  if (already) {
    writeLine(context.stdout, `cronjob.batch/${invocation.job} was already suspended`);
    return EXIT.ok;
  }
  const active = scheduleFacts(after).active;
  const running = active.length === 0 ? '' : ` (still running, not stopped: ${active.join(', ')})`;
  writeLine(context.stdout, `cronjob.batch/${invocation.job} suspended${running}`);
  return EXIT.ok;
}

/** `resume <job>`: clears spec.suspend and says what happens to the run it missed meanwhile. */
export async function resumeCommand(invocation: JobInvocation, context: CliContext): Promise<ExitCode> {
  const kube = context.kube(invocation.global);
  const before = await getSuiteCronJob(kube, invocation.job);
  const wasSuspended = before.spec.suspend === true;
  const after = wasSuspended ? await kube.setSuspended(invocation.job, false) : before;
  const facts = scheduleFacts(after);
  const outlook = resumeOutlook(invocation.job, facts, missedSchedule(facts, context.now()), context.now());
  // With -o, stdout is the object; what resuming means still reaches the person on stderr.
  const data = printObject(invocation, after, context);
  if (!data) writeLine(context.stdout, `cronjob.batch/${invocation.job} ${wasSuspended ? 'resumed' : 'was not suspended'}`);
  for (const line of outlook.warnings) writeLine(context.stderr, `warning: ${line}`);
  if (outlook.info !== undefined) writeLine(data ? context.stderr : context.stdout, outlook.info);
  return EXIT.ok;
}

/** `-o json|yaml|name`: the CronJob as the API server returned it, as `kubectl patch -o` prints it. False for the default text. */
function printObject(invocation: JobInvocation, cronJob: V1CronJob, context: CliContext): boolean {
  if (invocation.global.output === 'table') return false;
  context.stdout.write(
    formatData(
      invocation.global.output,
      toWireObject(cronJob),
      () => '',
      () => [`cronjob.batch/${invocation.job}`],
    ),
  );
  return true;
}

/** What resuming means for the most recent missed schedule time, in the CronJob's time zone. */
export function resumeOutlook(job: string, facts: ScheduleFacts, missed: MissedSchedule, now: Date): { warnings: string[]; info?: string } {
  const at = (date: Date): string => formatLocalTime(date, facts.timeZone);
  const next = missed.nextAt === undefined ? 'no next run within five years' : `next run at ${at(missed.nextAt)}`;
  switch (missed.kind) {
    case 'none':
      return { warnings: [], info: next };
    case 'pending': {
      const late = formatDuration((now.getTime() - missed.scheduledAt.getTime()) / 1000);
      const why =
        missed.deadlineAt === undefined
          ? 'the CronJob has no startingDeadlineSeconds, so a missed run always starts'
          : `it is ${late} late, within startingDeadlineSeconds (${facts.startingDeadlineSeconds ?? 0} s, until ${at(missed.deadlineAt)})`;
      return { warnings: [`the run scheduled for ${at(missed.scheduledAt)} starts now: ${why}`], info: `then ${next}` };
    }
    case 'skipped':
      return {
        warnings: [
          `the run scheduled for ${at(missed.scheduledAt)} will be skipped: it is more than startingDeadlineSeconds (${facts.startingDeadlineSeconds ?? 0} s) late. ` +
            `Start it by hand with \`kubectl pontual run ${job}\` if it is needed`,
        ],
        info: next,
      };
  }
}
