/**
 * Why a run failed, in one sentence an operator can act on. `kubectl pontual why` and the status
 * page's job page both print this, so the terminal and the browser never word a failure apart.
 */

export interface FailureFacts {
  /** BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy, OOMKilled, ExitCode<n> or Unknown. */
  readonly reason: string;
  readonly exitCode?: number | undefined;
  /** The pod's termination message (the job runtime writes its error there) or the condition's. */
  readonly message?: string | undefined;
  /** The Job's activeDeadlineSeconds, to say how long it was allowed. */
  readonly timeoutSeconds?: number | undefined;
}

const SIGNALLED: Readonly<Record<number, string>> = {
  137: 'killed (SIGKILL: usually out of memory, or the deadline enforced)',
  143: 'terminated (SIGTERM: eviction, node drain or the Job deleted)',
};

function exitMeaning(code: number): string {
  if (code === 2) return 'exit code 2: bad configuration or input, which a retry does not fix';
  if (code === 1) return 'exit code 1: a failure a retry may fix (a source or Redis unavailable)';
  return `exit code ${code}${SIGNALLED[code] === undefined ? '' : `: ${SIGNALLED[code]}`}`;
}

export function explainFailure(facts: FailureFacts): string {
  const exit = facts.exitCode === undefined ? undefined : exitMeaning(facts.exitCode);
  let meaning: string;
  switch (facts.reason) {
    case 'DeadlineExceeded':
      meaning = `it ran past its timeout${facts.timeoutSeconds === undefined ? '' : ` of ${facts.timeoutSeconds} s`} (activeDeadlineSeconds) and Kubernetes stopped it`;
      break;
    case 'BackoffLimitExceeded':
      meaning = `it failed on every attempt (backoffLimit reached)${exit === undefined ? '' : `, the last with ${exit}`}`;
      break;
    case 'PodFailurePolicy':
      meaning = `the pod failure policy failed it at once, without retrying${exit === undefined ? '' : `: ${exit}`}`;
      break;
    case 'Unknown':
      meaning = 'Kubernetes recorded no reason and no exit code';
      break;
    case 'OOMKilled':
      meaning = 'it went over its memory limit and the kernel killed it (exit code 137): raise the limit, a retry will not help';
      break;
    default:
      meaning = exit === undefined ? `it failed (${facts.reason})` : `the container ended with ${exit}`;
  }
  const message = facts.message === undefined || facts.message === '' ? '' : `; it said: ${oneLine(facts.message)}`;
  return `${facts.reason}: ${meaning}${message}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** The last run's failure, when the last finished run failed: what `why` and the job page both say. */
export function explainLastFailure(summary: {
  readonly lastRunFailed: boolean;
  readonly lastFailure: { readonly reason: string; readonly exitCode: number | undefined; readonly message: string | undefined } | undefined;
  readonly timeoutSeconds: number | undefined;
}): string | undefined {
  const failure = summary.lastFailure;
  if (!summary.lastRunFailed || failure === undefined) return undefined;
  return explainFailure({ reason: failure.reason, exitCode: failure.exitCode, message: failure.message, timeoutSeconds: summary.timeoutSeconds });
}
