/**
 * store-status: checks every active store's health URL (bounded concurrency, per-check timeout)
 * and replaces the stores' status hash and summary in one transaction. A store being down is data
 * (exit 0); the OMS API being unreachable fails the run.
 */
import { writeAtomically } from '../runtime/atomic-write.ts';
import { defineJob } from '../runtime/define-job.ts';
import type { RunReport } from '../runtime/job-context.ts';
import { redisCall } from '../../core/redis-client.ts';
import { storeStatusKey, storeSummaryKey } from '../result-keys.ts';
import { checkStore } from './check-store.ts';
import { mapBounded } from './map-bounded.ts';
import { judgeCheck, STORE_STATUSES, type StoreHealth } from './store-health.ts';
import { nextStoredStore, parseStoredStore } from './store-record.ts';

export const storeStatus = defineJob('store-status', async (ctx): Promise<RunReport> => {
  const { config, log } = ctx;
  const stores = (await ctx.sources.oms.listStores()).filter((store) => store.active);
  const statusKey = storeStatusKey(config.keyPrefix);
  const previous = await redisCall('store status read', () => ctx.redis.hgetall(statusKey));
  log.info({ stores: stores.length }, 'checking store health URLs');

  const now = ctx.clock.now();
  const checked = await mapBounded(stores, config.stores.concurrency, async (store) => {
    const result = await checkStore(store.healthUrl, { timeoutMs: config.stores.timeoutMs, signal: ctx.signal });
    const verdict = judgeCheck(result, config.stores.slowMs);
    return [store.id, nextStoredStore(store, verdict, parseStoredStore(previous[store.id]), now)] as const;
  });

  const counts: Record<StoreHealth, number> = { up: 0, degraded: 0, down: 0 };
  for (const [, stored] of checked) counts[stored.status]++;
  const sorted = [...checked].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  await writeAtomically(ctx.redis, ctx.signal, (tx) => {
    tx.del(statusKey, storeSummaryKey(config.keyPrefix));
    if (sorted.length > 0) tx.hset(statusKey, Object.fromEntries(sorted.map(([id, stored]) => [id, JSON.stringify(stored)])));
    tx.hset(storeSummaryKey(config.keyPrefix), {
      total: String(stores.length),
      ...Object.fromEntries(STORE_STATUSES.map((status) => [status, String(counts[status])])),
    });
  });
  for (const [id, stored] of sorted) {
    if (stored.status !== 'up') log.warn({ store: id, status: stored.status, detail: stored.detail }, `store ${id} is ${stored.status}`);
  }
  return { stores: stores.length, ...counts };
});
