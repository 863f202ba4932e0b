/**
 * pontual's Redis client (core/redis.ts) against a real redis-server: what the jobs, the status
 * service and the CLI rely on when Redis misbehaves. A job's client waits out a restart, Redis
 * loading its data included; a fail-fast client fails at once; a command that times out never
 * hands its late reply to the next command; refusals say what was refused.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis, ReplyError, type RedisOptions } from '../../../core/redis.ts';
import { connectRedis, createRedisClient } from '../../../core/redis-client.ts';
import { startRedis, type RedisServer } from '../../../devkit/redis.ts';

let server: RedisServer;

before(async () => {
  server = await startRedis({ persistent: true });
});

after(async () => {
  await server.stop();
});

const FAIL_FAST: RedisOptions = { connectTimeoutMs: 1_000, commandTimeoutMs: 300, offlineQueue: false, retryStrategy: () => 100 };

async function connected(options: RedisOptions): Promise<Redis> {
  const redis = new Redis(server.url, options);
  await redis.connect();
  return redis;
}

/** What a bare PING gets right now: PONG, a LOADING error, or nothing (Redis down). */
async function rawPing(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().trim());
    });
    socket.once('error', () => {
      resolve('');
    });
    socket.once('close', () => {
      resolve('');
    });
  });
}

test('a job’s client waits out a restart, Redis loading its data included, and loses no command', async () => {
  const redis = createRedisClient(server.url, { until: Number.POSITIVE_INFINITY });
  await connectRedis(redis, server.url);
  // Enough data that loading it after the restart takes a while: PING answers LOADING meanwhile.
  await redis.call('DEBUG', 'POPULATE', 1_000_000, 'bulk', 64);
  await redis.call('BGREWRITEAOF');
  while (((await redis.call('INFO', 'persistence')) as string).includes('aof_rewrite_in_progress:1')) await sleep(50);
  const events: string[] = [];
  redis.on('reconnecting', () => events.push('reconnecting'));
  redis.on('ready', () => events.push('ready'));

  await server.halt('SIGTERM');
  const writes = [redis.call('SET', 'during', 'the outage'), redis.hgetall('missing'), redis.call('INCR', 'counter')];
  const restarted = server.resume();
  const seen = new Set<string>();
  while (!seen.has('+PONG')) {
    seen.add(await rawPing(server.port));
    await sleep(5);
  }
  await restarted;
  assert.ok(
    [...seen].some((reply) => reply.startsWith('-LOADING')),
    `Redis was loading for a while: ${[...seen].join(', ')}`,
  );
  assert.deepEqual(await Promise.all(writes), ['OK', {}, 1], 'each command answered once, after the loading');
  assert.deepEqual(events.slice(0, 1), ['reconnecting']);
  assert.equal(events.at(-1), 'ready');
  assert.equal(await redis.call('GET', 'during'), 'the outage');
  await redis.call('FLUSHALL');
  await redis.quit();
  assert.equal(redis.status, 'end');
});

test('a fail-fast client fails at once while Redis is down, and again once it is back', async () => {
  const redis = await connected(FAIL_FAST);
  // Reconnection errors go to a listener, or nowhere: never an unhandled 'error' event.
  await server.halt('SIGKILL');
  await sleep(50);
  const started = performance.now();
  await assert.rejects(redis.call('PING'), /Redis is not connected \((reconnecting|connecting)\) and this client does not queue commands/u);
  assert.ok(performance.now() - started < 100, 'no waiting');
  await server.resume();
  while (redis.status !== 'ready') await sleep(20);
  assert.equal(await redis.call('PING'), 'PONG');
  redis.disconnect();
});

test('a command that times out fails alone: its late reply goes to nobody, the next command gets its own', async () => {
  const redis = await connected(FAIL_FAST);
  const sleeper = await connected({ ...FAIL_FAST, commandTimeoutMs: undefined });
  await redis.call('SET', 'k', 'value');
  const slow = sleeper.call('DEBUG', 'SLEEP', 0.6);
  await sleep(50);
  const started = performance.now();
  await assert.rejects(redis.call('GET', 'k'), /Command timed out after 300 ms/u);
  assert.ok(performance.now() - started < 500);
  await slow;
  // The GET's reply arrived after its timeout; had it been handed on, this would read "value".
  assert.equal(await redis.call('ECHO', 'mine'), 'mine');
  assert.equal(await redis.call('GET', 'k'), 'value');
  await redis.call('DEL', 'k');
  redis.disconnect();
  sleeper.disconnect();
});

test('a transaction returns each command’s result; one Redis refuses discards it all, naming why', async () => {
  const redis = await connected(FAIL_FAST);
  await redis.call('HSET', 'h', 'a', '1', '__proto__', 'field');
  const results = await redis.multi().hgetall('h').call('XADD', 's', '*', 'f', 'v').call('HDEL', 'h', 'a').exec();
  assert.ok(results !== null);
  assert.equal(results.length, 3);
  const [hash, added, deleted] = results;
  assert.ok(hash !== undefined && added !== undefined);
  assert.deepEqual(
    hash[1],
    Object.fromEntries([
      ['a', '1'],
      ['__proto__', 'field'],
    ]),
  );
  assert.equal(Object.getPrototypeOf(hash[1]), Object.prototype, '__proto__ stays a field');
  assert.match(String(added[1]), /^\d+-\d+$/u);
  assert.deepEqual(deleted, [null, 1]);
  // XADD without field values: Redis refuses it when queued, so EXEC discards the transaction.
  await assert.rejects(redis.multi().call('HDEL', 'h', '__proto__').call('XADD', 's', '*').exec(), (error: unknown) => {
    assert.ok(error instanceof ReplyError);
    assert.match(error.message, /^EXECABORT .*\(ERR wrong number of arguments for 'xadd' command\)$/u);
    return true;
  });
  assert.equal(await redis.call('HEXISTS', 'h', '__proto__'), 1, 'nothing of the discarded transaction ran');
  await redis.call('DEL', 'h', 's');
  redis.disconnect();
});

test('a large reply in many socket reads arrives whole', async () => {
  const redis = await connected(FAIL_FAST);
  const fields = Array.from({ length: 20_000 }, (_, i) => [`store-${i}`, JSON.stringify({ status: 'up', detail: 'x'.repeat(40), i })]).flat();
  await redis.call('HSET', 'big', ...fields);
  const hash = await redis.hgetall('big');
  assert.equal(Object.keys(hash).length, 20_000);
  assert.equal(hash['store-19999'], fields.at(-1));
  await redis.call('DEL', 'big');
  redis.disconnect();
});

test('a refused database ends the client at once; a refused password is retried, then reported', async () => {
  const wrongDatabase = new Redis(`${server.url}/99`, FAIL_FAST);
  await assert.rejects(
    wrongDatabase.connect(),
    (error: unknown) => error instanceof ReplyError && error.command === 'SELECT' && /DB index/u.test(error.message),
  );
  assert.equal(wrongDatabase.status, 'end');

  const locked = await startRedis({ requirePass: 'right-pass' });
  try {
    let attempts = 0;
    const wrongPassword = new Redis(locked.url.replace('redis://', 'redis://default:wrong-pass@'), {
      ...FAIL_FAST,
      retryStrategy: (attempt) => {
        attempts = attempt;
        return attempt > 2 ? null : 10;
      },
    });
    await assert.rejects(
      wrongPassword.connect(),
      (error: unknown) => error instanceof ReplyError && error.command === 'AUTH' && /WRONGPASS/u.test(error.message),
    );
    assert.equal(attempts, 3, 'retried: a password may be mid-rotation');
    const right = new Redis(locked.url.replace('redis://', 'redis://default:right-pass@'), FAIL_FAST);
    await right.connect();
    assert.equal(await right.call('PING'), 'PONG');
    right.disconnect();
  } finally {
    await locked.stop();
  }
});

test('a password Redis does not ask for is no refusal: the client connects, as ioredis did', async () => {
  const redis = new Redis(server.url.replace('redis://', 'redis://:unused-pass@'), { ...FAIL_FAST, retryStrategy: () => null });
  await redis.connect();
  assert.equal(await redis.call('PING'), 'PONG');
  redis.disconnect();
});
