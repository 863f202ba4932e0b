import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeCheck, type CheckResult } from '../../../jobs/store-status/store-health.ts';
import { nextStoredStore, parseStoredStore } from '../../../jobs/store-status/store-record.ts';

test('a health check is up, degraded or down', () => {
  const response = (httpStatus: number, latencyMs: number): CheckResult => ({ kind: 'response', httpStatus, latencyMs });
  const table: [CheckResult, string][] = [
    [response(200, 120), 'up'],
    [response(204, 2000), 'up'], // at the threshold is still fast
    [response(200, 2001), 'degraded'],
    [response(429, 50), 'degraded'],
    [response(500, 50), 'down'],
    [response(503, 10), 'down'],
    [response(404, 10), 'down'],
    [response(301, 10), 'down'],
    [{ kind: 'failure', reason: 'no response within 5000 ms' }, 'down'],
    [{ kind: 'failure', reason: 'ECONNREFUSED' }, 'down'],
  ];
  for (const [result, expected] of table) assert.equal(judgeCheck(result, 2000).status, expected, JSON.stringify(result));
  assert.deepEqual(judgeCheck({ kind: 'failure', reason: 'ECONNREFUSED' }, 2000), {
    status: 'down',
    httpStatus: null,
    latencyMs: null,
    detail: 'ECONNREFUSED',
  });
});

test('the time of the last change moves only when the status changes', () => {
  const store = { id: 's-1', name: 'Loja', platform: 'vtex', healthUrl: 'http://x', active: true };
  const up = judgeCheck({ kind: 'response', httpStatus: 200, latencyMs: 10 }, 2000);
  const down = judgeCheck({ kind: 'response', httpStatus: 500, latencyMs: 10 }, 2000);
  const first = nextStoredStore(store, up, undefined, new Date('2026-11-23T10:00:00Z'));
  assert.equal(first.lastChange, '2026-11-23T10:00:00.000Z');
  const same = nextStoredStore(store, up, parseStoredStore(JSON.stringify(first)), new Date('2026-11-23T10:05:00Z'));
  assert.equal(same.lastChange, '2026-11-23T10:00:00.000Z');
  const changed = nextStoredStore(store, down, same, new Date('2026-11-23T10:10:00Z'));
  assert.equal(changed.lastChange, '2026-11-23T10:10:00.000Z');
  assert.equal(parseStoredStore('not json'), undefined);
  assert.equal(parseStoredStore('{"status":"sideways","lastChange":"x"}'), undefined);
});
