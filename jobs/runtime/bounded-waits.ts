/**
 * Waits that end on time whatever the awaited promise does: the runner never hangs on a job that
 * ignores its signal or on a Redis call that gets no answer.
 */
import { PontualError } from '../../core/errors.ts';

/** Rejects with the signal's reason as soon as it aborts, even if `promise` never settles. */
export async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Rejects when `promise` has not settled within `ms`: a cleanup step never holds the exit. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new PontualError('REDIS_UNAVAILABLE', `${what} did not finish within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
