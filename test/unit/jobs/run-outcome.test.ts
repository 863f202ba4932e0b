import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PontualError } from '../../../core/errors.ts';
import { decideOutcome } from '../../../jobs/runtime/run-outcome.ts';
import { softDeadlineMs } from '../../../jobs/runtime/soft-deadline.ts';
import { LOCK_HEARTBEAT_MS, LOCK_TTL_MS } from '../../../jobs/runtime/job-lock.ts';

const terminated = new PontualError('TERMINATED', 'SIGTERM received');
const deadline = new PontualError('DEADLINE_EXCEEDED', 'soft deadline reached');
const aborted = new DOMException('This operation was aborted', 'AbortError');

test('the outcome and exit code of a run', () => {
  const table: [Parameters<typeof decideOutcome>, string, number, string | undefined][] = [
    [[{ ok: true }], 'succeeded', 0, undefined],
    [[{ ok: true }, terminated], 'succeeded', 0, undefined], // finished its writes before the signal
    [[{ ok: false, error: aborted }, terminated], 'terminated', 143, 'TERMINATED'],
    [[{ ok: false, error: aborted }, deadline], 'deadline', 1, 'DEADLINE_EXCEEDED'],
    [[{ ok: false, error: new PontualError('INPUT_INVALID', 'bad record') }], 'failed', 2, 'INPUT_INVALID'],
    [[{ ok: false, error: new PontualError('SOURCE_UNAVAILABLE', '503') }], 'failed', 1, 'SOURCE_UNAVAILABLE'],
    [[{ ok: false, error: new TypeError('undefined is not a function') }], 'failed', 1, 'INTERNAL'],
    [[{ ok: false, error: aborted }, new PontualError('LOCK_LOST', 'taken over')], 'failed', 1, 'LOCK_LOST'],
    [[{ ok: false, error: new PontualError('EMPTY_RESULT', 'no stores') }], 'refused', 1, 'EMPTY_RESULT'],
  ];
  for (const [args, outcome, exitCode, errorCode] of table) {
    const decided = decideOutcome(...args);
    assert.deepEqual([decided.outcome, decided.exitCode, decided.error?.code], [outcome, exitCode, errorCode], JSON.stringify(args));
  }
});

test('the soft deadline leaves time to clean up before activeDeadlineSeconds; the lock outlives missed heartbeats, not the timeout', () => {
  assert.equal(softDeadlineMs(300), 285_000);
  assert.equal(softDeadlineMs(180), 165_000);
  assert.equal(softDeadlineMs(60), 54_000);
  assert.equal(softDeadlineMs(2), 1_000);
  // A holder that died is not honoured for long; a live one survives two missed beats.
  assert.deepEqual([LOCK_HEARTBEAT_MS, LOCK_TTL_MS], [3_000, 10_000]);
});

test('a failed outcome keeps the error, and an unexpected one wraps it as the cause', () => {
  const unexpected = new TypeError('undefined is not a function');
  const decided = decideOutcome({ ok: false, error: unexpected });
  assert.equal(decided.error?.code, 'INTERNAL');
  assert.equal(decided.error.cause, unexpected);
  const input = new PontualError('INPUT_INVALID', 'bad record');
  assert.equal(decideOutcome({ ok: false, error: input }).error, input);
  assert.equal(decideOutcome({ ok: true }).error, undefined);
});
