import type { Writable } from 'node:stream';
import type { V1Job } from '@kubernetes/client-node';
import { isPontualError } from '../../core/errors.ts';
import { withAsOf } from '../as-of-job.ts';
import { backfillJobName, planBackfill } from '../backfill-plan.ts';
import type { CliConfig } from '../cli-config.ts';
import { writeLine, type CliContext } from '../cli-context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { listRuns } from '../job-runs.ts';
import { readLedgerFromRedis } from '../ledger-source.ts';
import type { KubeClient } from '../kube-client.ts';
import { buildManualJob } from '../manual-job.ts';
import { formatData, formatLocalTime } from '../output.ts';
import type { BackfillInvocation } from '../parse-args.ts';
import { getSuiteCronJob } from '../resolve-job.ts';
import { waitForJob } from './run.ts';

type TimeOutcome = 'succeeded' | 'failed' | 'not-run';

interface BackfillResult {
  readonly at: string;
  readonly job?: string;
  readonly outcome: TimeOutcome | 'already-run';
}

/**
 * `backfill <job> --from --to`: one Job per missed schedule time, oldest first, each computing as
 * of its own time, one at a time: before each it waits until no run of the job is active (the
 * job runtime's lock lets one run at a time; starting beside another would only record a
 * skip). Stops at the first failure: later times usually depend on the same fix.
 */
export async function backfillCommand(invocation: BackfillInvocation, context: CliContext, config: CliConfig): Promise<ExitCode> {
  const kube = context.kube(invocation.global);
  const cronJob = await getSuiteCronJob(kube, invocation.job);
  const timeZone = cronJob.spec.timeZone ?? 'UTC';
  const at = (date: Date): string => formatLocalTime(date, timeZone);
  const data = invocation.global.output !== 'table';
  const progress = data ? context.stderr : context.stdout;
  const ledgerJobs = await ledgerJobNames(invocation, config, progress, cronJob.spec.successfulJobsHistoryLimit ?? 3);
  const plan = planBackfill({
    cronJob: invocation.job,
    schedule: cronJob.spec.schedule,
    timeZone,
    from: invocation.from,
    to: invocation.to,
    jobs: await listRuns(kube, cronJob),
    ledgerJobs,
  });
  const window = `${at(invocation.from)} to ${at(invocation.to)}`;
  for (const run of plan.alreadyRun) writeLine(progress, `${at(run.at)} already has a run (${run.job}): left alone`);
  if (plan.times.length === 0) writeLine(progress, `nothing to backfill: no schedule time of ${invocation.job} from ${window} lacks a run`);
  else
    writeLine(
      progress,
      `${invocation.dryRun ? 'would run' : 'running'} ${plan.times.length} schedule time${plan.times.length === 1 ? '' : 's'} of ${invocation.job} from ${window}, oldest first, one at a time`,
    );

  const results: BackfillResult[] = plan.alreadyRun.map((run) => ({ at: run.at.toISOString(), job: run.job, outcome: 'already-run' }));
  let stopped = false;
  for (const [index, time] of plan.times.entries()) {
    const step = `[${index + 1}/${plan.times.length}] ${at(time)}`;
    const name = backfillJobName(invocation.job, time);
    if (invocation.dryRun || stopped) {
      if (invocation.dryRun) writeLine(progress, `${step}: would create job.batch/${name} computing as of ${time.toISOString()}`);
      results.push({ at: time.toISOString(), job: name, outcome: 'not-run' });
      continue;
    }
    await waitUntilIdle(kube, invocation.job, context, progress, step);
    const created = await createOnce(kube, withAsOf(buildManualJob(cronJob, name), time));
    writeLine(progress, `${step}: job.batch/${name} created, computing as of ${time.toISOString()}`);
    const code = await waitForJob(kube, created, context, progress);
    results.push({ at: time.toISOString(), job: name, outcome: code === EXIT.ok ? 'succeeded' : 'failed' });
    if (code !== EXIT.ok) {
      stopped = true;
      writeLine(
        progress,
        `${step}: failed, so the backfill stops here (later times would likely fail the same way): fix the cause, then run the same command again`,
      );
    }
  }

  const count = (outcome: BackfillResult['outcome']): number => results.filter((result) => result.outcome === outcome).length;
  const summary = invocation.dryRun
    ? `dry run: ${plan.times.length} time${plan.times.length === 1 ? '' : 's'} would run, ${count('already-run')} already ran`
    : `backfill of ${invocation.job} from ${window}: ${count('succeeded')} succeeded, ${count('failed')} failed, ${count('not-run')} not run, ${count('already-run')} already had a run`;
  if (data)
    context.stdout.write(
      formatData(
        invocation.global.output,
        { cronjob: invocation.job, namespace: kube.namespace, from: invocation.from, to: invocation.to, dryRun: invocation.dryRun, results, summary },
        () => '',
        () => [],
      ),
    );
  else writeLine(progress, summary);
  return count('failed') > 0 ? EXIT.failed : EXIT.ok;
}

/** How many ledger entries to read: enough for a week of a 5-minute job. */
const LEDGER_LOOKBACK = 2_000;

/**
 * The Jobs the run ledger says ran. Kubernetes deletes finished Jobs beyond the history limits,
 * so without the ledger a time that ran a while ago looks missed; without Redis, say so.
 */
async function ledgerJobNames(invocation: BackfillInvocation, config: CliConfig, progress: Writable, keptJobs: number): Promise<string[]> {
  const url = invocation.redisUrl ?? config.redisUrl;
  if (url === undefined || url === '') {
    writeLine(
      progress,
      `warning: without the run ledger (--redis-url or REDIS_URL) only the Jobs still in the cluster show which times ran: Kubernetes keeps the last ${keptJobs} successful ones`,
    );
    return [];
  }
  const entries = await readLedgerFromRedis(url, invocation.job, LEDGER_LOOKBACK / 4, config.redisKeyPrefix);
  // A run the job skipped (the lock was held) did not compute anything: its time still needs a run.
  return entries.filter((entry) => entry.outcome !== 'skipped' && entry.kubeJob !== undefined).map((entry) => entry.kubeJob ?? '');
}

/** Waits while any run of the job is active: the job's lock admits one run at a time. */
async function waitUntilIdle(kube: KubeClient, job: string, context: CliContext, progress: Writable, step: string): Promise<void> {
  let told = false;
  for (;;) {
    const cronJob = await kube.getCronJob(job);
    const active = (await listRuns(kube, cronJob)).filter((run) => !finished(run)).map((run) => run.metadata?.name ?? '');
    if (active.length === 0) return;
    if (!told) writeLine(progress, `${step}: waiting for ${active.join(', ')} to finish first (one run at a time)`);
    told = true;
    await context.sleep(context.pollIntervalMs);
  }
}

function finished(job: V1Job): boolean {
  return (job.status?.conditions ?? []).some((condition) => (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True');
}

/** Creates the Job; one that already exists under this name (an interrupted backfill) is awaited instead. */
async function createOnce(kube: KubeClient, job: V1Job): Promise<V1Job> {
  try {
    return await kube.createJob(job);
  } catch (error) {
    if (isPontualError(error) && /already exists/iu.test(error.message)) return kube.getJob(job.metadata?.name ?? '');
    throw error;
  }
}
