import { JOB_SELECTOR } from '../../core/labels.ts';
import { summarizeCronJobs, type CronJobSummary } from '../../core/model/summarize.ts';
import type { CliContext } from '../cli-context.ts';
import { clusterSnapshot } from '../cluster-snapshot.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { formatData, formatDuration, formatLocalTime, formatTable } from '../output.ts';
import type { StatusInvocation } from '../parse-args.ts';

/** `status`: one line per suite CronJob, computed by the status service's own model from one list of each kind. */
export async function statusCommand(invocation: StatusInvocation, context: CliContext): Promise<ExitCode> {
  const kube = context.kube(invocation.global);
  const [cronJobs, jobs, pods] = await Promise.all([kube.listCronJobs(JOB_SELECTOR), kube.listJobs(JOB_SELECTOR), kube.listPods(JOB_SELECTOR)]);
  const now = context.now();
  const summaries = summarizeCronJobs(clusterSnapshot({ cronJobs, jobs, pods }, context.now), { now });
  if (summaries.length === 0 && invocation.global.output === 'table') {
    context.stderr.write(`no pontual CronJobs in namespace "${kube.namespace}" (context "${kube.context}"): the suite is usually in namespace "pontual" (-n pontual)\n`);
    return EXIT.ok;
  }
  context.stdout.write(formatData(invocation.global.output, summaries, () => statusTable(summaries, now)));
  return EXIT.ok;
}

export function statusTable(summaries: readonly CronJobSummary[], now: Date): string {
  const ago = (date: Date | undefined): string => (date === undefined ? '-' : `${formatDuration((now.getTime() - date.getTime()) / 1000)} ago`);
  return formatTable(summaries, [
    { header: 'JOB', value: (s) => s.name },
    { header: 'SCHEDULE', value: (s) => `${s.schedule} (${s.timeZone})` },
    { header: 'SUSPENDED', value: (s) => (s.suspended ? 'yes' : 'no') },
    { header: 'LAST RUN', value: lastRun },
    { header: 'LAST SUCCESS', value: (s) => ago(s.lastSuccess) },
    {
      header: 'NEXT RUN',
      value: (s) => (s.scheduleError !== undefined ? `invalid: ${s.scheduleError}` : s.nextSchedule === undefined ? '-' : formatLocalTime(s.nextSchedule, s.timeZone)),
    },
    { header: 'RUNNING', value: (s) => (s.activeRuns === 0 ? '-' : `${s.activeRuns} (${formatDuration(s.activeRunSeconds)})`) },
    { header: 'MISSED', value: (s) => String(s.missedRuns) },
    { header: 'LATE', value: (s) => (s.late ? 'yes' : 'no') },
  ]);
}

/** "failed: PodFailurePolicy (exit 2), 3 in a row", "succeeded", "-". */
function lastRun(summary: CronJobSummary): string {
  if (summary.lastOutcome === undefined) return '-';
  if (summary.lastOutcome !== 'failed') return summary.lastOutcome;
  const failure = summary.lastFailure;
  const exit = failure?.exitCode === undefined || failure.reason.startsWith('ExitCode') ? '' : ` (exit ${failure.exitCode})`;
  const streak = summary.consecutiveFailures > 1 ? `, ${summary.consecutiveFailures} in a row` : '';
  return `failed: ${failure?.reason ?? 'unknown'}${exit}${streak}`;
}
