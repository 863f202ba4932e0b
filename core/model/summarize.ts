/**
 * Everything the status service shows about a CronJob, derived from the model at request time:
 * the same function serves /health, /metrics, /api, the page, and the CLI's `status` command.
 */
import type { LedgerEntry } from '../run-ledger.ts';
import { podsOf, scheduleTimesOf, type ClusterModel, type CronJobTrack } from './cluster-model.ts';
import type { CronJobRecord } from './records.ts';
import type { ScheduleTimes } from './schedule-times.ts';
import { jobOutcome, type RunOutcome } from './job-outcome.ts';
import { ledgerOutcome } from './ledger-outcome.ts';
import { consecutiveFailures, DURATION_BUCKETS_SECONDS, SKIPPED_REASON, type FinishedRun, type RunHistory } from './run-history.ts';
import { scheduleHealth } from './schedule-health.ts';
import { compareText } from './compare-text.ts';

export type CountedOutcome = 'succeeded' | 'failed' | 'skipped';

export interface RunSummary {
  /** The Kubernetes Job, when the run had one. */
  readonly job: string | undefined;
  /** The ledger's run id, when the job runtime recorded the run. */
  readonly runId: string | undefined;
  readonly manual: boolean;
  readonly scheduledAt: Date | undefined;
  readonly startedAt: Date | undefined;
  readonly finishedAt: Date | undefined;
  readonly durationSeconds: number | undefined;
  readonly outcome: RunOutcome;
  readonly reason: string;
  readonly exitCode: number | undefined;
  readonly message: string | undefined;
}

export interface CronJobSummary {
  readonly namespace: string;
  readonly name: string;
  readonly schedule: string;
  readonly timeZone: string;
  readonly concurrencyPolicy: string;
  readonly suspended: boolean;
  /** Why the schedule cannot be evaluated, if it cannot. */
  readonly scheduleError: string | undefined;
  readonly activeRuns: number;
  /** Elapsed time of the longest active run, 0 when none. */
  readonly activeRunSeconds: number;
  readonly lastSchedule: Date | undefined;
  readonly lastSuccess: Date | undefined;
  readonly lastFailure:
    | { readonly at: Date; readonly job: string; readonly reason: string; readonly exitCode: number | undefined; readonly message: string | undefined }
    | undefined;
  /** Outcome of the most recent finished run. */
  readonly lastOutcome: RunOutcome | undefined;
  readonly lastRunFailed: boolean;
  readonly consecutiveFailures: number;
  readonly missedRuns: number;
  readonly late: boolean;
  readonly nextSchedule: Date | undefined;
  readonly expectedIntervalSeconds: number | undefined;
  readonly lastDurationSeconds: number | undefined;
  readonly timeoutSeconds: number | undefined;
  /** Newest first: live Jobs, remembered runs and ledger entries, merged by Job name. */
  readonly runs: readonly RunSummary[];
  /** Finished runs since the service started, by outcome and reason (counters). */
  readonly runCounts: readonly { readonly outcome: CountedOutcome; readonly reason: string; readonly count: number }[];
  readonly durations: { readonly buckets: readonly { readonly le: number; readonly count: number }[]; readonly sum: number; readonly count: number };
}

export interface SummarizeOptions {
  readonly now: Date;
  /** Ledger entries per catalog job name, newest first or in any order. */
  readonly ledger?: ReadonlyMap<string, readonly LedgerEntry[]>;
  /** Runs listed per CronJob (default 20). */
  readonly runLimit?: number;
  /** Only this CronJob. */
  readonly name?: string;
}

export function summarizeCronJobs(model: ClusterModel, options: SummarizeOptions): CronJobSummary[] {
  const summaries: CronJobSummary[] = [];
  for (const [key, cronJob] of model.cronJobs) {
    if (options.name !== undefined && cronJob.name !== options.name) continue;
    summaries.push(summarizeCronJob(model, key, cronJob, options));
  }
  return summaries.sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name));
}

function summarizeCronJob(model: ClusterModel, key: string, cronJob: CronJobRecord, options: SummarizeOptions): CronJobSummary {
  const now = options.now.getTime();
  const state = model.tracks.get(key);
  const history = state?.history;
  const times = scheduleTimesOf(model, cronJob);
  const schedule = times instanceof Error ? { missedRuns: state?.missedBefore ?? 0, late: false } : scheduleView(cronJob, state, times, now);
  const runs = mergeRuns(model, key, history?.runs ?? [], options.ledger?.get(cronJob.name) ?? [], cronJob.namespace);
  const active = runs.filter((run) => run.outcome === 'running');
  const lastFinished = runs.find((run) => run.outcome !== 'running');
  const lastSuccessAt = Math.max(history?.lastSuccessAt ?? 0, kubernetesLastSuccess(cronJob.lastSuccessfulTime, history?.runs ?? []));
  return {
    namespace: cronJob.namespace,
    name: cronJob.name,
    schedule: cronJob.schedule,
    timeZone: cronJob.timeZone ?? 'UTC',
    concurrencyPolicy: cronJob.concurrencyPolicy,
    suspended: cronJob.suspended,
    scheduleError: times instanceof Error ? times.message : undefined,
    activeRuns: active.length,
    activeRunSeconds: Math.max(0, ...active.map((run) => (run.startedAt === undefined ? 0 : (now - run.startedAt.getTime()) / 1000))),
    lastSchedule: date(cronJob.lastScheduleTime),
    lastSuccess: lastSuccessAt > 0 ? new Date(lastSuccessAt) : undefined,
    lastFailure: lastFailureOf(history),
    lastOutcome: lastFinished?.outcome,
    lastRunFailed: lastFinished?.outcome === 'failed',
    consecutiveFailures: history === undefined ? 0 : consecutiveFailures(history),
    missedRuns: schedule.missedRuns,
    late: schedule.late,
    nextSchedule: date(schedule.nextSchedule),
    expectedIntervalSeconds: schedule.expectedIntervalSeconds,
    lastDurationSeconds: runs.find((run) => run.outcome !== 'running' && run.durationSeconds !== undefined)?.durationSeconds,
    timeoutSeconds: cronJob.timeoutSeconds,
    runs: runs.slice(0, options.runLimit ?? 20),
    runCounts: runCountsOf(state),
    durations: {
      buckets: DURATION_BUCKETS_SECONDS.map((le, index) => ({ le, count: history?.durationBuckets[index] ?? 0 })),
      sum: history?.durationSum ?? 0,
      count: history?.durationCount ?? 0,
    },
  };
}

interface ScheduleView {
  readonly missedRuns: number;
  readonly late: boolean;
  readonly nextSchedule?: number;
  readonly expectedIntervalSeconds?: number;
}

/** Missed and late runs judged since the service started watching, and when the next run is due. */
function scheduleView(cronJob: CronJobRecord, state: CronJobTrack | undefined, times: ScheduleTimes, now: number): ScheduleView {
  const anchor = cronJob.lastScheduleTime ?? cronJob.createdAt ?? now;
  let missedRuns = state?.missedBefore ?? 0;
  let late = false;
  if (!cronJob.suspended && state?.judgedFrom !== undefined) {
    const health = scheduleHealth({
      times,
      startingDeadlineSeconds: cronJob.startingDeadlineSeconds,
      anchor,
      judgedFrom: state.judgedFrom,
      notBefore: state.notBefore,
      startedTimes: state.startedTimes,
      now,
    });
    missedRuns += health.missed.length;
    late = health.late;
  }
  // As the controller requeues: the time after the most recent one (for @every, on its chain).
  const previous = times.previous(now, anchor);
  const nextSchedule = cronJob.suspended ? undefined : times.next(previous ?? (times.schedule.kind === 'every' ? anchor : now));
  return { missedRuns, late, nextSchedule, expectedIntervalSeconds: times.longestGapSeconds(now) };
}

function lastFailureOf(history: RunHistory | undefined): CronJobSummary['lastFailure'] {
  const failure = history?.lastFailure;
  if (failure === undefined) return undefined;
  return { at: new Date(failure.finishedAt), job: failure.job, reason: failure.reason, exitCode: failure.exitCode, message: failure.message };
}

/** Finished runs by outcome and reason, skipped runs the ledger reported included. */
function runCountsOf(state: CronJobTrack | undefined): CronJobSummary['runCounts'] {
  const tallies = new Map(state?.history.counts);
  if (state !== undefined && state.skippedCount > 0) {
    const key = `skipped|${SKIPPED_REASON}`;
    tallies.set(key, (tallies.get(key) ?? 0) + state.skippedCount);
  }
  return [...tallies].map(([label, count]) => {
    const [outcome = 'failed', reason = ''] = label.split('|');
    return { outcome: outcome as CountedOutcome, reason, count };
  });
}

/** The CronJob's `status.lastSuccessfulTime`, unless it is the completion of a run the ledger says was skipped. */
function kubernetesLastSuccess(lastSuccessfulTime: number | undefined, runs: readonly FinishedRun[]): number {
  if (lastSuccessfulTime === undefined) return 0;
  return runs.some((run) => run.outcome === 'skipped' && run.finishedAt === lastSuccessfulTime) ? 0 : lastSuccessfulTime;
}

function date(ms: number | undefined): Date | undefined {
  return ms === undefined ? undefined : new Date(ms);
}

/** Live Jobs win over remembered runs; ledger entries add detail, and runs Kubernetes forgot. */
function mergeRuns(model: ClusterModel, cronKey: string, remembered: readonly FinishedRun[], ledger: readonly LedgerEntry[], namespace: string): RunSummary[] {
  const byJob = new Map<string, RunSummary>();
  for (const run of remembered) {
    byJob.set(run.job, {
      job: run.job,
      runId: undefined,
      manual: run.manual,
      scheduledAt: date(run.scheduledAt),
      startedAt: date(run.startedAt),
      finishedAt: date(run.finishedAt),
      durationSeconds: run.durationSeconds,
      outcome: run.outcome,
      reason: run.reason,
      exitCode: run.exitCode,
      message: run.message,
    });
  }
  for (const jobKey of model.jobsByCronJob.get(cronKey) ?? []) {
    const job = model.jobs.get(jobKey);
    if (job === undefined || byJob.has(job.name)) continue;
    const result = jobOutcome(job, podsOf(model, jobKey));
    const finishedAt = job.finished?.at;
    byJob.set(job.name, {
      job: job.name,
      runId: undefined,
      manual: job.manual,
      scheduledAt: date(job.scheduledAt),
      startedAt: date(job.startedAt ?? job.createdAt),
      finishedAt: date(finishedAt),
      durationSeconds: finishedAt !== undefined && job.startedAt !== undefined ? (finishedAt - job.startedAt) / 1000 : undefined,
      outcome: result.outcome,
      reason: result.reason,
      exitCode: result.exitCode,
      message: result.message,
    });
  }
  const ledgerOnly: RunSummary[] = [];
  for (const entry of ledger) {
    if (entry.namespace !== undefined && entry.namespace !== namespace) continue;
    const known = entry.kubeJob === undefined ? undefined : byJob.get(entry.kubeJob);
    if (known !== undefined && entry.kubeJob !== undefined) {
      byJob.set(entry.kubeJob, {
        ...known,
        runId: entry.runId,
        ...(entry.outcome === 'skipped' && known.outcome === 'succeeded' ? { outcome: 'skipped', reason: SKIPPED_REASON } : {}),
        message: known.message ?? entry.errorMessage,
      });
    } else {
      ledgerOnly.push(fromLedger(entry));
    }
  }
  return [...byJob.values(), ...ledgerOnly].sort((a, b) => sortTime(b) - sortTime(a));
}

function sortTime(run: RunSummary): number {
  return (run.startedAt ?? run.scheduledAt ?? run.finishedAt)?.getTime() ?? 0;
}

function fromLedger(entry: LedgerEntry): RunSummary {
  const result = ledgerOutcome(entry);
  return {
    job: entry.kubeJob,
    runId: entry.runId,
    manual: false,
    scheduledAt: undefined,
    startedAt: new Date(entry.startedAt),
    finishedAt: new Date(entry.finishedAt),
    durationSeconds: entry.durationMs / 1000,
    outcome: result.outcome,
    reason: result.reason,
    exitCode: entry.exitCode,
    message: entry.errorMessage,
  };
}
