/**
 * The writes made by Lua scripts (the ledger append, the fenced result write) take any string a
 * job may hold, a lone UTF-16 surrogate included (a source's JSON may carry one, a message cut
 * mid-emoji ends in one): stored as a plain command would store it, with U+FFFD in its place,
 * rather than the whole write refused by the script's JSON decoder.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis as Inspector } from 'ioredis';
import { createRedisClient } from '../../../core/redis-client.ts';
import { ledgerKey } from '../../../core/run-ledger.ts';
import { startRedis, type RedisServer } from '../../../devkit/redis.ts';
import { writeAtomically } from '../../../jobs/runtime/atomic-write.ts';
import { appendToLedger } from '../../../jobs/runtime/run-ledger-writer.ts';

let server: RedisServer;
let inspector: Inspector;

before(async () => {
  server = await startRedis();
  inspector = new Inspector(server.url);
});

after(async () => {
  inspector.disconnect();
  await server.stop();
});

const CUT = 'Loja S\u00e3o Paulo \ud83d';
const STORED = 'Loja S\u00e3o Paulo \ufffd';

test('a lone surrogate in a ledger entry or a result field is stored as U+FFFD, the write not refused', async () => {
  const redis = createRedisClient(server.url, { until: Date.now() + 5_000 });
  await redis.connect();
  await appendToLedger(redis, 'pontual:', {
    runId: 'run-1',
    job: 'embu-sla',
    startedAt: '2026-12-01T10:00:00.000Z',
    finishedAt: '2026-12-01T10:00:01.000Z',
    durationMs: 1_000,
    outcome: 'failed',
    exitCode: 1,
    errorMessage: CUT,
  });
  const [[, fields] = ['', []]] = await inspector.xrange(ledgerKey('pontual:', 'embu-sla'), '-', '+');
  assert.equal(fields[fields.indexOf('errorMessage') + 1], STORED);

  const fence = { key: 'pontual:lock:embu-sla', value: 'holder' };
  await writeAtomically({ redis, signal: new AbortController().signal, fence }, (batch) => {
    batch.hset('pontual:sla:embu:2026-12-01', { [CUT]: CUT });
  });
  assert.deepEqual(await inspector.hgetall('pontual:sla:embu:2026-12-01'), { [STORED]: STORED });
  await redis.quit();
});
