/**
 * The per-job lock against a real redis-server: exclusive, kept alive by its heartbeat, released
 * only by its holder, taken over by a retry of the same Kubernetes Job, short-lived once its
 * holder stops heartbeating, and handing over the runs its dead holders left open.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { connectRedis, createRedisClient, type Redis as Client } from '../../../core/redis-client.ts';
import { acquireLock, type HeldLock, type LockAttempt, type LockOptions } from '../../../jobs/runtime/job-lock.ts';
import { startRedis, type RedisServer } from '../../../devkit/redis.ts';

let server: RedisServer;
let redis: Redis;
/** The jobs' own client takes the lock; ioredis looks at what it left. */
let client: Client;

before(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
  client = createRedisClient(server.url, { until: Number.POSITIVE_INFINITY });
  await connectRedis(client, server.url);
});

after(async () => {
  redis.disconnect();
  client.disconnect();
  await server.stop();
});

beforeEach(async () => {
  await redis.flushall();
});

const KEY = 'pontual:lock:x';
const OPEN = 'pontual:runs:x:open';

function options(runId: string, extra: Partial<LockOptions> = {}): LockOptions {
  return { key: KEY, openRunsKey: OPEN, run: { runId, job: 'x', startedAt: '2026-11-23T18:00:00.000Z', ...extra.run }, ...extra };
}

function held(attempt: LockAttempt): HeldLock {
  assert.equal(attempt.kind, 'acquired');
  return attempt.lock;
}

test('one holder at a time; the skipper learns who holds it; the next run gets it once released', async () => {
  const first = held(await acquireLock(client, options('run-1', { run: { runId: 'run-1', job: 'x', kubeJob: 'x-100', pod: 'x-100-a', startedAt: 't' } })));
  const second = await acquireLock(client, options('run-2', { run: { runId: 'run-2', job: 'x', kubeJob: 'x-200', startedAt: 't' } }));
  assert.equal(second.kind, 'held');
  assert.equal(second.holder?.runId, 'run-1');
  assert.equal(second.holder.pod, 'x-100-a');
  const ttl = await redis.pttl(KEY);
  assert.ok(ttl > 9_000 && ttl <= 10_000, `ttl ${ttl}: tied to the heartbeat, not the job's timeout`);
  await first.release();
  const third = held(await acquireLock(client, options('run-3')));
  await third.release();
  assert.equal(await redis.exists(KEY), 0);
});

test('a retry of the same Kubernetes Job takes the lock over and hands over the dead pod’s open run', async () => {
  const pod1 = { runId: 'run-1', job: 'x', kubeJob: 'x-29388', pod: 'x-29388-aaaaa', startedAt: '2026-11-23T18:00:00.000Z' };
  held(await acquireLock(client, options('run-1', { run: pod1, heartbeatMs: 60_000 }))); // then SIGKILLed: it never releases
  const retry = await acquireLock(client, options('run-2', { run: { ...pod1, runId: 'run-2', pod: 'x-29388-bbbbb' } }));
  assert.equal(retry.kind, 'acquired');
  assert.equal(retry.tookOverFrom?.runId, 'run-1');
  assert.deepEqual(
    retry.abandoned.map((run) => [run.runId, run.pod]),
    [['run-1', 'x-29388-aaaaa']],
  );
  // Any other Job still skips while the retry holds it.
  const other = await acquireLock(client, options('run-3', { run: { runId: 'run-3', job: 'x', kubeJob: 'x-manual', startedAt: 't' } }));
  assert.equal(other.kind, 'held');
  await retry.lock.release();
});

test('a local run without a Job name never takes over', async () => {
  const first = held(await acquireLock(client, options('run-1')));
  assert.equal((await acquireLock(client, options('run-2'))).kind, 'held');
  await first.release();
});

test('a holder that stops heartbeating is not honoured past the TTL', async () => {
  held(await acquireLock(client, options('run-1', { ttlMs: 300, heartbeatMs: 60_000 }))); // never beats again
  assert.equal((await acquireLock(client, options('run-2'))).kind, 'held');
  await sleep(400);
  const next = await acquireLock(client, options('run-2'));
  assert.equal(next.kind, 'acquired');
  assert.deepEqual(
    next.abandoned.map((run) => run.runId),
    ['run-1'],
  );
  await next.lock.release();
});

test('the heartbeat keeps a long run covered past the TTL and records when it was last alive', async () => {
  const lock = held(await acquireLock(client, options('run-1', { ttlMs: 300, heartbeatMs: 100 })));
  const firstBeat = JSON.parse((await redis.hget(OPEN, 'run-1')) ?? '{}') as { heartbeatAt?: string };
  await sleep(900);
  assert.equal(await redis.get(KEY), lock.fence.value);
  const lastBeat = JSON.parse((await redis.hget(OPEN, 'run-1')) ?? '{}') as { heartbeatAt?: string };
  assert.ok(typeof lastBeat.heartbeatAt === 'string' && lastBeat.heartbeatAt > (firstBeat.heartbeatAt ?? ''));
  await lock.release();
  assert.equal(await redis.exists(KEY), 0);
});

test('a run whose lock was taken over is told, and neither releases nor extends the new holder’s lock', async () => {
  let lost = 0;
  const stale = held(await acquireLock(client, options('run-1', { ttlMs: 10_000, heartbeatMs: 100, onLost: () => lost++ })));
  await redis.set(KEY, '{"token":"t","runId":"someone-else","startedAt":"t"}', 'PX', 5_000); // as if it had expired and been retaken
  await sleep(250);
  assert.ok(lost > 0, 'told the lock is lost');
  assert.ok((await redis.pttl(KEY)) <= 5_000, 'not extended');
  await stale.release();
  assert.match((await redis.get(KEY)) ?? '', /someone-else/);
});

test('a lock lost in a Redis restart is taken back by its live holder’s heartbeat', async () => {
  const lock = held(await acquireLock(client, options('run-1', { ttlMs: 1_000, heartbeatMs: 100 })));
  await redis.flushall(); // what a restart without persistence leaves
  await sleep(250);
  assert.equal(await redis.get(KEY), lock.fence.value);
  assert.ok((await redis.hexists(OPEN, 'run-1')) === 1);
  await lock.release();
});
