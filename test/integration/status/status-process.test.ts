/**
 * The status service as operators start it (`npm run status`), and its run-ledger reader against
 * a real redis-server.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { createLogger } from '../../../core/logger.ts';
import { ledgerKey, toStreamFields } from '../../../core/run-ledger.ts';
import { createLedgerReader } from '../../../status/ledger-reader.ts';
import { REPO_ROOT } from '../../../devkit/kube.ts';
import { startRedis } from '../../../devkit/redis.ts';

describe('npm run status', () => {
  test('without KUBECONFIG outside a pod it exits 2 naming KUBECONFIG, never trying localhost:8080', () => {
    const result = spawnSync(process.execPath, ['status/main.ts'], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 2);
    const line = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { code?: string; msg?: string };
    assert.equal(line.code, 'CONFIG_INVALID');
    assert.match(line.msg ?? '', /^KUBECONFIG is not set/);
  });
});

describe('run-ledger reader', () => {
  test('reads the newest entries per job, and reports Redis going away', async () => {
    const redis = await startRedis();
    const reader = createLedgerReader({ url: redis.url, keyPrefix: 'test:', logger: createLogger({ level: 'silent' }), perJob: 2 });
    try {
      const client = new Redis(redis.url);
      for (const [index, outcome] of (['succeeded', 'failed', 'skipped'] as const).entries()) {
        await client.xadd(
          ledgerKey('test:', 'embu-sla'),
          '*',
          ...toStreamFields({
            runId: `r${index}`,
            job: 'embu-sla',
            startedAt: `2026-03-02T12:0${index}:00.000Z`,
            finishedAt: `2026-03-02T12:0${index}:30.000Z`,
            durationMs: 30_000,
            outcome,
            exitCode: outcome === 'failed' ? 1 : 0,
          }),
        );
      }
      await client.xadd(ledgerKey('test:', 'embu-sla'), '*', 'garbage', 'entry');
      // An entry as the runtime wrote it before the ledger said `succeeded`.
      await client.xadd(
        ledgerKey('test:', 'bonus-calc'),
        '*',
        'runId',
        'old',
        'job',
        'bonus-calc',
        'startedAt',
        '2026-03-01T09:00:00.000Z',
        'finishedAt',
        '2026-03-01T09:00:05.000Z',
        'durationMs',
        '5000',
        'outcome',
        'ok',
        'exitCode',
        '0',
      );
      client.disconnect();
      for (let i = 0; i < 50 && !reader.connected(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(reader.connected(), true);
      assert.equal(await reader.refresh(['embu-sla', 'bonus-calc']), true);
      assert.deepEqual(
        reader
          .snapshot()
          .get('embu-sla')
          ?.map((entry) => [entry.runId, entry.outcome]),
        [['r2', 'skipped']],
        'newest 2, the malformed one dropped',
      );
      assert.deepEqual(
        reader
          .snapshot()
          .get('bonus-calc')
          ?.map((entry) => [entry.runId, entry.outcome]),
        [['old', 'succeeded']],
        'old `ok` entries still read',
      );

      await redis.stop();
      for (let i = 0; i < 100 && reader.connected(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(reader.connected(), false);
      assert.equal(await reader.refresh(['embu-sla']), false);
      assert.equal(reader.snapshot().get('embu-sla')?.length, 1, 'the last snapshot is kept while Redis is down');
    } finally {
      await reader.close();
      await redis.stop();
    }
  });
});
