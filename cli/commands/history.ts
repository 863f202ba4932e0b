import type { V1CronJob } from '@kubernetes/client-node';
import type { LedgerEntry } from '../../core/run-ledger.ts';
import { LABELS, STATUS_SERVICE_NAME, STATUS_SERVICE_PORT } from '../../core/labels.ts';
import { summarizeCronJobs, type RunSummary } from '../../core/model/summarize.ts';
import { runTrigger, type RunTrigger } from '../../core/run-trigger.ts';
import { writeLine, type CliContext } from '../cli-context.ts';
import type { CliConfig } from '../cli-config.ts';
import { clusterSnapshot } from '../cluster-snapshot.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { listRuns } from '../job-runs.ts';
import type { KubeClient } from '../kube-client.ts';
import { readLedgerFromRedis } from '../ledger-source.ts';
import { formatData, formatDuration, formatLocalTime, formatTable } from '../output.ts';
import type { HistoryInvocation } from '../parse-args.ts';
import { getSuiteCronJob } from '../resolve-job.ts';
import { defaultStatusUrl, readRunsFromStatus } from '../status-api.ts';

/**
 * `history <job>`: past runs, newest first. From the status service, which has merged the Jobs it
 * watched, the runs it remembers and the run ledger; or, with --redis-url, the run ledger merged
 * with the Jobs still in the cluster by the same model the service uses.
 */
export async function historyCommand(invocation: HistoryInvocation, context: CliContext, config: CliConfig): Promise<ExitCode> {
  const kube = context.kube(invocation.global);
  const cronJob = await getSuiteCronJob(kube, invocation.job);
  const runs = await readRuns(invocation, kube, cronJob, context, config);
  const rows = historyRows(invocation.job, runs);
  const timeZone = cronJob.spec.timeZone ?? 'UTC';
  context.stdout.write(
    formatData(
      invocation.global.output,
      rows,
      (wide) => (rows.length === 0 ? `no runs of ${invocation.job} recorded\n` : historyTable(rows, timeZone, wide)),
      // A run Kubernetes no longer has is named by the ledger's run id, which is no object name.
      () => rows.map((row) => (row.trigger === 'local' ? `run/${row.run}` : `job.batch/${row.run}`)),
    ),
  );
  return EXIT.ok;
}

/**
 * Runs from where the operator pointed: --status-url, else --redis-url or REDIS_URL, else the
 * in-cluster status service. Only that last, implicit source may be missing: then the history
 * shows the Jobs the cluster still has, and says how to see more.
 */
async function readRuns(
  invocation: HistoryInvocation,
  kube: KubeClient,
  cronJob: V1CronJob,
  context: CliContext,
  config: CliConfig,
): Promise<readonly RunSummary[]> {
  if (invocation.statusUrl !== undefined) return readRunsFromStatus(invocation.statusUrl, invocation.job, invocation.limit);
  const redisUrl = invocation.redisUrl ?? config.redisUrl;
  if (redisUrl !== undefined && redisUrl !== '') {
    const ledger = await readLedgerFromRedis(redisUrl, invocation.job, invocation.limit, config.redisKeyPrefix);
    return runsFromCluster(invocation, kube, cronJob, ledger, context);
  }
  const url = defaultStatusUrl(kube.namespace);
  try {
    return await readRunsFromStatus(url, invocation.job, invocation.limit);
  } catch (error) {
    writeLine(
      context.stderr,
      `warning: ${error instanceof Error ? error.message : String(error)}; showing only the runs still in the cluster. ` +
        `For older runs: \`kubectl -n ${kube.namespace} port-forward svc/${STATUS_SERVICE_NAME} ${STATUS_SERVICE_PORT}\` and --status-url http://127.0.0.1:${STATUS_SERVICE_PORT}, or --redis-url`,
    );
    return runsFromCluster(invocation, kube, cronJob, [], context);
  }
}

async function runsFromCluster(
  invocation: HistoryInvocation,
  kube: KubeClient,
  cronJob: V1CronJob,
  ledger: readonly LedgerEntry[],
  context: CliContext,
): Promise<readonly RunSummary[]> {
  const [jobs, pods] = await Promise.all([listRuns(kube, cronJob), kube.listPods(`${LABELS.job}=${invocation.job}`)]);
  const model = clusterSnapshot({ cronJobs: [cronJob], jobs, pods }, context.now);
  const [summary] = summarizeCronJobs(model, {
    now: context.now(),
    name: invocation.job,
    runLimit: invocation.limit,
    ledger: new Map([[invocation.job, ledger]]),
  });
  return summary?.runs ?? [];
}

export interface HistoryRow {
  /** The Job name, or the ledger run id of a run outside Kubernetes. */
  readonly run: string;
  readonly trigger: RunTrigger;
  readonly outcome: RunSummary['outcome'];
  readonly reason: string;
  readonly exitCode?: number;
  readonly startedAt?: Date;
  readonly durationSeconds?: number;
  readonly message?: string;
}

/**
 * A run's trigger: the manual annotation when the Job is still there; otherwise its name, since
 * the CronJob controller names its Jobs `<cronjob>-<minutes since the epoch>`; no Job at all
 * means a run outside Kubernetes (`npm run job`).
 */
export function historyRows(cronJob: string, runs: readonly RunSummary[]): HistoryRow[] {
  return runs.map((run) => ({
    run: run.job ?? run.runId ?? '-',
    trigger: runTrigger(cronJob, run),
    outcome: run.outcome,
    reason: run.reason,
    ...(run.exitCode === undefined ? {} : { exitCode: run.exitCode }),
    ...(run.startedAt === undefined ? {} : { startedAt: run.startedAt }),
    ...(run.durationSeconds === undefined ? {} : { durationSeconds: run.durationSeconds }),
    ...(run.message === undefined ? {} : { message: run.message }),
  }));
}

function historyTable(rows: readonly HistoryRow[], timeZone: string, wide: boolean): string {
  return formatTable(rows, [
    { header: 'RUN', value: (row) => row.run },
    { header: 'TRIGGER', value: (row) => row.trigger },
    { header: 'OUTCOME', value: (row) => row.outcome },
    { header: `STARTED (${timeZone})`, value: (row) => (row.startedAt === undefined ? '-' : formatLocalTime(row.startedAt, timeZone)) },
    { header: 'DURATION', value: (row) => (row.durationSeconds === undefined ? '-' : formatDuration(row.durationSeconds)) },
    ...(wide ? [{ header: 'EXIT', value: (row: HistoryRow) => (row.exitCode === undefined ? '-' : String(row.exitCode)) }] : []),
    { header: 'REASON', value: (row) => reasonText(row) },
  ]);
}

function reasonText(row: HistoryRow): string {
  const exit = row.exitCode === undefined || row.exitCode === 0 || row.reason.startsWith('ExitCode') ? '' : ` (exit ${row.exitCode})`;
  const message = row.message === undefined ? '' : `: ${row.message.split('\n')[0] ?? ''}`;
  return `${row.reason}${exit}${message}`;
}
