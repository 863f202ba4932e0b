import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainFailure } from '../../../core/explain-failure.ts';

test('each Kubernetes failure reason in words an operator can act on', () => {
  assert.equal(
    explainFailure({ reason: 'PodFailurePolicy', exitCode: 2, message: 'BONUS_RATE_CENTAVOS must be a positive integer' }),
    'PodFailurePolicy: the pod failure policy failed it at once, without retrying: exit code 2: bad configuration or input, which a retry does not fix; it said: BONUS_RATE_CENTAVOS must be a positive integer',
  );
  assert.equal(
    explainFailure({ reason: 'DeadlineExceeded', timeoutSeconds: 300 }),
    'DeadlineExceeded: it ran past its timeout of 300 s (activeDeadlineSeconds) and Kubernetes stopped it',
  );
  assert.equal(
    explainFailure({ reason: 'BackoffLimitExceeded', exitCode: 1 }),
    'BackoffLimitExceeded: it failed on every attempt (backoffLimit reached), the last with exit code 1: a failure a retry may fix (a source or Redis unavailable)',
  );
  assert.equal(
    explainFailure({ reason: 'ExitCode137', exitCode: 137 }),
    'ExitCode137: the container ended with exit code 137: killed (SIGKILL: usually out of memory, or the deadline enforced)',
  );
  assert.equal(explainFailure({ reason: 'Unknown' }), 'Unknown: Kubernetes recorded no reason and no exit code');
});

test('a multi-line message becomes one line', () => {
  assert.match(explainFailure({ reason: 'ExitCode1', exitCode: 1, message: 'a\n  b' }), /it said: a b$/);
});

test('OOMKilled says the memory limit, not a retry, is the fix', () => {
  assert.match(explainFailure({ reason: 'OOMKilled', exitCode: 137 }), /^OOMKilled: it went over its memory limit .*raise the limit/);
});
