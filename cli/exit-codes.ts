import { isPontualError, type ErrorCode } from '../core/errors.ts';

/**
 * The plugin's exit codes, documented in docs/cli.md. They differ from the jobs' exit codes on
 * purpose: a script calling `kubectl pontual` needs to tell "the run failed" from "I typed it
 * wrong" from "I could not talk to the cluster", and retry only the last.
 */
export const EXIT = {
  /** The command did what was asked (for `run --wait`: the Job completed). */
  ok: 0,
  /** The operation failed: the Job failed, a run or pod was not found, anything unexpected. */
  failed: 1,
  /** Usage error: unknown command, flag, job name, context or kubeconfig. Fix the command line. */
  usage: 2,
  /** The cluster could not be reached, or denied the request (authentication or RBAC). */
  cluster: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_ERROR_CODE: Partial<Record<ErrorCode, ExitCode>> = {
  CONFIG_INVALID: EXIT.usage,
  JOB_UNKNOWN: EXIT.usage,
  KUBE_UNAVAILABLE: EXIT.cluster,
  KUBE_FORBIDDEN: EXIT.cluster,
};

export function exitCodeFor(error: unknown): ExitCode {
  if (!isPontualError(error)) return EXIT.failed;
  return BY_ERROR_CODE[error.code] ?? EXIT.failed;
}
