/**
 * The job runtime through the real entrypoint, against a real redis-server and the fixture API:
 * the lock, SIGTERM, Redis down, bad configuration, the soft deadline.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { lockKey } from '../../../core/run-ledger.ts';
import { FIXTURE_AS_OF, type FixtureApi } from '../../../devkit/fixture-api.ts';
import { freePort } from '../../../devkit/ports.ts';
import { startJobWorld, type JobWorld } from './support/job-world.ts';
import { dumpResults, ledgerEntries, OVERRIDES_SCRIPT, outcomeOf, runJobProcess, startJob } from './support/spawn-job.ts';

let api: FixtureApi;
let redis: Redis;
let env: Record<string, string>;

let world: JobWorld;

before(async () => {
  world = await startJobWorld({ JOB_AS_OF: FIXTURE_AS_OF });
  ({ api, redis, env } = world);
});

after(async () => {
  await world.stop();
});

beforeEach(async () => {
  await redis.flushall();
  api.setDelay('wms', 0);
  api.setDelay('oms', 0);
  api.clearRequests();
});

test('two concurrent runs of one job: exactly one does the work, the other exits 0 skipped', async () => {
  api.setDelay('wms', 700);
  const [first, second] = await Promise.all([runJobProcess('embu-sla', env), runJobProcess('embu-sla', env)]);
  assert.deepEqual([first.code, second.code], [0, 0]);
  assert.deepEqual([outcomeOf(first), outcomeOf(second)].sort(), ['skipped', 'succeeded']);
  const skipped = outcomeOf(first) === 'skipped' ? first : second;
  assert.ok(skipped.lines.some((line) => line.msg === 'another run of this job holds the lock: skipping'));
  // Only the run holding the lock talked to the WMS: one set of pages.
  assert.equal(new Set(api.requests.map((request) => request.query.cursor ?? '')).size, api.requests.length);
  assert.deepEqual((await ledgerEntries(redis, 'embu-sla')).map((entry) => entry.outcome).sort(), ['skipped', 'succeeded']);
  assert.equal(await redis.exists(lockKey('pontual:', 'embu-sla')), 0, 'the lock is released');
});

test('SIGTERM mid-run: exit 143 within seconds, lock released, run recorded as terminated, nothing written', async () => {
  api.setDelay('wms', 30_000);
  const running = startJob(['embu-sla'], env);
  await running.waitForLog('fetching orders');
  assert.equal(await redis.exists(lockKey('pontual:', 'embu-sla')), 1, 'the run holds the lock');
  const signalled = performance.now();
  running.child.kill('SIGTERM');
  const exit = await running.exited;
  assert.equal(exit.code, 143);
  assert.ok(performance.now() - signalled < 5_000, 'exits within a few seconds');
  assert.equal(outcomeOf(exit), 'terminated');
  assert.equal(await redis.exists(lockKey('pontual:', 'embu-sla')), 0, 'the lock is released');
  const [entry] = await ledgerEntries(redis, 'embu-sla');
  assert.equal(entry?.outcome, 'terminated');
  assert.equal(entry.exitCode, 143);
  assert.equal(entry.errorCode, 'TERMINATED');
  assert.deepEqual(await dumpResults(redis), {});
});

test('Redis unreachable: exit 1 within 15 s with a clear message', async () => {
  const port = await freePort();
  const exit = await runJobProcess('embu-sla', { ...env, REDIS_URL: `redis://:s3cret@127.0.0.1:${port}` });
  assert.equal(exit.code, 1);
  assert.ok(exit.durationMs < 15_000, `took ${exit.durationMs} ms`);
  const last = exit.lines.at(-1);
  assert.equal(last?.code, 'REDIS_UNAVAILABLE');
  assert.match(String(last.msg), new RegExp(`Redis at redis://127\\.0\\.0\\.1:${port} is unreachable: connect ECONNREFUSED`));
  // The finish line carries the error with its cause chain: the socket error behind the failure.
  const err = last.err as { type?: unknown; stack?: unknown } | undefined;
  assert.equal(err?.type, 'PontualError');
  assert.match(String(err.stack), new RegExp(`\\ncaused by: Error: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}`));
  assert.doesNotMatch(exit.stdout + exit.stderr, /s3cret/);
});

test('a Redis URL Redis cannot serve is a configuration error naming REDIS_URL (exit 2), not a retry', async () => {
  const database = await runJobProcess('embu-sla', { ...env, REDIS_URL: `${world.redisServer.url}/99` });
  assert.equal(database.code, 2, database.stdout);
  assert.equal(database.lines.at(-1)?.code, 'CONFIG_INVALID');
  assert.match(
    String(database.lines.at(-1)?.msg),
    /REDIS_URL is invalid: Redis at redis:\/\/127\.0\.0\.1:\d+ refused database 99 \(ERR DB index is out of range\)/,
  );
  assert.equal(await redis.dbsize(), 0, 'nothing written to database 0 instead');

  const tls = await runJobProcess('embu-sla', { ...env, REDIS_URL: world.redisServer.url.replace('redis://', 'rediss://') });
  assert.equal(tls.code, 2, tls.stdout);
  assert.equal(tls.lines.at(-1)?.code, 'CONFIG_INVALID');
  assert.match(
    String(tls.lines.at(-1)?.msg),
    /REDIS_URL is invalid: rediss:\/\/ asks for TLS, but rediss:\/\/127\.0\.0\.1:\d+ .* the TLS handshake: is it a plain redis:\/\/ port\?/,
  );
});

test('a missing variable: exit 2 with one line naming it', async () => {
  const { WMS_API_TOKEN: _dropped, ...incomplete } = env;
  const exit = await runJobProcess('embu-sla', incomplete);
  assert.equal(exit.code, 2);
  const [line, ...more] = exit.lines;
  assert.deepEqual(more, []);
  assert.equal(line?.code, 'CONFIG_INVALID');
  assert.match(String(line.msg), /^WMS_API_TOKEN is required/);
  assert.equal(exit.stderr, '');
});

test('a value past its maximum: exit 2 with one line naming it, nothing checked', async () => {
  for (const [name, value] of [
    ['STORE_CHECK_TIMEOUT_MS', '9999999999'],
    ['HTTP_TIMEOUT_MS', '3000000000'],
  ] as const) {
    const exit = await runJobProcess('store-status', { ...env, [name]: value });
    assert.equal(exit.code, 2, exit.stdout);
    assert.equal(exit.lines.length, 1, exit.stdout);
    assert.match(String(exit.lines[0]?.msg), new RegExp(`^${name} is invalid: expected a number from 1 to \\d+, got ${value}$`));
  }
  assert.ok(!api.requests.some((request) => request.api === 'health'));
});

test('an unknown or missing job name: exit 2 listing the valid names', async () => {
  // Object built-ins are names like any other: unknown, not an inherited member to call.
  for (const args of [['embu'], [], ['constructor'], ['__proto__'], ['hasOwnProperty'], ['toString']]) {
    const exit = await startJob(args, env).exited;
    assert.equal(exit.code, 2, `${args.join(' ')}: ${exit.stdout}${exit.stderr}`);
    assert.equal(exit.lines.length, 1, exit.stdout);
    assert.equal(exit.lines[0]?.code, 'JOB_UNKNOWN');
    assert.match(String(exit.lines[0].msg), /valid jobs: embu-sla, extrema-sla, bonus-calc, store-status$/);
  }
  assert.equal(await redis.dbsize(), 0, 'no lock taken, no run recorded');
});

test('the soft deadline: the run is aborted, exit 1, outcome deadline, lock released', async () => {
  api.setDelay('oms', 30_000);
  const exit = await startJob(['store-status', JSON.stringify({ softDeadlineMs: 1500 })], env, OVERRIDES_SCRIPT).exited;
  assert.equal(exit.code, 1);
  assert.equal(outcomeOf(exit), 'deadline');
  assert.ok(exit.durationMs < 10_000);
  const [entry] = await ledgerEntries(redis, 'store-status');
  assert.deepEqual([entry?.outcome, entry?.exitCode, entry?.errorCode], ['deadline', 1, 'DEADLINE_EXCEEDED']);
  assert.equal(await redis.exists(lockKey('pontual:', 'store-status')), 0);
});

test('the ledger entry carries the Kubernetes names from the downward API', async () => {
  const exit = await runJobProcess('embu-sla', { ...env, KUBE_NAMESPACE: 'pontual', KUBE_JOB_NAME: 'embu-sla-2961', KUBE_POD_NAME: 'embu-sla-2961-x7k2p' });
  assert.equal(exit.code, 0);
  const [entry] = await ledgerEntries(redis, 'embu-sla');
  assert.deepEqual([entry?.namespace, entry?.kubeJob, entry?.pod, entry?.outcome], ['pontual', 'embu-sla-2961', 'embu-sla-2961-x7k2p', 'succeeded']);
  assert.ok(entry !== undefined && entry.durationMs >= 0 && Date.parse(entry.finishedAt) >= Date.parse(entry.startedAt));
  const finish = exit.lines.at(-1);
  assert.equal(finish?.msg, 'run finished: succeeded');
  assert.equal(typeof finish.durationMs, 'number');
  assert.equal(finish.runId, entry.runId);
  // One `job` key per line, the catalog's: the Kubernetes Job's name is `kubeJob`, as in the ledger.
  const started = exit.stdout.split('\n').find((line) => line.includes('"msg":"run started"')) ?? '';
  assert.equal(started.match(/"job":/g)?.length, 1, started);
  const parsed = JSON.parse(started) as Record<string, unknown>;
  assert.deepEqual([parsed.job, parsed.kubeJob, parsed.pod, parsed.namespace], ['embu-sla', 'embu-sla-2961', 'embu-sla-2961-x7k2p', 'pontual'], started);
});
