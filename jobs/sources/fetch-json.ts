/**
 * One GET against a source API, the way every job talks to the WMS and OMS: bearer token, a
 * per-attempt timeout combined with the run's signal, bounded retries with exponential backoff on
 * what may pass (network errors, timeouts, 5xx, 429), and a stable error code for what will not.
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
  readonly fetch?: typeof fetch;
  readonly backoffMs?: (retry: number) => number;
}

/** 250 ms, 500 ms, 1 s, ... capped at 4 s. */
export const defaultBackoffMs = (retry: number): number => Math.min(4_000, 250 * 2 ** (retry - 1));

export async function fetchJson(source: string, url: string, options: HttpOptions): Promise<unknown> {
  const doFetch = options.fetch ?? fetch;
  const backoff = options.backoffMs ?? defaultBackoffMs;
  const what = `${source} GET ${new URL(url).pathname}`;
  // What went wrong with the latest attempt, and the error behind it when there is one (a 5xx is
  // just a status): kept as the cause so the log shows e.g. the ECONNREFUSED under "fetch failed".
  let last: { problem: string; error?: unknown } = { problem: '' };
  for (let attempt = 0; attempt <= options.retries; attempt++) {
    if (attempt > 0) await sleepFor(backoff(attempt), undefined, { signal: options.signal });
    options.signal.throwIfAborted();
    let response: Response;
    try {
      response = await doFetch(url, {
        headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
        signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
      });
    } catch (error) {
      options.signal.throwIfAborted();
      last = { problem: describeFetchError(error, options.timeoutMs), error };
      continue;
    }
    if (response.ok) return parseBody(what, response, options);
    await response.body?.cancel();
    if (response.status >= 500 || response.status === 429) {
      last = { problem: `HTTP ${response.status}` };
      continue;
    }
    throw new PontualError('SOURCE_REJECTED', `${what} was refused: HTTP ${response.status}`);
  }
  const attempts = options.retries + 1;
  throw new PontualError(
    'SOURCE_UNAVAILABLE',
    `${what} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${last.problem}`,
    last.error === undefined ? undefined : { cause: last.error },
  );
}

async function parseBody(what: string, response: Response, options: HttpOptions): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    options.signal.throwIfAborted();
    throw new PontualError('SOURCE_UNAVAILABLE', `${what}: reading the response failed: ${describeFetchError(error, options.timeoutMs)}`, {
      cause: error,
    });
  }
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
