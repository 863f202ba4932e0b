import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPontualError } from '../../../core/errors.ts';
import { loadConfig } from '../../../jobs/runtime/config.ts';

const VALID = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  WMS_API_URL: 'http://wms.local/',
  WMS_API_TOKEN: 'w',
  OMS_API_URL: 'https://oms.local',
  OMS_API_TOKEN: 'o',
};

test('defaults from jobs/environment.ts fill what is unset, and the result is frozen', () => {
  const config = loadConfig(VALID);
  assert.equal(config.keyPrefix, 'pontual:');
  assert.equal(config.wms?.url, 'http://wms.local');
  assert.deepEqual(config.sla.cutoffs, { embu: { hour: 14, minute: 0 }, extrema: { hour: 14, minute: 0 } });
  // National holidays are computed; the variable only adjusts them.
  assert.deepEqual(config.sla.holidays, { added: [], removed: [] });
  assert.deepEqual(config.bonus, { rateCentavos: 50, capCentavos: 50_000 });
  assert.equal(config.asOf, undefined);
  assert.deepEqual(config.kube, {});
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.sla.cutoffs));
});

test('a token from a Secret file loses its trailing newline', () => {
  assert.equal(loadConfig({ ...VALID, WMS_API_TOKEN: 'w-token\n' }).wms?.token, 'w-token');
});

test('SLA_HOLIDAYS adds local holidays and removes national ones; empty keeps the national ones', () => {
  assert.deepEqual(loadConfig({ ...VALID, SLA_HOLIDAYS: ' 2026-07-09, -2027-02-08 ,2026-07-09' }).sla.holidays, {
    added: ['2026-07-09'],
    removed: ['2027-02-08'],
  });
  assert.deepEqual(loadConfig({ ...VALID, SLA_HOLIDAYS: '' }).sla.holidays, { added: [], removed: [] });
});

test('rediss:// URLs (TLS) are accepted', () => {
  const url = 'rediss://default:secret@db-redis-nyc1-12345.db.ondigitalocean.com:25061';
  assert.equal(loadConfig({ ...VALID, REDIS_URL: url }).redisUrl, url);
});

test('a missing or malformed variable is CONFIG_INVALID naming it, without echoing secrets', () => {
  const table: [Record<string, string | undefined>, RegExp][] = [
    [{ REDIS_URL: undefined }, /^REDIS_URL is required/],
    [{ REDIS_URL: '' }, /^REDIS_URL is required/],
    [{ REDIS_URL: 'http://user:hunter2@redis:6379' }, /^REDIS_URL is invalid: expected a redis:\/\/ or rediss:\/\/ URL/],
    // ioredis throws URIError from its constructor on these: a crash with exit 1 before this check.
    [{ REDIS_URL: 'rediss://default:hunter2%@redis:6379' }, /^REDIS_URL is invalid: the user or password has a "%"/],
    [{ REDIS_URL: 'redis://default:hunter2@redis:99999' }, /^REDIS_URL is invalid: not a URL/],
    [{ WMS_API_TOKEN: undefined }, /^WMS_API_TOKEN is required/],
    [{ OMS_API_URL: 'oms.local' }, /^OMS_API_URL is invalid/],
    [{ HTTP_TIMEOUT_MS: '10s' }, /^HTTP_TIMEOUT_MS is invalid: expected a whole number/],
    // fetch refuses a URL with credentials on every attempt: SOURCE_UNAVAILABLE, retried, before this check.
    [{ WMS_API_URL: 'https://user:hunter2@wms.local' }, /^WMS_API_URL is invalid: credentials in the URL are not sent/],
    // fetch refuses such a header value on every attempt (retried as SOURCE_UNAVAILABLE), and says it with the token in the message.
    [{ WMS_API_TOKEN: 'hunter2\nsecond-line' }, /^WMS_API_TOKEN is invalid: must be one line of printable characters/],
    [{ OMS_API_TOKEN: 'hunter2 x' }, /^OMS_API_TOKEN is invalid: must be one line/],
    [{ OMS_API_TOKEN: '  ' }, /^OMS_API_TOKEN is invalid: must not be empty/],
    [{ STORE_CHECK_CONCURRENCY: '0' }, /^STORE_CHECK_CONCURRENCY is invalid/],
    [{ SLA_CUTOFF_EXTREMA: '25:00' }, /^SLA_CUTOFF_EXTREMA is invalid: expected HH:MM/],
    [
      { SLA_HOLIDAYS: '2026-11-20,2026-13-01' },
      /^SLA_HOLIDAYS is invalid: expected YYYY-MM-DD dates to add or -YYYY-MM-DD national holidays to remove, got "2026-13-01"/,
    ],
    [{ SLA_HOLIDAYS: '-2026-07-09' }, /^SLA_HOLIDAYS is invalid: "-2026-07-09" removes 2026-07-09, which is not a national holiday/],
    // Each number has a ceiling: a huge value must not wrap into a 1 ms timer or a RangeError.
    [{ HTTP_TIMEOUT_MS: '3000000000' }, /^HTTP_TIMEOUT_MS is invalid: expected a number from 1 to 120000, got 3000000000/],
    [{ STORE_CHECK_TIMEOUT_MS: '9999999999' }, /^STORE_CHECK_TIMEOUT_MS is invalid: expected a number from 1 to 30000/],
    [{ STORE_CHECK_SLOW_MS: '0' }, /^STORE_CHECK_SLOW_MS is invalid/],
    [{ HTTP_RETRIES: '11' }, /^HTTP_RETRIES is invalid: expected a number from 0 to 10/],
    [{ STORE_CHECK_CONCURRENCY: '257' }, /^STORE_CHECK_CONCURRENCY is invalid: expected a number from 1 to 256/],
    [{ EMPTY_RESULT_GUARD: '-1' }, /^EMPTY_RESULT_GUARD is invalid/],
    [{ REDIS_URL: 'redis://redis:6379/zero' }, /^REDIS_URL is invalid: the path, when there is one, must be a database number/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL is invalid/],
    [{ JOB_AS_OF: '2026-11-23 15:00' }, /^JOB_AS_OF is invalid/],
  ];
  for (const [override, message] of table) {
    assert.throws(
      () => loadConfig({ ...VALID, ...override }),
      (error: unknown) => isPontualError(error, 'CONFIG_INVALID') && message.test(error.message) && !error.message.includes('hunter2'),
      JSON.stringify(override),
    );
  }
});

test('optional settings: as-of instant, downward-API names, per-warehouse cut-off', () => {
  const config = loadConfig({
    ...VALID,
    JOB_AS_OF: '2026-11-23T15:00:00-03:00',
    KUBE_NAMESPACE: 'pontual',
    KUBE_POD_NAME: 'embu-sla-29-abcde',
    KUBE_JOB_NAME: 'embu-sla-29',
    SLA_CUTOFF_EXTREMA: '12:30',
  });
  assert.equal(config.asOf?.toISOString(), '2026-11-23T18:00:00.000Z');
  assert.deepEqual(config.kube, { namespace: 'pontual', pod: 'embu-sla-29-abcde', job: 'embu-sla-29' });
  assert.deepEqual(config.sla.cutoffs.extrema, { hour: 12, minute: 30 });
});

test('a job gets, and needs, only the APIs it declares: bonus-calc runs without any API token', () => {
  const { WMS_API_URL: _wu, WMS_API_TOKEN: _wt, OMS_API_URL: _ou, OMS_API_TOKEN: _ot, ...redisOnly } = VALID;
  const bonus = loadConfig(redisOnly, []);
  assert.equal(bonus.wms, undefined);
  assert.equal(bonus.oms, undefined);
  const { OMS_API_URL: _o1, OMS_API_TOKEN: _o2, ...wmsOnly } = VALID;
  assert.equal(loadConfig(wmsOnly, ['wms']).wms?.token, 'w');
  assert.throws(() => loadConfig(wmsOnly, ['wms', 'oms']), /OMS_API_URL is required/);
});
