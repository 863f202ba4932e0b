/**
 * The runtime when Redis or the process itself goes away (issue 11): Redis restarted mid-run,
 * Redis gone past the run's time followed by the Job's retry, a lock holder SIGKILLed followed by
 * the Job's retry or by another Job once its lock lapsed. Redis persists (append-only, fsync
 * always) as the managed database does. After every scenario the invariants hold: documented
 * exit codes, every run in the ledger, no run left open, the lock free, the old or the new result.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { FIXTURE_AS_OF, startFixtureApi, type FixtureApi } from '../../../devkit/fixture-api.ts';
import { startRedis, type RedisServer } from '../../../devkit/redis.ts';
import { assertInvariants, readResults, type Results } from './support/invariants.ts';
import { ledgerEntries, OVERRIDES_SCRIPT, runJobProcess, startJob } from './support/spawn-job.ts';

let server: RedisServer;
let api: FixtureApi;
let redis: Redis;
let env: Record<string, string>;
let fresh: Results;

const EMBU = ['pontual:sla:embu:'];
const NO_RESULT: Results = {};

before(async () => {
  server = await startRedis({ persistent: true });
  api = await startFixtureApi();
  // Reconnects on its own after a restart, like any long-lived client.
  redis = new Redis(server.url, { maxRetriesPerRequest: null, retryStrategy: () => 100 });
  redis.on('error', () => undefined);
  env = { ...api.env, REDIS_URL: server.url, JOB_AS_OF: FIXTURE_AS_OF };
  assert.equal((await runJobProcess('embu-sla', env)).code, 0);
  fresh = await readResults(redis, EMBU);
});

after(async () => {
  redis.disconnect();
  await api.close();
  await server.stop();
});

beforeEach(async () => {
  await server.resume();
  await redis.flushall();
  api.setDelay('wms', 0);
  api.clearRequests();
});

test('Redis restarted mid-run: the run reconnects, finishes, releases its lock and is in the ledger', async () => {
  api.setDelay('wms', 700);
  const running = startJob(['embu-sla'], env);
  await running.waitForLog('fetching orders');
  await server.halt('SIGTERM');
  await sleep(1_500);
  await server.resume();
  const exit = await running.exited;
  assert.equal(exit.code, 0, exit.stdout);
  assert.equal(exit.lines.filter((line) => line.msg === 'the connection to Redis dropped: reconnecting').length, 1);
  assert.ok(exit.lines.some((line) => line.msg === 'reconnected to Redis'));
  await assertInvariants({ redis, job: 'embu-sla', exits: [exit], results: { prefixes: EMBU, old: NO_RESULT, fresh } });
  assert.deepEqual(await readResults(redis, EMBU), fresh);
});

test('Redis crashed past the run’s time: exit 1 (not a success); the Job’s retry takes over and records the lost run as abandoned', async () => {
  api.setDelay('wms', 500);
  const kube = { KUBE_JOB_NAME: 'embu-sla-29388020', KUBE_NAMESPACE: 'pontual' };
  const first = startJob(['embu-sla', JSON.stringify({ timeoutSeconds: 6 })], { ...env, ...kube, KUBE_POD_NAME: 'embu-sla-29388020-aaaaa' }, OVERRIDES_SCRIPT);
  await first.waitForLog('fetching orders');
  await server.halt('SIGKILL');
  const lost = await first.exited;
  assert.equal(lost.code, 1, lost.stdout);
  assert.ok(lost.durationMs < 8_000, 'ends within its time');
  // The error names its cause once (it used to read `Connection is closed.: Connection is closed.`).
  for (const line of lost.lines.filter((candidate) => candidate.err !== undefined)) {
    const message = String((line.err as { message?: unknown }).message);
    assert.doesNotMatch(message, /(\S.{5,}): \1/, message);
  }
  await server.resume();
  api.setDelay('wms', 0);
  const retry = await runJobProcess('embu-sla', { ...env, ...kube, KUBE_POD_NAME: 'embu-sla-29388020-bbbbb' });
  assert.equal(retry.code, 0, retry.stdout);
  assert.equal(retry.lines.at(-1)?.outcome, 'succeeded', 'the retry ran, it did not skip');
  const outcomes = (await ledgerEntries(redis, 'embu-sla')).map((entry) => [entry.pod, entry.outcome]);
  assert.deepEqual(outcomes, [
    ['embu-sla-29388020-aaaaa', 'abandoned'],
    ['embu-sla-29388020-bbbbb', 'succeeded'],
  ]);
  await assertInvariants({ redis, job: 'embu-sla', exits: [lost, retry], results: { prefixes: EMBU, old: NO_RESULT, fresh } });
});

test('a lock holder SIGKILLed: another Job skipped while it lived; the Job’s retry takes over at once and records it abandoned', async () => {
  api.setDelay('wms', 1_500);
  const kube = { KUBE_JOB_NAME: 'embu-sla-29388035', KUBE_NAMESPACE: 'pontual' };
  const holder = startJob(['embu-sla'], { ...env, ...kube, KUBE_POD_NAME: 'embu-sla-29388035-aaaaa' });
  await holder.waitForLog('fetching orders');
  const manual = await runJobProcess('embu-sla', { ...env, KUBE_JOB_NAME: 'embu-sla-manual-x1', KUBE_POD_NAME: 'embu-sla-manual-x1-ccccc' });
  assert.equal(manual.code, 0);
  assert.equal(manual.lines.at(-1)?.outcome, 'skipped', 'a different, live run holds the lock');
  const skipLine = manual.lines.find((line) => line.msg === 'another run of this job holds the lock: skipping');
  assert.equal((skipLine?.holder as { pod?: string } | undefined)?.pod, 'embu-sla-29388035-aaaaa', 'the skip names the holder');

  holder.child.kill('SIGKILL');
  const killed = await holder.exited;
  api.setDelay('wms', 0);
  const retry = await runJobProcess('embu-sla', { ...env, ...kube, KUBE_POD_NAME: 'embu-sla-29388035-bbbbb' });
  assert.equal(retry.code, 0, retry.stdout);
  assert.equal(retry.lines.at(-1)?.outcome, 'succeeded');
  assert.ok(retry.lines.some((line) => line.msg === 'took the lock over from an earlier pod of this Kubernetes Job'));
  const entries = await ledgerEntries(redis, 'embu-sla');
  assert.deepEqual(
    entries.map((entry) => [entry.pod, entry.outcome]),
    [
      ['embu-sla-manual-x1-ccccc', 'skipped'],
      ['embu-sla-29388035-aaaaa', 'abandoned'],
      ['embu-sla-29388035-bbbbb', 'succeeded'],
    ],
  );
  const abandoned = entries[1];
  assert.equal(abandoned?.errorCode, 'RUN_ABANDONED');
  assert.equal(abandoned.exitCode, undefined, 'nobody saw its exit code');
  await assertInvariants({ redis, job: 'embu-sla', exits: [manual, killed, retry], results: { prefixes: EMBU, old: NO_RESULT, fresh } });
});

test('a lock holder SIGKILLed: another Job is not held off past the lock’s TTL, and records the dead run', async () => {
  api.setDelay('wms', 1_500);
  const lock = { ttlMs: 1_500, heartbeatMs: 400 };
  const holder = startJob(
    ['embu-sla', JSON.stringify({ lock })],
    { ...env, KUBE_JOB_NAME: 'embu-sla-29388050', KUBE_POD_NAME: 'embu-sla-29388050-aaaaa' },
    OVERRIDES_SCRIPT,
  );
  await holder.waitForLog('fetching orders');
  holder.child.kill('SIGKILL');
  const killed = await holder.exited;
  await sleep(lock.ttlMs + 200);
  api.setDelay('wms', 0);
  const next = await startJob(['embu-sla', JSON.stringify({ lock })], { ...env, KUBE_JOB_NAME: 'embu-sla-29388065' }, OVERRIDES_SCRIPT).exited;
  assert.equal(next.lines.at(-1)?.outcome, 'succeeded', next.stdout);
  await assertInvariants({ redis, job: 'embu-sla', exits: [killed, next], results: { prefixes: EMBU, old: NO_RESULT, fresh } });
});

test('bonus-calc: the Job’s retry after a SIGKILLed pod runs at once, so the day gets its bonus', async () => {
  // What the killed pod left: its lock (well within the TTL) and its open entry.
  const startedAt = '2026-11-24T09:00:00.000Z';
  await redis.set(
    'pontual:lock:bonus-calc',
    JSON.stringify({ token: 'dead', runId: 'r-dead', kubeJob: 'bonus-calc-29388960', pod: 'bonus-calc-29388960-aaaaa', startedAt }),
    'PX',
    10_000,
  );
  await redis.hset(
    'pontual:runs:bonus-calc:open',
    'r-dead',
    JSON.stringify({
      runId: 'r-dead',
      job: 'bonus-calc',
      kubeJob: 'bonus-calc-29388960',
      pod: 'bonus-calc-29388960-aaaaa',
      startedAt,
      heartbeatAt: '2026-11-24T09:00:03.000Z',
    }),
  );
  const retry = await runJobProcess('bonus-calc', {
    ...env,
    JOB_AS_OF: '2026-11-24T06:00:00-03:00',
    KUBE_JOB_NAME: 'bonus-calc-29388960',
    KUBE_POD_NAME: 'bonus-calc-29388960-bbbbb',
  });
  assert.equal(retry.code, 0, retry.stdout);
  assert.equal(retry.lines.at(-1)?.outcome, 'succeeded', 'ran, did not skip');
  assert.equal(await redis.hget('pontual:bonus:2026-11', 'through'), '2026-11-23');
  assert.deepEqual((await ledgerEntries(redis, 'bonus-calc')).map((entry) => [entry.runId, entry.outcome, entry.finishedAt]).slice(0, 1), [
    ['r-dead', 'abandoned', '2026-11-24T09:00:03.000Z'],
  ]);
  await assertInvariants({ redis, job: 'bonus-calc', exits: [retry] });
});

test('a run whose lock another run took over stops without writing (LOCK_LOST, exit 1)', async () => {
  api.setDelay('wms', 800);
  const running = startJob(['embu-sla', JSON.stringify({ lock: { ttlMs: 2_000, heartbeatMs: 300 } })], env, OVERRIDES_SCRIPT);
  await running.waitForLog('fetching orders');
  // As if its heartbeats had not reached Redis for the TTL and another run had taken the lock.
  await redis.set('pontual:lock:embu-sla', JSON.stringify({ token: 'other', runId: 'r-other', startedAt: 't' }), 'PX', 5_000);
  const exit = await running.exited;
  assert.equal(exit.code, 1, exit.stdout);
  assert.equal(exit.lines.at(-1)?.code, 'LOCK_LOST');
  assert.deepEqual(await readResults(redis, EMBU), NO_RESULT, 'nothing written over the other run');
  assert.match((await redis.get('pontual:lock:embu-sla')) ?? '', /r-other/, 'the other run’s lock is untouched');
  await redis.del('pontual:lock:embu-sla');
  await assertInvariants({ redis, job: 'embu-sla', exits: [exit], results: { prefixes: EMBU, old: NO_RESULT, fresh } });
});
