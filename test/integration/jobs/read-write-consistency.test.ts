/**
 * bonus-calc reading while an SLA job writes (issue 11 item 9), interleaved on a real
 * redis-server: the writer replaces a month of day aggregates over and over, alternating two
 * complete versions, through the jobs' fenced atomic write; the reader reads the month the way
 * bonus-calc does. Every read must be one version entirely: no day's totals from one write and its
 * operators from the other, no month half old and half new.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connectRedis, createRedisClient, type Redis } from '../../../core/redis-client.ts';
import { readStoredMonths } from '../../../jobs/bonus/read-month.ts';
import { writeAtomically } from '../../../jobs/runtime/atomic-write.ts';
import { acquireLock } from '../../../jobs/runtime/job-lock.ts';
import { slaDayKey, slaOperatorsKey } from '../../../jobs/result-keys.ts';
import { startRedis, type RedisServer } from '../../../devkit/redis.ts';

let server: RedisServer;
let writer: Redis;
let reader: Redis;

before(async () => {
  server = await startRedis();
  // The jobs' own client, as the SLA jobs write and bonus-calc reads.
  writer = createRedisClient(server.url, { until: Number.POSITIVE_INFINITY });
  reader = createRedisClient(server.url, { until: Number.POSITIVE_INFINITY });
  await Promise.all([connectRedis(writer, server.url), connectRedis(reader, server.url)]);
});

after(async () => {
  writer.disconnect();
  reader.disconnect();
  await server.stop();
});

// More days than a month, so that the reader's commands span several of Redis' 16 KB socket
// reads: a pipeline is then interleaved with the writer's script, a transaction is not.
const DAYS = Array.from({ length: 400 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10));
const VERSIONS = [
  { onTime: 10, late: 0 },
  { onTime: 4, late: 6 },
] as const;

test('every read sees one complete write, while writes land between reads', async () => {
  const attempt = await acquireLock(writer, {
    key: 'pontual:lock:embu-sla',
    openRunsKey: 'pontual:runs:embu-sla:open',
    run: { runId: 'w', job: 'embu-sla', startedAt: 't' },
  });
  assert.equal(attempt.kind, 'acquired');
  const scope = { redis: writer, signal: new AbortController().signal, fence: attempt.lock.fence };
  const write = (version: (typeof VERSIONS)[number]) =>
    writeAtomically(scope, (batch) => {
      for (const day of DAYS) {
        const totals = slaDayKey('pontual:', 'embu', day);
        const operators = slaOperatorsKey('pontual:', 'embu', day);
        batch.del(totals, operators);
        batch.hset(totals, { orders: '10', onTime: String(version.onTime), late: String(version.late), pending: '0', cancelled: '0' });
        batch.hset(operators, { 'p-ana': JSON.stringify({ handled: 10, onTime: version.onTime }) });
      }
    });
  await write(VERSIONS[0]);

  const writer$ = { writing: true, writes: 0 };
  const writes$ = (async () => {
    while (writer$.writing) await write(VERSIONS[++writer$.writes % 2] ?? VERSIONS[0]);
  })();
  const seen = new Set<string>();
  const mixed: string[] = [];
  const until = performance.now() + 2_000;
  let reads = 0;
  while (performance.now() < until) {
    const month = (await readStoredMonths(reader, 'pontual:', ['embu'], DAYS)).get('embu');
    reads++;
    const read = `${month?.onTime}/${month?.late}/${month?.operatorsOnTime.get('p-ana')}`;
    const whole = VERSIONS.map((version) => `${version.onTime * DAYS.length}/${version.late * DAYS.length}/${version.onTime * DAYS.length}`);
    if (whole.includes(read)) seen.add(read);
    else mixed.push(read);
  }
  writer$.writing = false;
  await writes$;
  await attempt.lock.release();
  assert.deepEqual(mixed, [], `${mixed.length} of ${reads} reads mixed two writes`);
  assert.equal(seen.size, 2, `both versions were read (${reads} reads, ${writer$.writes} writes): the reads and writes interleaved`);
});
