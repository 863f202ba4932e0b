/**
 * One GET against a source API, the way every job talks to the WMS and OMS: bearer token, a
 * per-attempt timeout (headers and body alike) combined with the run's signal, bounded retries
 * with exponential backoff on what may pass, and a stable error code for what will not.
 *
 * What may pass: network errors, timeouts, 5xx and 429, and a body that breaks off (the
 * connection cut mid-body, or a body that never ends): reading the body is part of the attempt.
 * A 429 or 503 with `Retry-After` waits that long instead of the backoff when it fits before the
 * run's deadline, and gives up at once when it does not: waiting past it helps nobody.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { PontualError } from '../../core/errors.ts';

export interface HttpOptions {
  readonly token: string;
  readonly timeoutMs: number;
  /** Retries after the first attempt. */
  readonly retries: number;
  /** The run's signal: SIGTERM or the soft deadline stops waiting and retrying at once. */
  readonly signal: AbortSignal;
  /** Milliseconds until the run's soft deadline; unbounded when absent. */
  readonly timeLeftMs?: () => number;
  readonly fetch?: typeof fetch;
  readonly backoffMs?: (retry: number) => number;
  /** Wall clock for HTTP-date `Retry-After` values. */
  readonly now?: () => number;
}

/** 250 ms, 500 ms, 1 s, ... capped at 4 s. */
export const defaultBackoffMs = (retry: number): number => Math.min(4_000, 250 * 2 ** (retry - 1));

/** How long a `Retry-After` value (seconds or an HTTP date) asks to wait; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

type Attempt = { ok: true; body: string } | { ok: false; problem: string; error?: unknown; waitMs?: number };

export async function fetchJson(source: string, url: string, options: HttpOptions): Promise<unknown> {
  const backoff = options.backoffMs ?? defaultBackoffMs;
  const what = `${source} GET ${new URL(url).pathname}`;
  // What went wrong with the latest attempt, and the error behind it when there is one (a 5xx is
  // just a status): kept as the cause so the log shows e.g. the ECONNREFUSED under "fetch failed".
  let last: Attempt | undefined;
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    if (last !== undefined && !last.ok) {
      const waitMs = Math.max(backoff(attempt), last.waitMs ?? 0);
      const timeLeft = options.timeLeftMs?.() ?? Infinity;
      if (last.waitMs !== undefined && waitMs >= timeLeft) {
        throw new PontualError(
          'SOURCE_UNAVAILABLE',
          `${what}: ${last.problem} asked to retry after ${Math.ceil(last.waitMs / 1000)} s, past the run's deadline`,
        );
      }
      await sleepFor(waitMs, undefined, { signal: options.signal });
    }
    options.signal.throwIfAborted();
    last = await attemptOnce(what, url, options);
    if (last.ok) return parseJson(what, last.body);
  }
  const attempts = options.retries + 1;
  const failure = last as Exclude<Attempt, { ok: true }>;
  throw new PontualError(
    'SOURCE_UNAVAILABLE',
    `${what} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${failure.problem}`,
    failure.error === undefined ? undefined : { cause: failure.error },
  );
}

/** One request and its whole body; a failure worth retrying is returned, any other thrown. */
async function attemptOnce(what: string, url: string, options: HttpOptions): Promise<Attempt> {
  const doFetch = options.fetch ?? fetch;
  const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  let response: Response;
  try {
    response = await doFetch(url, { headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' }, signal });
  } catch (error) {
    options.signal.throwIfAborted();
    return { ok: false, problem: describeFetchError(error, options.timeoutMs), error };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 500 || response.status === 429) {
      const waitMs =
        response.status === 429 || response.status === 503 ? retryAfterMs(response.headers.get('retry-after'), (options.now ?? Date.now)()) : undefined;
      return { ok: false, problem: `HTTP ${response.status}`, ...(waitMs === undefined ? {} : { waitMs }) };
    }
    throw new PontualError('SOURCE_REJECTED', `${what} was refused: HTTP ${response.status}`);
  }
  try {
    return { ok: true, body: await response.text() };
  } catch (error) {
    options.signal.throwIfAborted();
    return { ok: false, problem: `reading the body failed: ${describeFetchError(error, options.timeoutMs)}`, error };
  }
}

function parseJson(what: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PontualError('INPUT_INVALID', `${what} returned a body that is not JSON`, { cause: error });
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no response within ${timeoutMs} ms`;
  if (error instanceof Error && error.cause instanceof Error) {
    const cause = error.cause as Error & { code?: string };
    return cause.code ?? cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}
