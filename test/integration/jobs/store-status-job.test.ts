/**
 * store-status end to end: the fixture OMS (paginated) lists the stores, the fixture serves their
 * health URLs as told (fast, slow, throttled, failing, silent), and a store's URL refuses
 * connections; the real entrypoint writes the statuses to a real redis-server.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { type FixtureApi } from '../../../devkit/fixture-api.ts';
import { startJobWorld, type JobWorld } from './support/job-world.ts';
import { dumpResults, runJobProcess } from './support/spawn-job.ts';

let api: FixtureApi;
let redis: Redis;
let env: Record<string, string>;

const FIRST_RUN = '2026-11-23T15:00:00-03:00';
const SECOND_RUN = '2026-11-23T15:05:00-03:00';

let world: JobWorld;

before(async () => {
  world = await startJobWorld({
    JOB_AS_OF: FIRST_RUN,
    STORE_CHECK_TIMEOUT_MS: '1500',
    // Wide margins: a loaded CI machine must not turn the fast store slow.
    STORE_CHECK_SLOW_MS: '600',
    STORE_CHECK_CONCURRENCY: '3',
  });
  ({ api, redis, env } = world);
});

after(async () => {
  await world.stop();
});

beforeEach(async () => {
  await redis.flushall();
  api.setHealth('s-01', { status: 200 });
  api.setHealth('s-02', { status: 200, delayMs: 900 });
  api.setHealth('s-03', { status: 429 });
  api.setHealth('s-04', { status: 500 });
  api.setHealth('s-05', 'hang');
  api.clearRequests();
});

interface Stored {
  name: string;
  platform: string;
  status: string;
  httpStatus: number | null;
  latencyMs: number | null;
  detail: string;
  lastChange: string;
  checkedAt: string | null;
  lastStatus?: string;
}

async function storedStores(): Promise<Record<string, Stored>> {
  const hash = await redis.hgetall('pontual:stores:status');
  return Object.fromEntries(Object.entries(hash).map(([id, json]) => [id, JSON.parse(json) as Stored]));
}

/** The stored values without the measured latency and the check time, which every run moves. */
function withoutTimes(stores: Record<string, Stored>) {
  return Object.fromEntries(Object.entries(stores).map(([id, { latencyMs: _latency, checkedAt: _checked, ...rest }]) => [id, rest]));
}

/** The fixture's stores as the OMS serves them, all pages. */
async function fixtureStores(): Promise<Record<string, unknown>[]> {
  const stores: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const url = new URL(`${api.omsUrl}/v1/stores`);
    if (cursor !== null) url.searchParams.set('cursor', cursor);
    const page = (await (await fetch(url, { headers: { authorization: `Bearer ${env.OMS_API_TOKEN ?? ''}` } })).json()) as {
      stores: Record<string, unknown>[];
      nextCursor: string | null;
    };
    stores.push(...page.stores);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return stores;
}

test('every active store is up, degraded or down, with latency and the time of the last change', async () => {
  const exit = await runJobProcess('store-status', env);
  assert.equal(exit.code, 0, exit.stdout);
  const stores = await storedStores();
  const first = '2026-11-23T18:00:00.000Z';
  assert.deepEqual(withoutTimes(stores), {
    's-01': { name: 'Loja Paulista', platform: 'vtex', status: 'up', httpStatus: 200, detail: 'HTTP 200', lastChange: first },
    's-02': { name: 'Loja Pinheiros', platform: 'shopify', status: 'degraded', httpStatus: 200, detail: 'HTTP 200, slower than 600 ms', lastChange: first },
    's-03': { name: 'Loja Moema', platform: 'vtex', status: 'degraded', httpStatus: 429, detail: 'HTTP 429', lastChange: first },
    's-04': { name: 'Loja Tatuape', platform: 'magento', status: 'down', httpStatus: 500, detail: 'HTTP 500', lastChange: first },
    's-05': { name: 'Loja Santana', platform: 'vtex', status: 'down', httpStatus: null, detail: 'no response within 1500 ms', lastChange: first },
    's-07': { name: 'Loja Mooca', platform: 'shopify', status: 'down', httpStatus: null, detail: 'ECONNREFUSED', lastChange: first },
  });
  for (const stored of Object.values(stores)) assert.equal(stored.checkedAt, first, 'each value carries its check time');
  assert.ok((stores['s-02']?.latencyMs ?? 0) >= 900, 'the slow store took its time');
  assert.ok((stores['s-01']?.latencyMs ?? Infinity) < 600);
  assert.equal(stores['s-05']?.latencyMs, null);
  assert.deepEqual(await redis.hgetall('pontual:stores:summary'), { total: '6', up: '1', degraded: '2', down: '3', unknown: '0', checkedAt: first });
  // The inactive store is neither checked nor listed; the OMS was read page by page (7 stores, 3 per page).
  assert.ok(!api.requests.some((request) => request.path === '/health/s-06'));
  assert.deepEqual(
    api.requests.filter((request) => request.api === 'oms').map((request) => request.query.cursor),
    [undefined, 'c3', 'c6'],
  );
});

test('a rerun keeps the time of the last change of every store whose status did not change', async () => {
  await runJobProcess('store-status', env);
  const before = withoutTimes(await storedStores());
  api.setHealth('s-04', { status: 200 });
  const exit = await runJobProcess('store-status', { ...env, JOB_AS_OF: SECOND_RUN });
  assert.equal(exit.code, 0, exit.stdout);
  for (const stored of Object.values(await storedStores())) assert.equal(stored.checkedAt, '2026-11-23T18:05:00.000Z');
  const afterwards = withoutTimes(await storedStores());
  assert.deepEqual(afterwards['s-04'], { ...before['s-04'], status: 'up', httpStatus: 200, detail: 'HTTP 200', lastChange: '2026-11-23T18:05:00.000Z' });
  const { 's-04': _changed, ...unchanged } = afterwards;
  const { 's-04': _was, ...unchangedBefore } = before;
  assert.deepEqual(unchanged, unchangedBefore);
  assert.deepEqual(await redis.hgetall('pontual:stores:summary'), {
    total: '6',
    up: '2',
    degraded: '2',
    down: '2',
    unknown: '0',
    checkedAt: '2026-11-23T18:05:00.000Z',
  });
});

test('a store disappearing from the OMS disappears from the status hash', async () => {
  await runJobProcess('store-status', env);
  const stores = await fixtureStores();
  api.setStores(stores.slice(0, 1));
  try {
    await runJobProcess('store-status', env);
    assert.deepEqual(Object.keys(await storedStores()), ['s-01']);
    assert.equal(await redis.hget('pontual:stores:summary', 'total'), '1');
  } finally {
    api.setStores(stores);
  }
});

test('the OMS unreachable fails the run (exit 1); the stored stores become unknown, keeping their last status', async () => {
  await redis.hset('pontual:stores:status', 's-01', '{"status":"up","lastChange":"2026-11-23T17:00:00.000Z"}');
  const exit = await runJobProcess('store-status', { ...env, OMS_API_URL: 'http://127.0.0.1:2', HTTP_RETRIES: '1' });
  assert.equal(exit.code, 1);
  const finish = exit.lines.at(-1);
  assert.equal(finish?.code, 'SOURCE_UNAVAILABLE');
  // The log says why: fetch's "fetch failed" and, under it, the refused connection.
  const err = finish.err as { stack?: unknown } | undefined;
  assert.match(String(err?.stack), /\ncaused by: TypeError: fetch failed[\s\S]*\ncaused by: Error: connect ECONNREFUSED 127\.0\.0\.1:2\b/);
  assert.deepEqual(Object.keys(await dumpResults(redis)), ['pontual:stores:status', 'pontual:stores:summary']);
  assert.deepEqual(await storedStores(), {
    's-01': {
      name: 's-01',
      platform: 'unknown',
      status: 'unknown',
      httpStatus: null,
      latencyMs: null,
      detail: 'not checked in this run: the OMS store list could not be read',
      lastChange: '2026-11-23T18:00:00.000Z',
      checkedAt: null,
      lastStatus: 'up',
    },
  });
  assert.deepEqual(await redis.hgetall('pontual:stores:summary'), {
    total: '1',
    up: '0',
    degraded: '0',
    down: '0',
    unknown: '1',
    checkedAt: '2026-11-23T18:00:00.000Z',
  });
});

test('the OMS answering 503 once: the retry succeeds, exit 0, every store written', async () => {
  api.failNext('oms', 503, 1);
  const exit = await runJobProcess('store-status', env);
  assert.equal(exit.code, 0, exit.stdout);
  assert.equal(exit.lines.at(-1)?.outcome, 'succeeded');
  assert.deepEqual(Object.keys(await storedStores()).sort(), ['s-01', 's-02', 's-03', 's-04', 's-05', 's-07']);
  assert.deepEqual(await redis.hgetall('pontual:stores:summary'), {
    total: '6',
    up: '1',
    degraded: '2',
    down: '3',
    unknown: '0',
    checkedAt: '2026-11-23T18:00:00.000Z',
  });
  // The first page was asked twice (the 503, then the retry), the others once.
  assert.deepEqual(
    api.requests.filter((request) => request.api === 'oms').map((request) => request.query.cursor),
    [undefined, undefined, 'c3', 'c6'],
  );
});

test('a malformed store record: exit 2, one message naming the store and field, no store checked and none shown up', async () => {
  const previous = '{"status":"up","lastChange":"2026-11-23T17:00:00.000Z"}';
  await redis.hset('pontual:stores:status', 's-01', previous);
  const stores = await fixtureStores();
  api.setStores(stores.map((store) => (store.id === 's-04' ? { ...store, active: 'yes' } : store)));
  try {
    const exit = await runJobProcess('store-status', env);
    assert.equal(exit.code, 2, exit.stdout);
    const problems = exit.lines.filter((line) => line.level === 'error' || line.level === 'fatal');
    assert.equal(problems.length, 1, exit.stdout);
    assert.equal(problems[0]?.code, 'INPUT_INVALID');
    assert.match(String(problems[0].msg), /OMS store "s-04" field "active": expected true or false, got "yes"$/);
    const stored = await storedStores();
    assert.deepEqual([stored['s-01']?.status, stored['s-01']?.lastStatus], ['unknown', 'up']);
    assert.equal(await redis.hget('pontual:stores:summary', 'unknown'), '1');
    assert.ok(!api.requests.some((request) => request.api === 'health'), 'no store was checked');
  } finally {
    api.setStores(stores);
  }
});
