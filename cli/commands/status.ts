import { JOB_SELECTOR } from '../../core/labels.ts';
import { summarizeCronJobs, type CronJobSummary } from '../../core/model/summarize.ts';
import type { CliContext } from '../cli-context.ts';
import { clusterSnapshot } from '../cluster-snapshot.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { formatData, formatDuration, formatLocalTime, formatTable, type Column } from '../output.ts';
import type { StatusInvocation } from '../parse-args.ts';

/** `status`: one line per suite CronJob, computed by the status service's own model from one list of each kind. */
export async function statusCommand(invocation: StatusInvocation, context: CliContext): Promise<ExitCode> {
  const kube = context.kube(invocation.global);
  const everywhere = invocation.global.allNamespaces === true;
  const [cronJobs, jobs, pods] = await Promise.all([
    kube.listCronJobs(JOB_SELECTOR, everywhere),
    kube.listJobs(JOB_SELECTOR, everywhere),
    kube.listPods(JOB_SELECTOR, everywhere),
  ]);
  const now = context.now();
  const summaries = summarizeCronJobs(clusterSnapshot({ cronJobs, jobs, pods }, context.now), { now });
  const format = invocation.global.output;
  if (summaries.length === 0 && (format === 'table' || format === 'wide')) {
    const where = everywhere ? 'in any namespace' : `in namespace "${kube.namespace}"`;
    context.stderr.write(
      `no pontual CronJobs ${where} (context "${kube.context}")${everywhere ? '' : ': the suite is usually in namespace "pontual" (-n pontual)'}\n`,
    );
    return EXIT.ok;
  }
  context.stdout.write(
    formatData(
      format,
      summaries,
      (wide) => statusTable(summaries, now, { wide, namespaces: everywhere }),
      () => summaries.map((summary) => `cronjob.batch/${summary.name}`),
    ),
  );
  return EXIT.ok;
}

/** kubectl's columns: NAMESPACE first with -A; -o wide adds the policy, the timeout and the last failure's message. */
export function statusTable(summaries: readonly CronJobSummary[], now: Date, options: { wide?: boolean; namespaces?: boolean } = {}): string {
  const ago = (date: Date | undefined): string => (date === undefined ? '-' : `${formatDuration((now.getTime() - date.getTime()) / 1000)} ago`);
  const wide: Column<CronJobSummary>[] =
    options.wide === true
      ? [
          { header: 'POLICY', value: (s) => s.concurrencyPolicy },
          { header: 'TIMEOUT', value: (s) => (s.timeoutSeconds === undefined ? '-' : formatDuration(s.timeoutSeconds)) },
          { header: 'LAST DURATION', value: (s) => (s.lastDurationSeconds === undefined ? '-' : formatDuration(s.lastDurationSeconds)) },
          { header: 'LAST FAILURE', value: (s) => (s.lastFailure?.message ?? '-').split('\n')[0] ?? '-' },
        ]
      : [];
  return formatTable(summaries, [
    ...(options.namespaces === true ? [{ header: 'NAMESPACE', value: (s: CronJobSummary) => s.namespace }] : []),
    { header: 'JOB', value: (s) => s.name },
    { header: 'SCHEDULE', value: (s) => `${s.schedule} (${s.timeZone})` },
    { header: 'SUSPENDED', value: (s) => (s.suspended ? 'yes' : 'no') },
    { header: 'LAST RUN', value: lastRun },
    { header: 'LAST SUCCESS', value: (s) => ago(s.lastSuccess) },
    {
      header: 'NEXT RUN',
      value: (s) =>
        s.scheduleError !== undefined ? `invalid: ${s.scheduleError}` : s.nextSchedule === undefined ? '-' : formatLocalTime(s.nextSchedule, s.timeZone),
    },
    { header: 'RUNNING', value: (s) => (s.activeRuns === 0 ? '-' : `${s.activeRuns} (${formatDuration(s.activeRunSeconds)})`) },
    { header: 'MISSED', value: (s) => String(s.missedRuns) },
    { header: 'LATE', value: (s) => (s.late ? 'yes' : 'no') },
    ...wide,
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
