/**
 * The one error catalogue of pontual. Every error that crosses a boundary (a process exit code,
 * an HTTP body, a CLI message) is a PontualError with a stable code; the original error is kept
 * as `cause` so logs show the whole chain.
 */

/** Stable codes, grouped by what the caller can do about them. */
export const ERROR_CODES = {
  /** A setting is missing or malformed: fix the environment, retrying will not help. */
  CONFIG_INVALID: { exitCode: 2, retryable: false },
  /** A source returned data that breaks its contract: fix the source, retrying will not help. */
  INPUT_INVALID: { exitCode: 2, retryable: false },
  /** The job name is not in the catalog. */
  JOB_UNKNOWN: { exitCode: 2, retryable: false },
  /** A schedule the Kubernetes CronJob controller would reject. */
  SCHEDULE_INVALID: { exitCode: 2, retryable: false },
  /** A catalog or profile value infra cannot synthesize. */
  SYNTH_INVALID: { exitCode: 2, retryable: false },
  /** A source API could not be reached or kept failing (network, timeout, 5xx). */
  SOURCE_UNAVAILABLE: { exitCode: 1, retryable: true },
  /** A source API refused the request (4xx other than 429): usually a credential problem. */
  SOURCE_REJECTED: { exitCode: 1, retryable: true },
  /** Redis could not be reached or a command failed. */
  REDIS_UNAVAILABLE: { exitCode: 1, retryable: true },
  /** The soft deadline before activeDeadlineSeconds expired. */
  DEADLINE_EXCEEDED: { exitCode: 1, retryable: true },
  /** SIGTERM (eviction, node drain, Job deletion) stopped the run after cleanup. */
  TERMINATED: { exitCode: 143, retryable: true },
  /** The Kubernetes API could not be reached or refused a request. */
  KUBE_UNAVAILABLE: { exitCode: 1, retryable: true },
  /** The Kubernetes API denied the request (RBAC). */
  KUBE_FORBIDDEN: { exitCode: 1, retryable: false },
  /** A named object (job, run) does not exist. */
  NOT_FOUND: { exitCode: 1, retryable: false },
  /** Anything not anticipated: treated as retryable, as a crash would be. */
  INTERNAL: { exitCode: 1, retryable: true },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class PontualError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PontualError';
    this.code = code;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exitCode;
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }
}

/** Wraps anything thrown into a PontualError, keeping the original as the cause. */
export function toPontualError(error: unknown, fallback: ErrorCode = 'INTERNAL'): PontualError {
  if (error instanceof PontualError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new PontualError(fallback, message, { cause: error });
}

export function isPontualError(error: unknown, code?: ErrorCode): error is PontualError {
  return error instanceof PontualError && (code === undefined || error.code === code);
}
