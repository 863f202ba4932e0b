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
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      lines.push(chunk.toString());
      done();
    },
  });
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

test('a password with a raw @ or / is masked whole, and secret query parameters are masked', () => {
  assert.equal(redactText('redis://default:p@ss@db:6379 down'), 'redis://default:***@db:6379 down');
  assert.equal(redactText('redis://u:ab/cd@db:6379'), 'redis://u:***@db:6379');
  assert.equal(redactText('"url":"redis://u:pw@h","mail":"a@b"'), '"url":"redis://u:***@h","mail":"a@b"');
  assert.equal(
    redactText('GET https://wms/v1/orders?limit=5&access_token=tok-1&api_key=k2#x failed'),
    'GET https://wms/v1/orders?limit=5&access_token=***&api_key=***#x failed',
  );
  assert.equal(redactText('at file:///work/core/x.ts:52:13'), 'at file:///work/core/x.ts:52:13');
});

test('credential keys in any case or prefix, errors under any key or in any list, and what is too deep never survive', () => {
  const reply = Object.assign(new Error('EXECABORT'), {
    previousErrors: [Object.assign(new Error('WRONGPASS'), { command: { name: 'auth', args: ['pw-1'] } })],
  });
  let deep: unknown = { password: 'pw-2' };
  for (let level = 0; level < 15; level++) deep = { level: deep };
  const redacted = JSON.stringify(
    redactValue({
      sentinelPassword: 'pw-3',
      accessToken: 'pw-4',
      'x-api-key': 'pw-5',
      'set-cookie': ['sid=pw-6'],
      auth: 'user:pw-7',
      errors: [reply],
      aggregate: new AggregateError([new Error('redis://u:pw-8@h')], 'all failed'),
      cause: new Error('outer', { cause: new Error('Bearer pw-9') }),
      url: new URL('redis://u:pw-10@h:6379'),
      at: new Date('2026-11-23T18:00:00Z'),
      deep,
    }),
  );
  for (let n = 1; n <= 10; n++) assert.ok(!redacted.includes(`pw-${String(n)}`), `pw-${String(n)} in ${redacted}`);
  assert.match(redacted, /"at":"2026-11-23T18:00:00.000Z"/u);
  assert.match(redacted, /"url":"redis:\/\/u:\*\*\*@h:6379"/u);
  assert.match(redacted, /"command":\{"name":"auth"\}/u);
});

test('the logger redacts the message pino takes from an error, interpolated objects, child bindings and errors under any key', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level: 'info', destination: sink });
  const reply = Object.assign(new Error('WRONGPASS'), { command: { name: 'auth', args: ['default', 'pw-1'] } });
  log.error(new Error('cannot reach redis://u:pw-2@h'));
  log.error({ err: new Error('cannot reach redis://u:pw-3@h') });
  log.error({ error: reply, failures: [reply] }, 'under another key');
  log.info('options %o and %j', { password: 'pw-4' }, { token: 'pw-5' });
  log.info('failed: %s', new Error('cannot reach redis://u:pw-8@h'));
  log.child({ redis: 'redis://u:pw-6@h' }).child({ password: 'pw-7' }).info('child');
  const text = lines.join('');
  for (let n = 1; n <= 8; n++) assert.ok(!text.includes(`pw-${String(n)}`), `pw-${String(n)} in ${text}`);
  assert.match(text, /"msg":"failed: Error: cannot reach redis:\/\/u:\*\*\*@h"/u);
  const [fromError, , otherKey] = lines.map((line) => JSON.parse(line) as { msg: string; err: { type: string }; error: { type: string; message: string } });
  assert.ok(fromError !== undefined && otherKey !== undefined);
  assert.deepEqual([fromError.msg, fromError.err.type], ['cannot reach redis://u:***@h', 'Error']);
  assert.deepEqual([otherKey.error.type, otherKey.error.message], ['Error', 'WRONGPASS']);
});

test('a credential assigned in YAML or JSON text is masked: a kubeconfig parser quotes the lines around its error', () => {
  const yamlError = 'deficient indentation (8:1)\n\n 5 |   user:\n 6 |     token: sha256~kube-tok\n 7 |     client-key-data: LS0tkey\n 8 | \n-----^';
  assert.equal(redactText(yamlError), 'deficient indentation (8:1)\n\n 5 |   user:\n 6 |     token: ***\n 7 |     client-key-data: ***\n 8 | \n-----^');
  assert.equal(redactText('{"password":"pw","user":"u"}'), '{"password":"***","user":"u"}');
  assert.equal(redactText('authorization: Token tok-1\nx-api-key: key-2'), 'authorization: Token ***\nx-api-key: ***');
  assert.equal(
    redactText('the cluster rejected your credentials: refresh the token or certificate'),
    'the cluster rejected your credentials: refresh the token or certificate',
  );
  assert.equal(redactText('at file:///work/jobs/token.ts:12:3'), 'at file:///work/jobs/token.ts:12:3');
});
