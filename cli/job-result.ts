import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { jobOutcome, type RunResult } from '../core/model/job-outcome.ts';
import { toJobRecord, toPodRecord } from '../core/model/records.ts';

/**
 * One run as `run --wait` watches it: the verdict is the status service's own (`jobOutcome`:
 * Complete or Failed condition, reason BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy
 * or ExitCode<n>), so the CLI and the dashboards name a failure alike; the pods add what a
 * person watching wants to see: which pod, its phase, which attempt.
 */
export interface RunVerdict extends RunResult {
  /** The run's newest pod. */
  readonly pod?: string;
  readonly startedAt?: Date;
  readonly finishedAt?: Date;
}

export function runVerdict(job: V1Job, pods: readonly V1Pod[]): RunVerdict {
  const own = podsOf(job, pods);
  const record = toJobRecord(job);
  const result = jobOutcome(record, own.map(toPodRecord));
  const pod = own.at(-1)?.metadata?.name;
  return {
    ...result,
    ...(pod === undefined ? {} : { pod }),
    ...(record.startedAt === undefined ? {} : { startedAt: new Date(record.startedAt) }),
    ...(record.finished?.at === undefined ? {} : { finishedAt: new Date(record.finished.at) }),
  };
}

/** One line saying where a run is, printed by `run --wait` whenever it changes. */
export function describeProgress(job: V1Job, pods: readonly V1Pod[]): string {
  const verdict = runVerdict(job, pods);
  if (verdict.outcome === 'succeeded') return `completed${verdict.pod === undefined ? '' : ` (pod ${verdict.pod})`}`;
  if (verdict.outcome === 'failed') return `failed: ${failureSummary(verdict)}`;
  const latest = podsOf(job, pods).at(-1);
  if (latest === undefined) return 'waiting for the job controller to create a pod';
  const attempts = (job.spec?.backoffLimit ?? 6) + 1;
  const attempt = Math.min((job.status?.failed ?? 0) + 1, attempts);
  const waiting = latest.status?.containerStatuses?.find((status) => status.state?.waiting !== undefined)?.state?.waiting?.reason;
  const attemptText = attempts > 1 ? ` (attempt ${attempt} of ${attempts})` : '';
  return `pod ${latest.metadata?.name ?? ''} ${latest.status?.phase ?? 'Pending'}${waiting === undefined ? '' : `: ${waiting}`}${attemptText}`;
}

/** "PodFailurePolicy: <message>; pod x exited with code 2", or "ExitCode1: <message>". */
export function failureSummary(verdict: RunVerdict): string {
  const parts = [verdict.message === undefined || verdict.message === '' ? verdict.reason : `${verdict.reason}: ${verdict.message}`];
  if (verdict.exitCode !== undefined && !verdict.reason.startsWith('ExitCode')) {
    parts.push(verdict.pod === undefined ? `exit code ${verdict.exitCode}` : `pod ${verdict.pod} exited with code ${verdict.exitCode}`);
  }
  return parts.join('; ');
}

/** The Job's own pods, oldest first (a retry is a new pod). */
function podsOf(job: V1Job, pods: readonly V1Pod[]): V1Pod[] {
  const uid = job.metadata?.uid;
  return pods
    .filter((pod) => uid === undefined || (pod.metadata?.ownerReferences ?? []).some((owner) => owner.uid === uid))
    .sort((a, b) => created(a) - created(b));
}

function created(pod: V1Pod): number {
  const timestamp = pod.metadata?.creationTimestamp;
  return timestamp === undefined ? 0 : toDate(timestamp).getTime();
}

/** The client library types timestamps as Date, but they arrive as strings on some paths. */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}
