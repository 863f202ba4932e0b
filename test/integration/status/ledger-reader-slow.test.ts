/**
 * A slow Redis (DEBUG SLEEP on a real redis-server) never empties the run ledger snapshot: the
 * reads time out, the previous entries stay, and the reader reports itself degraded until a
 * read answers in time again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createLogger } from '../../../core/logger.ts';
import { ledgerKey, toStreamFields } from '../../../core/run-ledger.ts';
import { createLedgerReader } from '../../../status/ledger-reader.ts';
import { waitFor } from '../../../devkit/kube.ts';
import { startRedis } from '../../../devkit/redis.ts';

test('with DEBUG SLEEP, reads time out, the snapshot is kept and the reader says degraded', async () => {
  const redis = await startRedis();
  const client = new Redis(redis.url);
  const reader = createLedgerReader({ url: redis.url, keyPrefix: 'test:', logger: createLogger({ level: 'silent' }), commandTimeoutMs: 300 });
  try {
    for (const runId of ['r1', 'r2']) {
      await client.xadd(
        ledgerKey('test:', 'embu-sla'),
        '*',
        ...toStreamFields({
          runId,
          job: 'embu-sla',
          startedAt: '2026-03-02T12:00:00.000Z',
          finishedAt: '2026-03-02T12:00:30.000Z',
          durationMs: 30_000,
          outcome: 'succeeded',
          exitCode: 0,
        }),
      );
    }
    await waitFor(() => reader.connected(), { timeoutMs: 5_000, what: 'the reader to connect' });
    assert.equal(await reader.refresh(['embu-sla', 'bonus-calc']), true);
    const before = reader.snapshot();
    assert.deepEqual(
      before.get('embu-sla')?.map((entry) => entry.runId),
      ['r2', 'r1'],
    );

    const sleeping = client.call('DEBUG', 'SLEEP', '2');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    assert.equal(await reader.refresh(['embu-sla', 'bonus-calc']), false, 'a read that times out fails');
    assert.ok(Date.now() - started < 1_500, 'the read gave up at its timeout, not when Redis woke');
    assert.deepEqual(
      reader
        .snapshot()
        .get('embu-sla')
        ?.map((entry) => entry.runId),
      ['r2', 'r1'],
      'history kept',
    );
    assert.deepEqual(reader.snapshot().get('bonus-calc'), []);
    assert.equal(reader.connected(), false, 'a socket that is open but does not answer is not connected');
    assert.match(reader.problem() ?? '', /^Redis \(run ledger\) reads failing: .*timed out/iu);
    await sleeping;

    await client.xadd(
      ledgerKey('test:', 'embu-sla'),
      '*',
      ...toStreamFields({
        runId: 'r3',
        job: 'embu-sla',
        startedAt: '2026-03-02T12:05:00.000Z',
        finishedAt: '2026-03-02T12:05:30.000Z',
        durationMs: 30_000,
        outcome: 'failed',
        exitCode: 1,
      }),
    );
    await waitFor(async () => reader.refresh(['embu-sla', 'bonus-calc']), { timeoutMs: 5_000, what: 'a read to answer in time again' });
    assert.equal(reader.connected(), true);
    assert.equal(reader.problem(), undefined);
    assert.deepEqual(
      reader
        .snapshot()
        .get('embu-sla')
        ?.map((entry) => entry.runId),
      ['r3', 'r2', 'r1'],
    );
  } finally {
    client.disconnect();
    await reader.close();
    await redis.stop();
  }
});
