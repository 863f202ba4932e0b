import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { MANUAL_INSTANTIATE_ANNOTATION, SCHEDULED_TIMESTAMP_ANNOTATION } from '../core/labels.ts';
import type { LedgerEntry } from '../core/run-ledger.ts';
import { jobResult } from './job-result.ts';

/**
 * One row of `history`: a run, merged from what the cluster still has (the Job, authoritative
 * for outcome and trigger) and what the run ledger kept (every attempt, also after Kubernetes
 * deleted the Job). Pure.
 */
export type Trigger = 'scheduled' | 'manual' | 'local' | 'unknown';
export type HistoryOutcome = 'succeeded' | 'failed' | 'skipped' | 'running' | 'pending';

export interface HistoryRow {
  /** The Job name, or the ledger run id for a run outside Kubernetes. */
  readonly run: string;
  readonly trigger: Trigger;
  readonly outcome: HistoryOutcome;
  readonly reason?: string;
  readonly startedAt?: Date;
  readonly durationSeconds?: number;
  /** Ledger entries (pod attempts) recorded for the run. */
  readonly attempts: number;
  readonly source: 'cluster' | 'ledger' | 'cluster+ledger';
}

export function mergeRunHistory(job: string, ledger: readonly LedgerEntry[], jobs: readonly V1Job[], pods: readonly V1Pod[], limit: number): HistoryRow[] {
  const attemptsByRun = new Map<string, LedgerEntry[]>();
  for (const entry of ledger) {
    const key = entry.kubeJob ?? entry.runId;
    attemptsByRun.set(key, [...(attemptsByRun.get(key) ?? []), entry]);
  }
  for (const attempts of attemptsByRun.values()) attempts.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const rows: HistoryRow[] = [];
  for (const kubeJob of jobs) {
    const name = kubeJob.metadata?.name ?? '';
    const attempts = attemptsByRun.get(name) ?? [];
    attemptsByRun.delete(name);
    rows.push(fromJob(kubeJob, pods, attempts));
  }
  for (const [run, attempts] of attemptsByRun) rows.push(fromLedger(job, run, attempts));
  return rows.sort((a, b) => (b.startedAt?.getTime() ?? 0) - (a.startedAt?.getTime() ?? 0)).slice(0, limit);
}

/** Scheduled, manual, or unknown, from what the CronJob controller and kubectl write on a Job. */
export function triggerOf(job: V1Job): Trigger {
  const annotations = job.metadata?.annotations ?? {};
  if (annotations[MANUAL_INSTANTIATE_ANNOTATION] === 'manual') return 'manual';
  if (annotations[SCHEDULED_TIMESTAMP_ANNOTATION] !== undefined) return 'scheduled';
  return 'unknown';
}

function fromJob(job: V1Job, pods: readonly V1Pod[], attempts: readonly LedgerEntry[]): HistoryRow {
  const uid = job.metadata?.uid;
  const own = pods.filter((pod) => (pod.metadata?.ownerReferences ?? []).some((owner) => owner.uid === uid));
  const result = jobResult(job, own);
  const last = lastAttempt(attempts);
  const skipped = result.phase === 'succeeded' && last?.outcome === 'skipped';
  const reason =
    result.phase === 'failed'
      ? [result.reason, result.exitCode === undefined ? undefined : `exit code ${result.exitCode}`, last?.errorCode].filter((part) => part !== undefined).join(', ')
      : skipped
        ? 'another run held the lock'
        : undefined;
  const startedAt = result.startedAt ?? (attempts[0] === undefined ? undefined : new Date(attempts[0].startedAt));
  const finishedAt = result.finishedAt ?? (last === undefined ? undefined : new Date(last.finishedAt));
  return {
    run: job.metadata?.name ?? '',
    trigger: triggerOf(job),
    outcome: skipped ? 'skipped' : result.phase,
    ...(reason === undefined || reason === '' ? {} : { reason }),
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(startedAt === undefined || finishedAt === undefined ? {} : { durationSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000 }),
    attempts: attempts.length,
    source: attempts.length === 0 ? 'cluster' : 'cluster+ledger',
  };
}

function fromLedger(job: string, run: string, attempts: readonly LedgerEntry[]): HistoryRow {
  const first = attempts[0];
  const last = lastAttempt(attempts);
  const outcome: HistoryOutcome = last?.outcome === 'ok' ? 'succeeded' : last?.outcome === 'skipped' ? 'skipped' : 'failed';
  const reason = outcome === 'failed' ? [last?.outcome, last?.errorCode, last === undefined ? undefined : `exit code ${last.exitCode}`].filter((part) => part !== undefined).join(', ') : undefined;
  const startedAt = first === undefined ? undefined : new Date(first.startedAt);
  const finishedAt = last === undefined ? undefined : new Date(last.finishedAt);
  return {
    run,
    trigger: ledgerTrigger(job, last?.kubeJob),
    outcome,
    ...(reason === undefined ? {} : { reason }),
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(startedAt === undefined || finishedAt === undefined ? {} : { durationSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000 }),
    attempts: attempts.length,
    source: 'ledger',
  };
}

/**
 * For a run whose Job is gone, the trigger is read from its name: the CronJob controller names
 * Jobs `<cronjob>-<minutes since the epoch>`; anything else in a pod was started by hand; no Job
 * at all means `npm run job` outside Kubernetes.
 */
function ledgerTrigger(job: string, kubeJob: string | undefined): Trigger {
  if (kubeJob === undefined) return 'local';
  return new RegExp(`^${escapeRegExp(job)}-\\d+$`).test(kubeJob) ? 'scheduled' : 'manual';
}

function lastAttempt(attempts: readonly LedgerEntry[]): LedgerEntry | undefined {
  return attempts.reduce<LedgerEntry | undefined>((latest, entry) => (latest === undefined || entry.finishedAt >= latest.finishedAt ? entry : latest), undefined);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
