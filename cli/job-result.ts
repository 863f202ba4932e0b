import type { V1Job, V1Pod } from '@kubernetes/client-node';

/**
 * What a Job and its pods say about one run, read the way `kubectl wait --for=condition=...`
 * and the job controller read it: Complete or Failed conditions decide, pods add the exit code
 * and the progress a person watching wants to see.
 */
export type RunPhase = 'pending' | 'running' | 'succeeded' | 'failed';

export interface JobResult {
  readonly phase: RunPhase;
  /** Failed condition reason: BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy, ... */
  readonly reason?: string;
  readonly message?: string;
  /** Exit code of the most recent pod's terminated container. */
  readonly exitCode?: number;
  readonly pod?: string;
  readonly startedAt?: Date;
  readonly finishedAt?: Date;
}

export function jobResult(job: V1Job, pods: readonly V1Pod[]): JobResult {
  const conditions = job.status?.conditions ?? [];
  const complete = conditions.find((condition) => condition.type === 'Complete' && condition.status === 'True');
  const failed = conditions.find((condition) => condition.type === 'Failed' && condition.status === 'True');
  const latest = latestPod(job, pods);
  const exitCode = latest === undefined ? undefined : terminatedExitCode(latest);
  const common = {
    ...(latest?.metadata?.name === undefined ? {} : { pod: latest.metadata.name }),
    ...(exitCode === undefined ? {} : { exitCode }),
    ...(job.status?.startTime === undefined ? {} : { startedAt: toDate(job.status.startTime) }),
  };
  if (failed !== undefined) {
    return {
      phase: 'failed',
      ...common,
      ...(failed.reason === undefined ? {} : { reason: failed.reason }),
      ...(failed.message === undefined ? {} : { message: failed.message }),
      ...(failed.lastTransitionTime === undefined ? {} : { finishedAt: toDate(failed.lastTransitionTime) }),
    };
  }
  if (complete !== undefined) {
    const finished = job.status?.completionTime ?? complete.lastTransitionTime;
    return { phase: 'succeeded', ...common, ...(finished === undefined ? {} : { finishedAt: toDate(finished) }) };
  }
  return { phase: (job.status?.active ?? 0) > 0 && latest?.status?.phase === 'Running' ? 'running' : 'pending', ...common };
}

/** One line saying where a run is, printed by `run --wait` whenever it changes. */
export function describeProgress(job: V1Job, pods: readonly V1Pod[]): string {
  const result = jobResult(job, pods);
  const attempts = (job.spec?.backoffLimit ?? 6) + 1;
  const attempt = Math.min((job.status?.failed ?? 0) + 1, attempts);
  const latest = latestPod(job, pods);
  if (result.phase === 'succeeded') return `completed${result.pod === undefined ? '' : ` (pod ${result.pod})`}`;
  if (result.phase === 'failed') return `failed: ${failureSummary(result)}`;
  if (latest === undefined) return 'waiting for the job controller to create a pod';
  const name = latest.metadata?.name ?? '';
  const phase = latest.status?.phase ?? 'Pending';
  const waiting = latest.status?.containerStatuses?.find((status) => status.state?.waiting !== undefined)?.state?.waiting?.reason;
  const attemptText = attempts > 1 ? ` (attempt ${attempt} of ${attempts})` : '';
  return `pod ${name} ${phase}${waiting === undefined ? '' : `: ${waiting}`}${attemptText}`;
}

/** "BackoffLimitExceeded: Job has reached the specified backoff limit; pod x exited with code 2". */
export function failureSummary(result: JobResult): string {
  const reason = result.reason ?? 'Failed';
  const parts = [result.message === undefined || result.message === '' ? reason : `${reason}: ${result.message}`];
  if (result.exitCode !== undefined) {
    parts.push(result.pod === undefined ? `exit code ${result.exitCode}` : `pod ${result.pod} exited with code ${result.exitCode}`);
  }
  return parts.join('; ');
}

function latestPod(job: V1Job, pods: readonly V1Pod[]): V1Pod | undefined {
  const uid = job.metadata?.uid;
  const own = pods.filter((pod) => uid === undefined || (pod.metadata?.ownerReferences ?? []).some((owner) => owner.uid === uid));
  return own.reduce<V1Pod | undefined>((newest, pod) => (newest === undefined || created(pod) >= created(newest) ? pod : newest), undefined);
}

function terminatedExitCode(pod: V1Pod): number | undefined {
  for (const status of pod.status?.containerStatuses ?? []) {
    const terminated = status.state?.terminated ?? status.lastState?.terminated;
    if (terminated !== undefined) return terminated.exitCode;
  }
  return undefined;
}

function created(pod: V1Pod): number {
  const timestamp = pod.metadata?.creationTimestamp;
  return timestamp === undefined ? 0 : toDate(timestamp).getTime();
}

/** The client library types timestamps as Date but they arrive as strings from some paths. */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}
