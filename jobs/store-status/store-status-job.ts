/**
 * store-status: checks every active store's health URL and leaves a truthful picture whatever
 * happens. Each check's result is written as it comes (one field of the status hash, with its
 * check time); the checks get a budget derived from the run's deadline, with the concurrency
 * sized so that they fit; at the end, and also when the run is stopped or the OMS cannot be read,
 * every store this run did not check becomes `unknown` and the summary is recounted from the hash
 * in the same atomic write. A store being down is data (exit 0); the OMS being unreachable fails
 * the run (exit 1) after marking the stored stores unknown.
 */
import { isPontualError, PontualError } from '../../core/errors.ts';
import { writeAtomically } from '../runtime/atomic-write.ts';
import { defineJob } from '../runtime/define-job.ts';
import type { JobContext, RunReport } from '../runtime/job-context.ts';
import { redisCall } from '../../core/redis-client.ts';
import { storeStatusKey, storeSummaryKey } from '../result-keys.ts';
import type { Store } from '../sources/oms-store.ts';
import { checkStore } from './check-store.ts';
import { planChecks } from './check-plan.ts';
import { mapBounded } from './map-bounded.ts';
import { judgeCheck, type CheckResult } from './store-health.ts';
import { nextStoredStore, parseStoredStore, summarizeStores, uncheckedStore, type StoredStore } from './store-record.ts';

export const storeStatus = defineJob('store-status', async (ctx): Promise<RunReport> => {
  const { config, log } = ctx;
  const statusKey = storeStatusKey(config.keyPrefix);
  const previousHash = await redisCall('store status read', () => ctx.redis.hgetall(statusKey));
  const previous = new Map(Object.entries(previousHash).map(([id, json]) => [id, parseStoredStore(json)] as const));

  let stores: Store[];
  try {
    stores = await listActiveStores(ctx, previous.size);
  } catch (error) {
    // Nothing was checked: no stored status is current any more.
    const why = isPontualError(error, 'EMPTY_RESULT') ? 'the OMS listed no stores (refused as suspicious)' : 'the OMS store list could not be read';
    await writePicture(ctx, new Map(), previous, undefined, why);
    throw error;
  }

  const checked = await checkAll(ctx, stores, previous);
  const why = ctx.signal.aborted ? 'the run was stopped before its check' : 'no time left in the run for its check';
  const picture = await writePicture(ctx, checked, previous, stores, why);
  ctx.signal.throwIfAborted();

  const counts = summarizeStores(picture.values(), ctx.clock.now());
  for (const [id, stored] of picture) {
    if (stored.status !== 'up') log.warn({ store: id, status: stored.status, detail: stored.detail }, `store ${id} is ${stored.status}`);
  }
  return { stores: stores.length, up: Number(counts.up), degraded: Number(counts.degraded), down: Number(counts.down), unknown: Number(counts.unknown) };
});

/** Active stores, each id once; an empty list replacing many stored stores is refused. */
async function listActiveStores(ctx: JobContext, storedCount: number): Promise<Store[]> {
  const listing = await ctx.sources.oms.listStores();
  if (listing.duplicates > 0) {
    ctx.log.warn(
      { duplicates: listing.duplicates, ids: listing.duplicateIds },
      `the OMS listed ${listing.duplicates} store id(s) more than once: each store counted once`,
    );
  }
  const guard = ctx.config.emptyResultGuard;
  if (listing.items.length === 0 && guard > 0 && storedCount >= guard) {
    throw new PontualError(
      'EMPTY_RESULT',
      `the OMS listed no stores where ${storedCount} are stored: not written (run with EMPTY_RESULT_GUARD=0 to accept an empty list)`,
    );
  }
  return listing.items.filter((store) => store.active);
}

/** Checks the stores within the budget, writing each result as it comes; returns what was checked. */
async function checkAll(ctx: JobContext, stores: readonly Store[], previous: ReadonlyMap<string, StoredStore | undefined>): Promise<Map<string, StoredStore>> {
  const { config, log } = ctx;
  const plan = planChecks({
    stores: stores.length,
    timeoutMs: config.stores.timeoutMs,
    minConcurrency: config.stores.concurrency,
    timeLeftMs: ctx.timeLeftMs(),
  });
  log.info({ stores: stores.length, concurrency: plan.concurrency, budgetMs: plan.budgetMs }, 'checking store health URLs');
  if (!plan.fits)
    log.warn({ stores: stores.length, concurrency: plan.concurrency }, 'not every store can be checked before the deadline: the rest are reported unknown');

  const budget = AbortSignal.any([ctx.signal, AbortSignal.timeout(Math.max(1, plan.budgetMs))]);
  const statusKey = storeStatusKey(config.keyPrefix);
  const checked = new Map<string, StoredStore>();
  await mapBounded(stores, plan.concurrency, async (store) => {
    if (budget.aborted) return;
    let result: CheckResult;
    try {
      result = await checkStore(store.healthUrl, { timeoutMs: config.stores.timeoutMs, signal: budget });
    } catch {
      return; // The budget ran out (or the run was stopped) during this check: unchecked.
    }
    const stored = nextStoredStore(store, judgeCheck(result, config.stores.slowMs), previous.get(store.id), ctx.clock.now());
    checked.set(store.id, stored);
    await writeAtomically(ctx, (batch) => batch.hset(statusKey, { [store.id]: JSON.stringify(stored) }), { evenIfStopped: true });
  });
  return checked;
}

/**
 * The final picture in one atomic write: the checked stores as checked, every other listed store
 * (and, when the list could not be read, every stored one) unknown, unlisted stores removed, and
 * the summary counted from exactly that. Written even when the run was stopped: it is the truth.
 */
async function writePicture(
  ctx: JobContext,
  checked: ReadonlyMap<string, StoredStore>,
  previous: ReadonlyMap<string, StoredStore | undefined>,
  /** Undefined when the store list could not be read: then the stored stores are the subjects. */
  listed: readonly Store[] | undefined,
  why: string,
): Promise<Map<string, StoredStore>> {
  const now = ctx.clock.now();
  const storedIds = [...previous.keys()];
  const picture = new Map<string, StoredStore>();
  const subjects = listed === undefined ? storedIds.map((id) => [id, undefined] as const) : listed.map((store) => [store.id, store] as const);
  for (const [id, store] of [...subjects].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const was = previous.get(id);
    picture.set(id, checked.get(id) ?? uncheckedStore(store ?? { name: was?.name ?? id, platform: was?.platform ?? 'unknown' }, was, why, now));
  }
  const statusKey = storeStatusKey(ctx.config.keyPrefix);
  const gone = storedIds.filter((id) => !picture.has(id));
  await writeAtomically(
    ctx,
    (batch) => {
      batch.del(storeSummaryKey(ctx.config.keyPrefix));
      if (gone.length > 0) batch.hdel(statusKey, ...gone);
      if (picture.size > 0) batch.hset(statusKey, Object.fromEntries([...picture].map(([id, stored]) => [id, JSON.stringify(stored)])));
      batch.hset(storeSummaryKey(ctx.config.keyPrefix), summarizeStores(picture.values(), now));
    },
    { evenIfStopped: true },
  );
  return picture;
}
