/**
 * The logger never throws at its caller: a job logs from catch blocks and cleanup, where a throw
 * would lose the run's outcome. Whatever a field holds (a toJSON or getter that throws, a
 * Proxy, a BigInt under %j), the line goes out, parseable, with its level and message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../core/logger.ts';

function capture(): { lines: Record<string, unknown>[]; log: ReturnType<typeof createLogger> } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) } });
  return { lines, log };
}

const throwing = () => {
  throw new Error('redis://:hunter2@cache failed to serialize');
};

test('a field that throws when read or serialized never throws at the caller: the line goes out, saying why', () => {
  const unmessaged = new Error('x');
  Object.defineProperty(unmessaged, 'message', { get: throwing });
  const cases: [string, () => void][] = [];
  const { lines, log } = capture();
  cases.push([
    'toJSON',
    () => {
      log.info({ run: { toJSON: throwing } }, 'the run ended');
    },
  ]);
  cases.push([
    'getter',
    () => {
      log.info({ run: Object.defineProperty({}, 'id', { enumerable: true, get: throwing }) }, 'the run ended');
    },
  ]);
  cases.push([
    'proxy',
    () => {
      log.info({ run: new Proxy({}, { ownKeys: throwing }) }, 'the run ended');
    },
  ]);
  cases.push([
    'error message',
    () => {
      log.error({ err: unmessaged }, 'the run ended');
    },
  ]);
  cases.push([
    '%j of a BigInt',
    () => {
      log.info('the run ended %j', { count: 5n });
    },
  ]);
  for (const [name, call] of cases) {
    assert.doesNotThrow(call, name);
    const line = lines.pop();
    assert.ok(line !== undefined, name);
    assert.equal(line.level, name === 'error message' ? 'error' : 'info', name);
    assert.match(String(line.msg), /^the run ended/u, name);
    assert.doesNotMatch(JSON.stringify(line), /hunter2/u, name);
  }
});

test('BigInt values are text wherever they are: a field, an interpolated object, a message object', () => {
  const { lines, log } = capture();
  log.info({ bytes: 5n }, 'read %j and %s', { bytes: 6n }, { bytes: 7n });
  const line = lines.pop();
  assert.equal(line?.bytes, '5');
  assert.equal(line.msg, 'read {"bytes":"6"} and {"bytes":"7"}');
});

test('a `__proto__` key is logged as the field it is, redacted like any other', () => {
  const { lines, log } = capture();
  log.info(JSON.parse('{"__proto__": {"password": "hunter2", "host": "cache"}}') as object, 'parsed');
  assert.deepEqual(Object.getOwnPropertyDescriptor(lines.pop(), '__proto__')?.value, { password: '***', host: 'cache' });
});
