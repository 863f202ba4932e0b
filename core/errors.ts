/**
 * The one error catalogue of pontual. Every error that crosses a boundary (a process exit code,
 * an HTTP body, a CLI message) is a PontualError with a stable code; the original error is kept
 * as `cause` so logs show the whole chain.
 */

/**
 * Stable codes, grouped by what the caller can do about them. `exitCode` is what a job process
 * exits with (the CronJobs' podFailurePolicy fails the Job at once on the configuration exit code,
 * retries the rest); `httpStatus` is what the status service answers when a request ends in it.
 */
export const ERROR_CODES = {
  /** A setting is missing or malformed (or a request parameter is): fix it, retrying will not help. */
  CONFIG_INVALID: { exitCode: 2, httpStatus: 400 },
  /** A source returned data that breaks its contract: fix the source, retrying will not help. */
  INPUT_INVALID: { exitCode: 2, httpStatus: 502 },
  /** The job name is not in the catalog. */
  JOB_UNKNOWN: { exitCode: 2, httpStatus: 404 },
  /** A schedule the Kubernetes CronJob controller would reject. */
  SCHEDULE_INVALID: { exitCode: 2, httpStatus: 500 },
  /** A catalog or profile value infra cannot synthesize. */
  SYNTH_INVALID: { exitCode: 2, httpStatus: 500 },
  /** A source API could not be reached or kept failing (network, timeout, 5xx). */
  SOURCE_UNAVAILABLE: { exitCode: 1, httpStatus: 502 },
  /** A source API refused the request (4xx other than 429): usually a credential problem. */
  SOURCE_REJECTED: { exitCode: 1, httpStatus: 502 },
  /** Redis could not be reached or a command failed. */
  REDIS_UNAVAILABLE: { exitCode: 1, httpStatus: 503 },
  /** The soft deadline before activeDeadlineSeconds expired. */
  DEADLINE_EXCEEDED: { exitCode: 1, httpStatus: 503 },
  /** Another run took the job's lock over (this run's heartbeat lapsed): the run stops without writing. */
  LOCK_LOST: { exitCode: 1, httpStatus: 503 },
  /** A run stopped without recording its end (SIGKILL, OOM, node lost); recorded by the next run. */
  RUN_ABANDONED: { exitCode: 1, httpStatus: 500 },
  /**
   * A source returned no records where the stored result has many: not written, as an outage
   * dressed as an answer would wipe the picture. Confirm a real drop with EMPTY_RESULT_GUARD=0.
   */
  EMPTY_RESULT: { exitCode: 1, httpStatus: 502 },
  /** SIGTERM (eviction, node drain, Job deletion) stopped the run after cleanup. */
  TERMINATED: { exitCode: 143, httpStatus: 503 },
  /** The Kubernetes API could not be reached or refused a request. */
  KUBE_UNAVAILABLE: { exitCode: 1, httpStatus: 503 },
  /** The Kubernetes API denied the request (RBAC). */
  KUBE_FORBIDDEN: { exitCode: 1, httpStatus: 503 },
  /** A named object (job, run, route) does not exist. */
  NOT_FOUND: { exitCode: 1, httpStatus: 404 },
  /** The status API is read-only: anything but GET and HEAD. */
  METHOD_NOT_ALLOWED: { exitCode: 1, httpStatus: 405 },
  /** Anything not anticipated: exit 1 so Kubernetes retries, as it would after a crash. */
  INTERNAL: { exitCode: 1, httpStatus: 500 },
} as const satisfies Record<string, { readonly exitCode: number; readonly httpStatus: number }>;

/** The exit code that means "retrying cannot help": the CronJobs fail the Job at once on it. */
export const NO_RETRY_EXIT_CODE = ERROR_CODES.CONFIG_INVALID.exitCode;

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

  get httpStatus(): number {
    return ERROR_CODES[this.code].httpStatus;
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
