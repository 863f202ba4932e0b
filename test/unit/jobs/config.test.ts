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
  assert.ok(config.sla.holidays.includes('2026-11-20'));
  assert.deepEqual(config.bonus, { rateCentavos: 50, capCentavos: 50_000 });
  assert.equal(config.asOf, undefined);
  assert.deepEqual(config.kube, {});
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.sla.cutoffs));
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
    [{ WMS_API_TOKEN: undefined }, /^WMS_API_TOKEN is required/],
    [{ OMS_API_URL: 'oms.local' }, /^OMS_API_URL is invalid/],
    [{ HTTP_TIMEOUT_MS: '10s' }, /^HTTP_TIMEOUT_MS is invalid: expected a whole number/],
    [{ STORE_CHECK_CONCURRENCY: '0' }, /^STORE_CHECK_CONCURRENCY is invalid/],
    [{ SLA_CUTOFF_EXTREMA: '25:00' }, /^SLA_CUTOFF_EXTREMA is invalid: expected HH:MM/],
    [{ SLA_HOLIDAYS: '2026-11-20,2026-13-01' }, /^SLA_HOLIDAYS is invalid: expected YYYY-MM-DD dates, got "2026-13-01"/],
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
