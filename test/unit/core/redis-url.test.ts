import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { parseRedisUrl } from '../../../core/redis-url.ts';

const PASSWORD = 'p4ss-secret';

test('URLs ioredis takes as meant pass unchanged, with the password percent-encoded or not', () => {
  for (const url of ['redis://127.0.0.1:6379', 'rediss://default:p%40ss%25@db.example:25061/0', 'redis://:p@ss:w@h', 'redis://h/15']) {
    assert.equal(parseRedisUrl(url), url);
    new Redis(url, { lazyConnect: true }).disconnect();
  }
});

test('what ioredis would throw on or reinterpret is refused, and the message never quotes the password', () => {
  const cases: readonly (readonly [string, RegExp])[] = [
    [`rediss://default:${PASSWORD}%ZZ@h:6379`, /"%" that is not a percent-escape/u],
    [`redis://default:${PASSWORD}@h:99999`, /not a URL/u],
    [`redis://default:ab/${PASSWORD}@h`, /not a URL/u],
    ['redis://', /no host/u],
    [`redis://default:${PASSWORD}@h/db1`, /database number/u],
    [`http://default:${PASSWORD}@h`, /expected a redis:\/\/ or rediss:\/\/ URL, got http:\/\//u],
    ['   ', /not a URL/u],
  ];
  for (const [url, problem] of cases) {
    assert.throws(
      () => parseRedisUrl(url),
      (error: Error) => problem.test(error.message) && !error.message.includes(PASSWORD),
      url,
    );
  }
  // The reason it matters: ioredis itself throws from its constructor, outside any promise.
  assert.throws(() => new Redis(`rediss://default:${PASSWORD}%ZZ@h:6379`, { lazyConnect: true }), URIError);
});
