/**
 * How a store's status is stored, and the carry-over that keeps reruns stable: `lastChange` only
 * moves when the status does, otherwise it is copied from the previous stored state. A store this
 * run did not check is stored `unknown`, with its last known status and check time, so an old
 * "up" is never presented as current.
 */
import type { Store } from '../sources/oms-store.ts';
import { STORE_STATUSES, type StoreHealth, type StoreVerdict } from './store-health.ts';

export const STORED_STATUSES = [...STORE_STATUSES, 'unknown'] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];

export interface StoredStore {
  readonly name: string;
  readonly platform: string;
  readonly status: StoredStatus;
  readonly httpStatus: number | null;
  readonly latencyMs: number | null;
  readonly detail: string;
  /** ISO instant the status last changed; the first check of a store counts as a change. */
  readonly lastChange: string;
  /** ISO instant of the check this status comes from; null when the store was never checked. */
  readonly checkedAt: string | null;
  /** On `unknown` only: the status the last check found, if any. */
  readonly lastStatus?: StoreHealth;
}

export function nextStoredStore(store: Store, verdict: StoreVerdict, previous: StoredStore | undefined, now: Date): StoredStore {
  return {
    name: store.name,
    platform: store.platform,
    status: verdict.status,
    httpStatus: verdict.httpStatus,
    latencyMs: verdict.latencyMs,
    detail: verdict.detail,
    lastChange: previous?.status === verdict.status ? previous.lastChange : now.toISOString(),
    checkedAt: now.toISOString(),
  };
}

/** A store this run could not check: `why` says so in the detail. */
export function uncheckedStore(
  names: { readonly name: string; readonly platform: string },
  previous: StoredStore | undefined,
  why: string,
  now: Date,
): StoredStore {
  const lastStatus = previous?.status === 'unknown' ? previous.lastStatus : previous?.status;
  return {
    name: names.name,
    platform: names.platform,
    status: 'unknown',
    httpStatus: null,
    latencyMs: null,
    detail: `not checked in this run: ${why}`,
    lastChange: previous?.status === 'unknown' ? previous.lastChange : now.toISOString(),
    checkedAt: previous?.checkedAt ?? null,
    ...(lastStatus === undefined ? {} : { lastStatus }),
  };
}

/** The previous run's value, or undefined when absent or unreadable (then the status counts as new). */
export function parseStoredStore(json: string | undefined): StoredStore | undefined {
  if (json === undefined) return undefined;
  try {
    const value = JSON.parse(json) as Partial<StoredStore> | null;
    if (typeof value?.lastChange !== 'string' || !(STORED_STATUSES as readonly unknown[]).includes(value.status)) return undefined;
    return { ...value, checkedAt: typeof value.checkedAt === 'string' ? value.checkedAt : null } as StoredStore;
  } catch {
    return undefined;
  }
}

/** The summary hash, counted from the status hash it is written with, so the two always agree. */
export function summarizeStores(stores: Iterable<StoredStore>, checkedAt: Date): Record<string, string> {
  const counts: Record<StoredStatus, number> = { up: 0, degraded: 0, down: 0, unknown: 0 };
  let total = 0;
  for (const store of stores) {
    counts[store.status]++;
    total++;
  }
  return {
    total: String(total),
    ...Object.fromEntries(STORED_STATUSES.map((status) => [status, String(counts[status])])),
    checkedAt: checkedAt.toISOString(),
  };
}
