/**
 * What one health check says about a store. Pure. Up: a 2xx within the slow threshold. Degraded:
 * a 2xx slower than that, or 429 (the store is there but shedding load). Down: anything else,
 * including no answer within the timeout and network errors.
 */
export const STORE_STATUSES = ['up', 'degraded', 'down'] as const;
export type StoreHealth = (typeof STORE_STATUSES)[number];

export type CheckResult =
  { readonly kind: 'response'; readonly httpStatus: number; readonly latencyMs: number } | { readonly kind: 'failure'; readonly reason: string };

export interface StoreVerdict {
  readonly status: StoreHealth;
  readonly httpStatus: number | null;
  readonly latencyMs: number | null;
  /** Why, in a few words: `HTTP 200`, `HTTP 200, slower than 2000 ms`, `ECONNREFUSED`. No latency: it is its own field. */
  readonly detail: string;
}

export function judgeCheck(result: CheckResult, slowMs: number): StoreVerdict {
  if (result.kind === 'failure') return { status: 'down', httpStatus: null, latencyMs: null, detail: result.reason };
  const { httpStatus, latencyMs } = result;
  const ok = httpStatus >= 200 && httpStatus < 300;
  const status: StoreHealth = ok && latencyMs <= slowMs ? 'up' : ok || httpStatus === 429 ? 'degraded' : 'down';
  const slow = ok && latencyMs > slowMs ? `, slower than ${slowMs} ms` : '';
  return { status, httpStatus, latencyMs, detail: `HTTP ${httpStatus}${slow}` };
}
