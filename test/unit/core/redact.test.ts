import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../../core/logger.ts';
import { redactText, redactValue } from '../../../core/redact.ts';

test('URL passwords and bearer or basic credentials are masked; the rest of the text stays', () => {
  assert.equal(redactText('Redis at rediss://default:s3cr3t@db.example:25061 failed'), 'Redis at rediss://default:***@db.example:25061 failed');
  assert.equal(redactText('redis://:only-pass@127.0.0.1:6379/0'), 'redis://:***@127.0.0.1:6379/0');
  assert.equal(redactText('Authorization: Bearer abc.def-ghi_123'), 'Authorization: Bearer ***');
  assert.equal(redactText('basic dXNlcjpwYXNz'), 'basic ***');
  assert.equal(redactText('redis://127.0.0.1:6379 and http://user@host/'), 'redis://127.0.0.1:6379 and http://user@host/');
});

test('credential fields and Redis command arguments never survive, nested or not', () => {
  assert.deepEqual(
    redactValue({ headers: { Authorization: 'Bearer x', accept: 'json' }, command: { name: 'auth', args: ['user', 'pw'] }, list: ['redis://u:p@h'], n: 1 }),
    { headers: { Authorization: '***', accept: 'json' }, command: { name: 'auth' }, list: ['redis://u:***@h'], n: 1 },
  );
});

test('the logger: one shape (ISO time, level word, code, err with causes), redacted everywhere', () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => { lines.push(chunk.toString()); done(); } });
  const log = createLogger({ level: 'info', base: { service: 's' }, destination: sink });
  const reply = Object.assign(new Error('WRONGPASS invalid username-password pair'), { command: { name: 'auth', args: ['default', 'pw-123'] } });
  const error = new Error('Redis at redis://default:pw-123@h:1 is unreachable', { cause: reply });
  log.error({ code: 'REDIS_UNAVAILABLE', err: error, url: 'rediss://a:pw-123@h' }, 'failed for rediss://a:pw-123@h');
  log.error({ err: reply }, 'reply');
  const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.ok(first !== undefined && second !== undefined);
  assert.ok(!lines.join('').includes('pw-123'), lines.join(''));
  assert.match(String(first.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/u);
  assert.equal(first.level, 'error');
  assert.equal(first.service, 's');
  assert.equal(first.code, 'REDIS_UNAVAILABLE');
  assert.equal(first.msg, 'failed for rediss://a:***@h');
  assert.match(String((first.err as { stack?: string }).stack), /\ncaused by: Error: WRONGPASS/u);
  assert.deepEqual((second.err as { command?: unknown }).command, { name: 'auth' });
});
