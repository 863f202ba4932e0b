/** The per-job lock against a real redis-server: exclusive, kept alive by its heartbeat, released only by its holder. */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { acquireLock } from '../../../jobs/runtime/job-lock.ts';
import { startRedis, type RedisServer } from '../../../devkit/redis.ts';

let server: RedisServer;
let redis: Redis;

before(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});

after(async () => {
  redis.disconnect();
  await server.stop();
});

beforeEach(async () => {
  await redis.flushall();
});

test('one holder at a time; the next run gets it once released', async () => {
  const first = await acquireLock(redis, 'pontual:lock:x', { ttlMs: 10_000 });
  assert.ok(first);
  assert.equal(await acquireLock(redis, 'pontual:lock:x', { ttlMs: 10_000 }), undefined);
  const ttl = await redis.pttl('pontual:lock:x');
  assert.ok(ttl > 9_000 && ttl <= 10_000, `ttl ${ttl}`);
  await first.release();
  const second = await acquireLock(redis, 'pontual:lock:x', { ttlMs: 10_000 });
  assert.ok(second);
  await second.release();
});

test('the heartbeat keeps a long run covered past the TTL', async () => {
  const lock = await acquireLock(redis, 'pontual:lock:x', { ttlMs: 300, heartbeatMs: 100 });
  assert.ok(lock);
  await sleep(900);
  assert.equal(await redis.get('pontual:lock:x'), lock.token);
  await lock.release();
  assert.equal(await redis.exists('pontual:lock:x'), 0);
});

test('a run whose lock expired and was taken over neither releases nor extends the new holder’s lock', async () => {
  const problems: string[] = [];
  const stale = await acquireLock(redis, 'pontual:lock:x', {
    ttlMs: 10_000,
    heartbeatMs: 100,
    onHeartbeatProblem: (problem) => problems.push(problem),
  });
  assert.ok(stale);
  await redis.set('pontual:lock:x', 'someone-else', 'PX', 5_000); // as if it had expired and been retaken
  await sleep(250);
  assert.ok(problems.includes('the lock is no longer held by this run'));
  assert.ok((await redis.pttl('pontual:lock:x')) <= 5_000, 'not extended');
  await stale.release();
  assert.equal(await redis.get('pontual:lock:x'), 'someone-else');
});
