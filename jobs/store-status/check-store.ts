/**
 * One GET of a store's health URL, timed. A thin adapter: it reports what happened and lets
 * judgeCheck decide. Only the run's own stop request escapes as an error.
 */
import { redactText } from '../../core/redact.ts';
import type { CheckResult } from './store-health.ts';

export interface CheckOptions {
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
  readonly fetch?: typeof fetch;
  readonly monotonicMs?: () => number;
}

export async function checkStore(healthUrl: string, options: CheckOptions): Promise<CheckResult> {
  const doFetch = options.fetch ?? fetch;
  const now = options.monotonicMs ?? (() => performance.now());
  const started = now();
  try {
    const response = await doFetch(healthUrl, {
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
      redirect: 'manual',
    });
    const latencyMs = Math.round(now() - started);
    await response.body?.cancel();
    return { kind: 'response', httpStatus: response.status, latencyMs };
  } catch (error) {
    options.signal.throwIfAborted();
    // The reason is stored and shown: fetch quotes the URL (a token in its query, credentials).
    return { kind: 'failure', reason: redactText(describe(error, options.timeoutMs)) };
  }
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no response within ${timeoutMs} ms`;
  if (error instanceof Error && error.cause instanceof Error) {
    const cause = error.cause as Error & { code?: string };
    return cause.code ?? cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}
