/**
 * What became of one run, decided from its Job's terminal condition and its pods' exit codes.
 * Kubernetes names three failure reasons; anything else falls back to the container's exit code.
 * A container the kernel killed over its memory limit is `OOMKilled` (the kubelet's word), unless
 * the deadline or the podFailurePolicy ended the Job: the fix is a bigger limit, not a retry.
 */
import type { JobRecord, PodRecord } from './records.ts';

export const RUN_OUTCOMES = ['running', 'succeeded', 'failed', 'skipped'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

const KUBERNETES_REASONS = ['BackoffLimitExceeded', 'DeadlineExceeded', 'PodFailurePolicy'] as const;
const OOM_MESSAGE = 'the container went over its memory limit and was killed (exit code 137)';

export interface RunResult {
  readonly outcome: RunOutcome;
  /** '' for success and running; BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy, OOMKilled, ExitCode<n>, Skipped or Unknown. */
  readonly reason: string;
  readonly exitCode?: number;
  readonly message?: string;
}

export function jobOutcome(job: JobRecord, pods: readonly PodRecord[]): RunResult {
  if (job.finished === undefined) return { outcome: 'running', reason: '' };
  if (job.finished.type === 'Complete') return { outcome: 'succeeded', reason: '' };
  // The pod that failed last explains the failure best (earlier ones were retried).
  const failedPod = pods
    .filter((pod) => pod.exitCode !== undefined && pod.exitCode !== 0)
    .sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0))
    .at(-1);
  const exitCode = failedPod?.exitCode ?? exitCodeInMessage(job.finished.message);
  const conditionReason = job.finished.reason;
  const oomKilled = failedPod?.terminationReason === 'OOMKilled' && conditionReason !== 'DeadlineExceeded' && conditionReason !== 'PodFailurePolicy';
  const reason = oomKilled
    ? 'OOMKilled'
    : conditionReason !== undefined && (KUBERNETES_REASONS as readonly string[]).includes(conditionReason)
      ? conditionReason
      : exitCode !== undefined
        ? `ExitCode${exitCode}`
        : 'Unknown';
  const message = failedPod?.terminationMessage ?? (oomKilled ? OOM_MESSAGE : job.finished.message);
  return {
    outcome: 'failed',
    reason,
    ...(exitCode === undefined ? {} : { exitCode }),
    ...(message === undefined ? {} : { message }),
  };
}

/** The PodFailurePolicy condition names the exit code ("... failed with exit code 2 matching FailJob rule ..."). */
function exitCodeInMessage(message: string | undefined): number | undefined {
  const match = message === undefined ? null : /exit code (\d+)/u.exec(message);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
