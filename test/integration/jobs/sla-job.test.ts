/**
 * embu-sla and extrema-sla end to end: the real entrypoint against the fixture WMS (paginated) and
 * a real redis-server, checking the exact keys and values written. Fixtures and their expected
 * aggregates are explained in devkit/fixtures/wms-orders.json and docs/jobs.md.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { FIXTURE_AS_OF, loadFixtureOrders, type FixtureApi } from '../../../devkit/fixture-api.ts';
import { startJobWorld, type JobWorld } from './support/job-world.ts';
import { dumpResults, ledgerEntries, outcomeOf, runJobProcess } from './support/spawn-job.ts';

let api: FixtureApi;
let redis: Redis;
let env: Record<string, string>;

let world: JobWorld;

before(async () => {
  world = await startJobWorld({ JOB_AS_OF: FIXTURE_AS_OF, SLA_CUTOFF_EXTREMA: '12:00', HTTP_RETRIES: '2' });
  ({ api, redis, env } = world);
});

after(async () => {
  await world.stop();
});

beforeEach(async () => {
  await redis.flushall();
  api.setOrders('embu', loadFixtureOrders().embu ?? []);
  api.clearRequests();
});

const op = (handled: number, onTime: number) => JSON.stringify({ handled, onTime });

const EMBU = {
  'pontual:sla:embu:day:2026-11-21': {
    warehouse: 'embu',
    date: '2026-11-21',
    cutoff: '14:00',
    orders: '4',
    onTime: '2',
    late: '2',
    pending: '0',
    cancelled: '1',
    slaPercent: '50.00',
  },
  'pontual:sla:embu:day:2026-11-21:operators': { 'k-bia': op(3, 2), 'k-davi': op(1, 0), 'p-ana': op(2, 2), 'p-caio': op(2, 0) },
  'pontual:sla:embu:day:2026-11-23': {
    warehouse: 'embu',
    date: '2026-11-23',
    cutoff: '14:00',
    orders: '4',
    onTime: '2',
    late: '0',
    pending: '2',
    cancelled: '0',
    slaPercent: '100.00',
  },
  'pontual:sla:embu:day:2026-11-23:operators': { 'k-bia': op(1, 1), 'k-davi': op(1, 1), 'p-ana': op(2, 2), 'p-caio': op(1, 0) },
};

test('embu-sla writes the previous and current deadline days, exactly', async () => {
  const exit = await runJobProcess('embu-sla', env);
  assert.equal(exit.code, 0, exit.stdout);
  assert.deepEqual(await dumpResults(redis), EMBU);
});

test('the WMS is asked for exactly the two days, page by page', async () => {
  await runJobProcess('embu-sla', env);
  const pages = api.requests.filter((request) => request.path === '/wms/v1/warehouses/embu/orders');
  // 9 orders in the window, 3 per page: three pages following the cursor.
  assert.deepEqual(
    pages.map((request) => request.query.cursor),
    [undefined, 'c3', 'c6'],
  );
  for (const request of pages) {
    assert.equal(request.query.from, '2026-11-19T17:00:00.000Z'); // Thursday 14:00 local
    assert.equal(request.query.to, '2026-11-23T17:00:00.000Z'); // Monday 14:00 local
    assert.equal(request.authorization, `Bearer ${env.WMS_API_TOKEN ?? ''}`);
  }
});

test('extrema-sla uses its own cut-off', async () => {
  const exit = await runJobProcess('extrema-sla', env);
  assert.equal(exit.code, 0, exit.stdout);
  assert.deepEqual(await dumpResults(redis), {
    'pontual:sla:extrema:day:2026-11-21': {
      warehouse: 'extrema',
      date: '2026-11-21',
      cutoff: '12:00',
      orders: '3',
      onTime: '2',
      late: '1',
      pending: '0',
      cancelled: '0',
      slaPercent: '66.66',
    },
    'pontual:sla:extrema:day:2026-11-21:operators': { 'x-eva': op(1, 1), 'x-fabio': op(3, 2), 'x-gil': op(2, 1) },
    'pontual:sla:extrema:day:2026-11-23': {
      warehouse: 'extrema',
      date: '2026-11-23',
      cutoff: '12:00',
      orders: '2',
      onTime: '1',
      late: '0',
      pending: '1',
      cancelled: '0',
      slaPercent: '100.00',
    },
    'pontual:sla:extrema:day:2026-11-23:operators': { 'x-eva': op(2, 1), 'x-fabio': op(2, 1) },
  });
});

test('a 503 that succeeds on retry gives the same result', async () => {
  api.failNext('wms', 503);
  const exit = await runJobProcess('embu-sla', env);
  assert.equal(exit.code, 0, exit.stdout);
  assert.deepEqual(await dumpResults(redis), EMBU);
  assert.equal(api.requests.length, 4, 'one failed page plus three');
});

test('a WMS that keeps failing: exit 1, SOURCE_UNAVAILABLE, nothing written', async () => {
  api.failNext('wms', 503, 3);
  const exit = await runJobProcess('embu-sla', env);
  assert.equal(exit.code, 1);
  assert.equal(exit.lines.at(-1)?.code, 'SOURCE_UNAVAILABLE');
  assert.deepEqual(await dumpResults(redis), {});
});

test('a malformed record: exit 2 naming the record and the field, nothing written', async () => {
  const orders = loadFixtureOrders().embu ?? [];
  // On the last page, so the first pages have been fetched and parsed already.
  api.setOrders('embu', [...orders, { id: 'e-999', createdAt: '2026-11-23T16:00:00Z', shippedAt: null, status: 'lost', pickerId: null, packerId: null }]);
  await redis.hset('pontual:sla:embu:day:2026-11-21', { onTime: '7' });
  const exit = await runJobProcess('embu-sla', env);
  assert.equal(exit.code, 2);
  assert.equal(outcomeOf(exit), 'failed');
  assert.match(String(exit.lines.at(-1)?.msg), /WMS order "e-999" field "status": expected one of pending\|picking\|packed\|shipped\|cancelled, got "lost"/);
  assert.deepEqual(await dumpResults(redis), { 'pontual:sla:embu:day:2026-11-21': { onTime: '7' } }, 'the previous result is untouched');
  const [entry] = await ledgerEntries(redis, 'embu-sla');
  assert.deepEqual([entry?.outcome, entry?.exitCode, entry?.errorCode], ['failed', 2, 'INPUT_INVALID']);
});

test('a rerun writes the same keys and values', async () => {
  await runJobProcess('embu-sla', env);
  const first = await dumpResults(redis);
  const exit = await runJobProcess('embu-sla', env);
  assert.equal(exit.code, 0);
  assert.deepEqual(await dumpResults(redis), first);
});
