/**
 * A job's Redis client sends again, after a reconnection, every command a dropped connection left
 * unanswered (core/redis.ts, offlineQueue): Redis may have run it already, only its reply was
 * lost. Each write a run makes must then land once: its ledger entry, its fenced result, its lock.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis as Inspector } from 'ioredis';
import { createRedisClient, type Redis } from '../../../core/redis-client.ts';
import { ledgerKey, openRunsKey, type LedgerEntry } from '../../../core/run-ledger.ts';
import { startRedis, type RedisServer } from '../../../devkit/redis.ts';
import { startReplyCuttingProxy, type ReplyCuttingProxy } from '../../../devkit/reply-cutting-proxy.ts';
import { appendEntriesToLedger, appendToLedger } from '../../../jobs/runtime/run-ledger-writer.ts';
import { writeAtomically } from '../../../jobs/runtime/atomic-write.ts';
import { acquireLock } from '../../../jobs/runtime/job-lock.ts';

let server: RedisServer;
let proxy: ReplyCuttingProxy;
let inspector: Inspector;

before(async () => {
  server = await startRedis();
  proxy = await startReplyCuttingProxy(server.port);
  inspector = new Inspector(server.url);
});

after(async () => {
  inspector.disconnect();
  await proxy.close();
  await server.stop();
});

beforeEach(async () => {
  await inspector.flushall();
});

/** A job run's client (reconnects, queues, resends) connected through the proxy. */
async function jobClient(): Promise<Redis> {
  const redis = createRedisClient(`redis://127.0.0.1:${proxy.port}`, { until: Date.now() + 10_000 });
  await redis.connect();
  return redis;
}

const ENTRY: LedgerEntry = {
  runId: 'run-1',
  job: 'embu-sla',
  startedAt: '2026-12-01T10:00:00.000Z',
  finishedAt: '2026-12-01T10:00:01.000Z',
  durationMs: 1_000,
  outcome: 'succeeded',
  exitCode: 0,
};
const { exitCode: _, ...ABANDONED_FIELDS } = ENTRY;
const ABANDONED: LedgerEntry = { ...ABANDONED_FIELDS, outcome: 'abandoned' };

test('a ledger append whose reply is lost is recorded once, and its open entry removed', async () => {
  const redis = await jobClient();
  await inspector.hset(openRunsKey('pontual:', 'embu-sla'), 'run-1', '{}');
  proxy.cutNextReply();
  await appendToLedger(redis, 'pontual:', ENTRY);
  const entries = await inspector.xrange(ledgerKey('pontual:', 'embu-sla'), '-', '+');
  assert.deepEqual(
    entries.map(([, fields]) => fields[fields.indexOf('runId') + 1]),
    ['run-1'],
  );
  assert.equal(await inspector.hlen(openRunsKey('pontual:', 'embu-sla')), 0);
  await redis.quit();
});

test('abandoned runs recorded in one append whose reply is lost are each recorded once', async () => {
  const redis = await jobClient();
  const abandoned = ['run-a', 'run-b'].map((runId): LedgerEntry => ({ ...ABANDONED, runId }));
  proxy.cutNextReply();
  await appendEntriesToLedger(redis, 'pontual:', 'embu-sla', abandoned, ['unreadable']);
  const entries = await inspector.xrange(ledgerKey('pontual:', 'embu-sla'), '-', '+');
  assert.deepEqual(
    entries.map(([, fields]) => fields[fields.indexOf('runId') + 1]),
    ['run-a', 'run-b'],
  );
  await redis.quit();
});

test('the same run recorded twice on purpose (found abandoned, then its own end) keeps both entries', async () => {
  const redis = await jobClient();
  await appendToLedger(redis, 'pontual:', ABANDONED);
  await appendToLedger(redis, 'pontual:', ENTRY);
  assert.equal(await inspector.xlen(ledgerKey('pontual:', 'embu-sla')), 2);
  await redis.quit();
});

for (const kubeJob of [undefined, 'embu-sla-29000000']) {
  test(`a lock acquisition whose reply is lost takes the lock, not skips on itself (${kubeJob === undefined ? 'a local run' : 'a Kubernetes Job'})`, async () => {
    const redis = await jobClient();
    proxy.cutNextReply();
    const attempt = await acquireLock(redis, {
      key: 'pontual:lock:embu-sla',
      openRunsKey: openRunsKey('pontual:', 'embu-sla'),
      run: { runId: 'run-1', job: 'embu-sla', startedAt: ENTRY.startedAt, ...(kubeJob === undefined ? {} : { kubeJob }) },
    });
    if (attempt.kind !== 'acquired') assert.fail(`the run skipped, the lock held by ${JSON.stringify(attempt.holder)}`);
    assert.equal(attempt.tookOverFrom, undefined);
    assert.deepEqual(attempt.abandoned, []);
    await attempt.lock.release();
    assert.equal(await inspector.exists('pontual:lock:embu-sla'), 0);
    await redis.quit();
  });
}

test('a fenced result write whose reply is lost, sent again, leaves the same result', async () => {
  const redis = await jobClient();
  const fence = { key: 'pontual:lock:embu-sla', value: 'holder' };
  await inspector.set(fence.key, fence.value);
  await inspector.hset('pontual:sla:embu:old', 'kept', 'no');
  proxy.cutNextReply();
  const written = await writeAtomically({ redis, signal: new AbortController().signal, fence }, (batch) => {
    batch.del('pontual:sla:embu:old').hset('pontual:sla:embu:2026-12-01', { a: '1', b: '2' });
  });
  assert.equal(written, 2);
  assert.equal(await inspector.exists('pontual:sla:embu:old'), 0);
  assert.deepEqual(await inspector.hgetall('pontual:sla:embu:2026-12-01'), { a: '1', b: '2' });
  await redis.quit();
});
