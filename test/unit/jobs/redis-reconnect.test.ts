import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconnectDelayMs, reconnectStrategy, redisOptions } from '../../../core/redis-client.ts';

test('before the run is connected Redis fails fast; once connected it reconnects with backoff while the window is open', () => {
  const window: { until: number | undefined } = { until: undefined };
  let now = 1_000_000;
  const strategy = reconnectStrategy(window, () => now);
  assert.deepEqual([1, 2, 3].map(strategy), [300, 600, null], 'two attempts, then the run exits 1');
  window.until = now + 5_000;
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(reconnectDelayMs), [100, 200, 400, 800, 1_600, 2_000, 2_000]);
  assert.equal(strategy(10), 2_000, 'the tenth attempt still goes: the window is open');
  now += 3_500;
  assert.equal(strategy(11), null, 'a retry that would land past the window does not happen');
});

test('a job run queues commands while reconnecting; the CLI fails fast with a per-command timeout', () => {
  assert.deepEqual([redisOptions({ until: 0 }).offlineQueue, redisOptions({ until: 0 }).commandTimeoutMs], [true, undefined]);
  assert.deepEqual([redisOptions().offlineQueue, redisOptions().commandTimeoutMs], [false, 5_000]);
});
