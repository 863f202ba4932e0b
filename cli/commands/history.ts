import { LABELS } from '../../core/labels.ts';
import type { LedgerEntry } from '../../core/run-ledger.ts';
import { writeLine, type CliContext } from '../cli-context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { listRuns } from '../job-runs.ts';
import { readLedgerFromRedis } from '../ledger-source.ts';
import { formatData, formatDuration, formatLocalTime, formatTable } from '../output.ts';
import type { HistoryInvocation } from '../parse-args.ts';
import { getSuiteCronJob } from '../resolve-job.ts';
import { mergeRunHistory, type HistoryRow } from '../run-history.ts';
import { defaultStatusUrl, readLedgerFromStatus } from '../status-api.ts';

/** `history <job>`: past runs from the run ledger (status service or Redis) merged with the Jobs still in the cluster. */
export async function historyCommand(invocation: HistoryInvocation, context: CliContext): Promise<ExitCode> {
  const kube = context.kube(invocation.global);
  const cronJob = await getSuiteCronJob(kube, invocation.job);
  const [ledger, jobs, pods] = await Promise.all([
    readLedger(invocation, kube.namespace, context),
    listRuns(kube, cronJob),
    kube.listPods(`${LABELS.job}=${invocation.job}`),
  ]);
  const rows = mergeRunHistory(invocation.job, ledger, jobs, pods, invocation.limit);
  const timeZone = cronJob.spec.timeZone ?? 'UTC';
  context.stdout.write(formatData(invocation.global.output, rows, () => (rows.length === 0 ? `no runs of ${invocation.job} recorded\n` : historyTable(rows, timeZone))));
  return EXIT.ok;
}

/**
 * The ledger from where the operator pointed: --status-url, else --redis-url or REDIS_URL, else
 * the in-cluster status service. Only that last, implicit source may be missing: then the
 * history shows the Jobs the cluster still has, and says how to see more.
 */
async function readLedger(invocation: HistoryInvocation, namespace: string, context: CliContext): Promise<LedgerEntry[]> {
  if (invocation.statusUrl !== undefined) return readLedgerFromStatus(invocation.statusUrl, invocation.job, invocation.limit);
  const redisUrl = invocation.redisUrl ?? context.env.REDIS_URL;
  if (redisUrl !== undefined && redisUrl !== '') return readLedgerFromRedis(redisUrl, invocation.job, invocation.limit, context.env.REDIS_KEY_PREFIX);
  const url = defaultStatusUrl(namespace);
  try {
    return await readLedgerFromStatus(url, invocation.job, invocation.limit);
  } catch (error) {
    writeLine(
      context.stderr,
      `warning: the status service at ${url} is unreachable (${error instanceof Error ? error.message : String(error)}); showing only the runs still in the cluster. ` +
        `For older runs: \`kubectl -n ${namespace} port-forward svc/pontual-status 8080\` and --status-url http://127.0.0.1:8080, or --redis-url`,
    );
    return [];
  }
}

function historyTable(rows: readonly HistoryRow[], timeZone: string): string {
  return formatTable(rows, [
    { header: 'RUN', value: (row) => row.run },
    { header: 'TRIGGER', value: (row) => row.trigger },
    { header: 'OUTCOME', value: (row) => row.outcome },
    { header: `STARTED (${timeZone})`, value: (row) => (row.startedAt === undefined ? '-' : formatLocalTime(row.startedAt, timeZone)) },
    { header: 'DURATION', value: (row) => (row.durationSeconds === undefined ? '-' : formatDuration(row.durationSeconds)) },
    { header: 'ATTEMPTS', value: (row) => String(row.attempts === 0 ? '-' : row.attempts) },
    { header: 'REASON', value: (row) => row.reason ?? '' },
  ]);
}
