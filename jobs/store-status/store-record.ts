/**
 * How a store's status is stored, and the carry-over that keeps reruns stable: `lastChange` only
 * moves when the status does, otherwise it is copied from the previous stored state.
 */
import type { Store } from '../sources/oms-store.ts';
import { STORE_STATUSES, type StoreHealth, type StoreVerdict } from './store-health.ts';

export interface StoredStore {
  readonly name: string;
  readonly platform: string;
  readonly status: StoreHealth;
  readonly httpStatus: number | null;
  readonly latencyMs: number | null;
  readonly detail: string;
  /** ISO instant the status last changed; the first check of a store counts as a change. */
  readonly lastChange: string;
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
  };
}

/** The previous run's value, or undefined when absent or unreadable (then the status counts as new). */
export function parseStoredStore(json: string | undefined): StoredStore | undefined {
  if (json === undefined) return undefined;
  try {
    const value = JSON.parse(json) as Partial<StoredStore> | null;
    if (typeof value?.lastChange !== 'string' || !(STORE_STATUSES as readonly unknown[]).includes(value.status)) return undefined;
    return value as StoredStore;
  } catch {
    return undefined;
  }
}
