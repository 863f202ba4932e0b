/**
 * bonus-calc end to end: daily SLA aggregates seeded in the layout the SLA jobs write (or written
 * by the SLA job itself), the real entrypoint, a real redis-server, the exact keys and values.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import type { Warehouse } from '../../../core/catalog.ts';
import { slaDayKey, slaOperatorsKey } from '../../../jobs/result-keys.ts';
import { FIXTURE_AS_OF } from '../../../devkit/fixture-api.ts';
import { startJobWorld, type JobWorld } from './support/job-world.ts';
import { dumpResults, runJobProcess } from './support/spawn-job.ts';

let redis: Redis;
let env: Record<string, string>;

let world: JobWorld;

before(async () => {
  world = await startJobWorld({
    JOB_AS_OF: '2026-11-24T06:00:00-03:00',
    BONUS_RATE_CENTAVOS: '45',
    BONUS_CAP_CENTAVOS: '12000',
  });
  ({ redis, env } = world);
});

after(async () => {
  await world.stop();
});

beforeEach(async () => {
  await redis.flushall();
});

async function seedDay(warehouse: Warehouse, date: string, onTime: number, late: number, operators: Record<string, number>) {
  await redis.hset(slaDayKey('pontual:', warehouse, date), {
    warehouse,
    date,
    cutoff: '14:00',
    orders: String(onTime + late),
    onTime: String(onTime),
    late: String(late),
    pending: '0',
    cancelled: '0',
  });
  await redis.hset(
    slaOperatorsKey('pontual:', warehouse, date),
    Object.fromEntries(Object.entries(operators).map(([id, onTimeOrders]) => [id, JSON.stringify({ handled: onTimeOrders + 1, onTime: onTimeOrders })])),
  );
}

const bonus = (onTimeOrders: Record<string, number>, uncappedCentavos: number, bonusCentavos: number) =>
  JSON.stringify({ onTimeOrders, uncappedCentavos, bonusCentavos, capped: bonusCentavos < uncappedCentavos });

test('month-to-date bonuses per warehouse tier, in centavos, capped, through yesterday', async () => {
  await seedDay('embu', '2026-10-31', 0, 100, { 'p-ana': 999 }); // last month: ignored
  await seedDay('embu', '2026-11-03', 290, 10, { 'p-ana': 145, 'k-bia': 290 });
  await seedDay('embu', '2026-11-04', 200, 0, { 'p-ana': 100 });
  await seedDay('embu', '2026-11-24', 0, 50, { 'p-ana': 0 }); // today, still moving: ignored
  await seedDay('extrema', '2026-11-03', 95, 5, { 'x-eva': 57, 'x-fabio': 95, 'k-bia': 1 });
  const seeded = await dumpResults(redis);

  const exit = await runJobProcess('bonus-calc', env);
  assert.equal(exit.code, 0, exit.stdout);
  const written = Object.fromEntries(Object.entries(await dumpResults(redis)).filter(([key]) => !(key in seeded)));
  assert.deepEqual(written, {
    'pontual:bonus:2026-11': {
      month: '2026-11',
      through: '2026-11-23',
      rateCentavos: '45',
      capCentavos: '12000',
      operators: '4',
      totalCentavos: '26444',
    },
    'pontual:bonus:2026-11:warehouses': {
      // 490 / 500 = 98 % exactly: full rate; 95 / 100 = 95 % exactly: half rate
      embu: JSON.stringify({ daysWithData: 2, onTime: 490, late: 10, slaPercent: '98.00', payoutPercent: 100 }),
      extrema: JSON.stringify({ daysWithData: 1, onTime: 95, late: 5, slaPercent: '95.00', payoutPercent: 50 }),
    },
    'pontual:bonus:2026-11:operators': {
      // 290 x 45 + floor(1 x 45 x 50 %) = 13050 + 22, capped at 12000
      'k-bia': bonus({ embu: 290, extrema: 1 }, 13072, 12000),
      'p-ana': bonus({ embu: 245 }, 11025, 11025),
      // floor(57 x 45 x 50 %) = floor(1282.5)
      'x-eva': bonus({ extrema: 57 }, 1282, 1282),
      'x-fabio': bonus({ extrema: 95 }, 2137, 2137),
    },
  });

  const rerun = await runJobProcess('bonus-calc', env);
  assert.equal(rerun.code, 0);
  assert.deepEqual(Object.fromEntries(Object.entries(await dumpResults(redis)).filter(([key]) => !(key in seeded))), written, 'a rerun writes the same');
});

test('bonus-calc reads what the SLA jobs wrote', async () => {
  const sla = await runJobProcess('embu-sla', { ...env, JOB_AS_OF: FIXTURE_AS_OF });
  assert.equal(sla.code, 0, sla.stdout);
  const exit = await runJobProcess('bonus-calc', env);
  assert.equal(exit.code, 0, exit.stdout);
  // Embu: 4 on time, 2 late over Sat 21 and Mon 23 (66.66 %): below 95 %, nothing is paid.
  assert.deepEqual(await redis.hgetall('pontual:bonus:2026-11:warehouses'), {
    embu: JSON.stringify({ daysWithData: 2, onTime: 4, late: 2, slaPercent: '66.66', payoutPercent: 0 }),
    extrema: JSON.stringify({ daysWithData: 0, onTime: 0, late: 0, slaPercent: null, payoutPercent: 0 }),
  });
  assert.deepEqual(JSON.parse((await redis.hget('pontual:bonus:2026-11:operators', 'p-ana')) ?? 'null'), {
    onTimeOrders: { embu: 4 },
    uncappedCentavos: 0,
    bonusCentavos: 0,
    capped: false,
  });
});

test('a corrupt stored aggregate: exit 2 naming the key, nothing written', async () => {
  await redis.hset(slaDayKey('pontual:', 'embu', '2026-11-05'), { onTime: 'many', late: '0' });
  const exit = await runJobProcess('bonus-calc', env);
  assert.equal(exit.code, 2);
  assert.match(String(exit.lines.at(-1)?.msg), /stored SLA day pontual:sla:embu:day:2026-11-05 field "onTime"/);
  assert.equal(await redis.exists('pontual:bonus:2026-11'), 0);
});
