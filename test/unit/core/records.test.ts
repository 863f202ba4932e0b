import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MESSAGE_LIMIT, toPodRecord } from '../../../core/model/records.ts';
import { podObject } from '../../../devkit/status-fixtures.ts';

test('a termination message (the log tail when the job wrote none) is redacted before it is clipped', () => {
  // The clip falls inside the password: clipping first would leave it without the `@` that marks it.
  const message = `${'x'.repeat(MESSAGE_LIMIT - 60)} redis://default:${'secret-'.repeat(10)}@db:6379 refused`;
  const record = toPodRecord(podObject('embu-sla-1-abc', 'embu-sla-1', { exitCode: 1, message, finishedAt: '2026-03-02T12:15:30Z' }));
  assert.ok(record.terminationMessage !== undefined);
  assert.ok(!record.terminationMessage.includes('secret'), record.terminationMessage);
  assert.match(record.terminationMessage, /redis:\/\/default:\*\*\*@db:6379 refused$/u);
});
