/**
 * The jobs against sources that misbehave on purpose (issue 11): the fixture WMS/OMS answers 500,
 * 429 with Retry-After, refuses connections, never ends a body, cuts one off, serves truncated
 * JSON, wrong types, repeated records, an empty list or a huge one; store health URLs hang en
 * masse. After every scenario the invariants of support/invariants.ts hold, and the scenario's
 * own expectation (old or new result, outcome, exit code) is checked.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { FIXTURE_AS_OF, loadFixtureOrders, type Fault, type FixtureApi } from '../../../devkit/fixture-api.ts';
import { freePort } from '../../../devkit/ports.ts';
import { assertInvariants, assertNoUncheckedStatus, readResults, type Results } from './support/invariants.ts';
import { startJobWorld, type JobWorld } from './support/job-world.ts';
import { OVERRIDES_SCRIPT, runJobProcess, startJob, type JobExit } from './support/spawn-job.ts';

let world: JobWorld;
let api: FixtureApi;
let redis: Redis;
let env: Record<string, string>;

const EMBU = ['pontual:sla:embu:'];
const FULL = loadFixtureOrders().embu ?? [];
/** The previous state of the world: the WMS had not yet seen the last two orders. */
const EARLIER = FULL.slice(0, -2);
let oldEmbu: Results;
let freshEmbu: Results;

before(async () => {
  world = await startJobWorld({ JOB_AS_OF: FIXTURE_AS_OF, HTTP_RETRIES: '2', HTTP_TIMEOUT_MS: '1000' });
  ({ api, redis, env } = world);
  api.setOrders('embu', FULL);
  assert.equal((await runJobProcess('embu-sla', env)).code, 0);
  freshEmbu = await readResults(redis, EMBU);
  await redis.flushall();
  api.setOrders('embu', EARLIER);
  assert.equal((await runJobProcess('embu-sla', env)).code, 0);
  oldEmbu = await readResults(redis, EMBU);
  assert.notDeepEqual(oldEmbu, freshEmbu);
});

after(async () => {
  await world.stop();
});

beforeEach(async () => {
  await redis.flushall();
  api.clearFaults();
  api.setPageSize(3);
  api.setOrders('embu', EARLIER);
  assert.equal((await runJobProcess('embu-sla', env)).code, 0, 'the old result is in place');
  api.setOrders('embu', FULL);
  api.clearRequests();
});

interface WmsScenario {
  readonly name: string;
  readonly fault: Fault;
  readonly times?: number;
  readonly outcome: string;
  readonly code: number;
  readonly errorCode?: string;
  readonly result: 'old' | 'new';
}

const WMS_SCENARIOS: readonly WmsScenario[] = [
  { name: 'HTTP 500 on every request', fault: { kind: 'status', status: 500 }, outcome: 'failed', code: 1, errorCode: 'SOURCE_UNAVAILABLE', result: 'old' },
  { name: 'a body that never ends, once', fault: { kind: 'hang-body' }, times: 1, outcome: 'succeeded', code: 0, result: 'new' },
  { name: 'the connection cut mid-body, once', fault: { kind: 'cut-body' }, times: 1, outcome: 'succeeded', code: 0, result: 'new' },
  { name: 'a body cut mid-way on every request', fault: { kind: 'cut-body' }, outcome: 'failed', code: 1, errorCode: 'SOURCE_UNAVAILABLE', result: 'old' },
  { name: 'truncated JSON', fault: { kind: 'truncated-json' }, outcome: 'failed', code: 2, errorCode: 'INPUT_INVALID', result: 'old' },
  { name: 'a number where an instant belongs', fault: { kind: 'wrong-types' }, outcome: 'failed', code: 2, errorCode: 'INPUT_INVALID', result: 'old' },
  { name: 'every page repeating the previous page’s last order', fault: { kind: 'duplicates' }, outcome: 'succeeded', code: 0, result: 'new' },
  {
    name: 'an empty list where two days of orders are stored',
    fault: { kind: 'empty' },
    outcome: 'refused',
    code: 1,
    errorCode: 'EMPTY_RESULT',
    result: 'old',
  },
];

for (const scenario of WMS_SCENARIOS) {
  test(`embu-sla, WMS: ${scenario.name} → ${scenario.outcome}, exit ${scenario.code}, ${scenario.result} result`, async () => {
    api.injectFault('wms', scenario.fault, scenario.times);
    const exit = await runJobProcess('embu-sla', env);
    assert.equal(exit.code, scenario.code, exit.stdout);
    const finish = exit.lines.at(-1);
    assert.equal(finish?.outcome, scenario.outcome);
    if (scenario.errorCode !== undefined) assert.equal(finish.code, scenario.errorCode);
    await assertInvariants({ redis, job: 'embu-sla', exits: [exit], results: { prefixes: EMBU, old: oldEmbu, fresh: freshEmbu } });
    assert.deepEqual(await readResults(redis, EMBU), scenario.result === 'old' ? oldEmbu : freshEmbu);
  });
}

test('embu-sla, WMS: repeated orders are counted once (Embu 50.00 %, not 60.00 %) and the count is logged', async () => {
  api.injectFault('wms', { kind: 'duplicates' });
  const exit = await runJobProcess('embu-sla', env);
  assert.equal(exit.code, 0);
  assert.equal(await redis.hget('pontual:sla:embu:day:2026-11-21', 'slaPercent'), '50.00');
  const warning = exit.lines.find((line) => String(line.msg).includes('more than once'));
  assert.ok(typeof warning?.duplicates === 'number' && warning.duplicates > 0, exit.stdout);
  assert.equal(exit.lines.at(-1)?.duplicates, warning.duplicates);
});

test('embu-sla, WMS: 429 with Retry-After: 2 is waited for, then the run succeeds', async () => {
  api.injectFault('wms', { kind: 'status', status: 429, retryAfter: '2' }, 1);
  const exit = await runJobProcess('embu-sla', env);
  assert.equal(exit.code, 0, exit.stdout);
  assert.ok(exit.durationMs >= 2_000, `waited the 2 s asked (${Math.round(exit.durationMs)} ms)`);
  await assertInvariants({ redis, job: 'embu-sla', exits: [exit], results: { prefixes: EMBU, old: oldEmbu, fresh: freshEmbu } });
  assert.deepEqual(await readResults(redis, EMBU), freshEmbu);
});

test('embu-sla, WMS: 503 with a Retry-After past the deadline gives up at once', async () => {
  api.injectFault('wms', { kind: 'status', status: 503, retryAfter: '3600' });
  const exit = await runJobProcess('embu-sla', env);
  assert.equal(exit.code, 1);
  assert.match(String(exit.lines.at(-1)?.msg), /HTTP 503 asked to retry after 3600 s, past the run's deadline/);
  assert.ok(exit.durationMs < 5_000);
  await assertInvariants({ redis, job: 'embu-sla', exits: [exit], results: { prefixes: EMBU, old: oldEmbu, fresh: freshEmbu } });
});

test('embu-sla, WMS: connection refused → exit 1, old result; the message names its cause once', async () => {
  const exit = await runJobProcess('embu-sla', { ...env, WMS_API_URL: `http://127.0.0.1:${await freePort()}/wms` });
  assert.equal(exit.code, 1);
  const finish = exit.lines.at(-1);
  assert.equal(finish?.code, 'SOURCE_UNAVAILABLE');
  const err = finish.err as { message?: string };
  const msg = typeof finish.msg === 'string' ? finish.msg : '';
  assert.equal(`run finished: failed: ${String(err.message)}`, msg);
  assert.doesNotMatch(String(err.message), /(ECONNREFUSED|fetch failed).*\1/);
  await assertInvariants({ redis, job: 'embu-sla', exits: [exit], results: { prefixes: EMBU, old: oldEmbu, fresh: freshEmbu } });
  assert.deepEqual(await readResults(redis, EMBU), oldEmbu);
});

test('embu-sla, WMS: a huge day (20,000 orders in pages of 500) is counted exactly', async () => {
  const huge = Array.from({ length: 20_000 }, (_, i) => ({
    id: `h-${i}`,
    createdAt: '2026-11-21T12:00:00Z', // Saturday 09:00 local: due that day
    shippedAt: i % 2 === 0 ? '2026-11-21T20:00:00Z' : '2026-11-23T12:00:00Z',
    status: 'shipped',
    pickerId: `p-${i % 40}`,
    packerId: `k-${i % 25}`,
  }));
  api.setOrders('embu', huge);
  api.setPageSize(500);
  const exit = await runJobProcess('embu-sla', env);
  assert.equal(exit.code, 0, exit.stderr);
  const day = await redis.hgetall('pontual:sla:embu:day:2026-11-21');
  assert.deepEqual([day.orders, day.onTime, day.late, day.slaPercent], ['20000', '10000', '10000', '50.00']);
  assert.equal(await redis.hlen('pontual:sla:embu:day:2026-11-21:operators'), 65);
  const fresh = await readResults(redis, EMBU);
  await assertInvariants({ redis, job: 'embu-sla', exits: [exit], results: { prefixes: EMBU, old: oldEmbu, fresh } });
});

// store-status: the status hash is written per store as checks complete, so its invariant is per
// store: nothing shown up, degraded or down that this run did not check.

const AS_OF = ['2026-11-23T15:00:00-03:00', '2026-11-23T15:05:00-03:00'] as const;
const CHECKED_AT = ['2026-11-23T18:00:00.000Z', '2026-11-23T18:05:00.000Z'] as const;

function massStores(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const id = `m-${String(i).padStart(3, '0')}`;
    return { id, name: `Loja ${i}`, platform: 'vtex', healthUrl: `${api.url}/health/${id}`, active: true };
  });
}

async function seedStoresUp(stores: readonly { id: string }[]): Promise<void> {
  for (const store of stores) api.setHealth(store.id, { status: 200 });
  const seed = await runJobProcess('store-status', { ...env, JOB_AS_OF: AS_OF[0] });
  assert.equal(seed.code, 0, seed.stdout);
  assert.equal(await redis.hget('pontual:stores:summary', 'up'), String(stores.length));
  api.clearRequests();
}

function healthPaths(): string[] {
  return api.requests.filter((request) => request.api === 'health').map((request) => request.path);
}

test('store-status, mass outage: 60 hanging stores, 1 s timeout, concurrency 2, 9 s to the deadline → every store checked and down', async () => {
  const stores = massStores(60);
  api.setStores(stores);
  const tight = { ...env, STORE_CHECK_TIMEOUT_MS: '1000', STORE_CHECK_CONCURRENCY: '2' };
  await seedStoresUp(stores);
  for (const store of stores) api.setHealth(store.id, 'hang');
  // At concurrency 2, sixty 1 s timeouts would take 30 s; the budget sizes it up to fit.
  const exit = await startJob(['store-status', JSON.stringify({ softDeadlineMs: 9_000 })], { ...tight, JOB_AS_OF: AS_OF[1] }, OVERRIDES_SCRIPT).exited;
  assert.equal(exit.code, 0, exit.stdout);
  const plan = exit.lines.find((line) => line.msg === 'checking store health URLs');
  assert.ok(Number(plan?.concurrency) > 2, `concurrency raised: ${JSON.stringify(plan)}`);
  assert.deepEqual(await redis.hgetall('pontual:stores:summary'), { total: '60', up: '0', degraded: '0', down: '60', unknown: '0', checkedAt: CHECKED_AT[1] });
  await assertNoUncheckedStatus(redis, CHECKED_AT[1], healthPaths());
  await assertInvariants({ redis, job: 'store-status', exits: [exit] });
});

test('store-status, SIGTERM during a mass outage: exit 143, every unchecked store unknown (last status kept), none up', async () => {
  const stores = massStores(40);
  api.setStores(stores);
  await seedStoresUp(stores);
  for (const store of stores) api.setHealth(store.id, 'hang');
  const running = startJob(['store-status'], { ...env, JOB_AS_OF: AS_OF[1], STORE_CHECK_TIMEOUT_MS: '5000' });
  await running.waitForLog('checking store health URLs');
  running.child.kill('SIGTERM');
  const exit = await running.exited;
  assert.equal(exit.code, 143);
  const hash = await redis.hgetall('pontual:stores:status');
  for (const json of Object.values(hash)) {
    const stored = JSON.parse(json) as { status: string; lastStatus?: string; checkedAt: string | null; detail: string };
    assert.deepEqual([stored.status, stored.lastStatus, stored.checkedAt], ['unknown', 'up', CHECKED_AT[0]]);
    assert.equal(stored.detail, 'not checked in this run: the run was stopped before its check');
  }
  assert.equal(await redis.hget('pontual:stores:summary', 'unknown'), '40');
  await assertNoUncheckedStatus(redis, CHECKED_AT[1], healthPaths());
  await assertInvariants({ redis, job: 'store-status', exits: [exit] });
});

interface OmsScenario {
  readonly name: string;
  readonly fault: Fault;
  readonly times?: number;
  readonly outcome: string;
  readonly code: number;
  /** What the summary says afterwards. */
  readonly summary: Record<string, string>;
}

const OMS_SCENARIOS: readonly OmsScenario[] = [
  {
    name: 'HTTP 503 with Retry-After: 1, once',
    fault: { kind: 'status', status: 503, retryAfter: '1' },
    times: 1,
    outcome: 'succeeded',
    code: 0,
    summary: { total: '6', up: '1', degraded: '2', down: '3', unknown: '0' },
  },
  {
    name: 'every page repeating a store of the page before',
    fault: { kind: 'duplicates' },
    outcome: 'succeeded',
    code: 0,
    summary: { total: '6', up: '1', degraded: '2', down: '3', unknown: '0' },
  },
  {
    name: 'an empty store list where six are stored',
    fault: { kind: 'empty' },
    outcome: 'refused',
    code: 1,
    summary: { total: '6', up: '0', degraded: '0', down: '0', unknown: '6' },
  },
  {
    name: 'truncated JSON',
    fault: { kind: 'truncated-json' },
    outcome: 'failed',
    code: 2,
    summary: { total: '6', up: '0', degraded: '0', down: '0', unknown: '6' },
  },
  {
    name: 'HTTP 500 on every request',
    fault: { kind: 'status', status: 500 },
    outcome: 'failed',
    code: 1,
    summary: { total: '6', up: '0', degraded: '0', down: '0', unknown: '6' },
  },
];

for (const scenario of OMS_SCENARIOS) {
  test(`store-status, OMS: ${scenario.name} → ${scenario.outcome}, exit ${scenario.code}, no stale status`, async () => {
    const stores = (await import('../../../devkit/fixtures/oms-stores.json', { with: { type: 'json' } })).default.stores.map((store) => ({
      ...store,
      healthUrl: store.healthUrl.replace('{{base}}', api.url),
    }));
    api.setStores(stores);
    const storeEnv = { ...env, STORE_CHECK_TIMEOUT_MS: '1500', STORE_CHECK_SLOW_MS: '600' };
    api.setHealth('s-01', { status: 200 });
    api.setHealth('s-02', { status: 200, delayMs: 900 });
    api.setHealth('s-03', { status: 429 });
    api.setHealth('s-04', { status: 500 });
    api.setHealth('s-05', 'hang');
    assert.equal((await runJobProcess('store-status', { ...storeEnv, JOB_AS_OF: AS_OF[0] })).code, 0);
    api.clearRequests();
    api.injectFault('oms', scenario.fault, scenario.times);
    const exit = await runJobProcess('store-status', { ...storeEnv, JOB_AS_OF: AS_OF[1] });
    assert.equal(exit.code, scenario.code, exit.stdout);
    assert.equal(exit.lines.at(-1)?.outcome, scenario.outcome);
    const { checkedAt: _at, ...summary } = await redis.hgetall('pontual:stores:summary');
    assert.deepEqual(summary, scenario.summary);
    await assertNoUncheckedStatus(redis, CHECKED_AT[1], healthPaths());
    await assertInvariants({ redis, job: 'store-status', exits: [exit] as JobExit[] });
  });
}
