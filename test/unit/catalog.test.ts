import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CATALOG, findJob, TIME_ZONE } from '../../core/catalog.ts';

test('the catalog keeps the old JOB_TIMEOUTS and schedules', () => {
  const byName = Object.fromEntries(CATALOG.map((job) => [job.name, job]));
  assert.deepEqual(Object.fromEntries(CATALOG.map((job) => [job.name, [job.schedule, job.timeoutSeconds]])), {
    'embu-sla': ['*/15 * * * *', 300],
    'extrema-sla': ['*/15 * * * *', 300],
    'bonus-calc': ['0 6 * * *', 180],
    'store-status': ['*/5 * * * *', 60],
  });
  assert.equal(byName['embu-sla']?.warehouse, 'embu');
  assert.equal(byName['extrema-sla']?.warehouse, 'extrema');
  for (const job of CATALOG) assert.equal(job.timeZone, TIME_ZONE);
  assert.equal(findJob('nope'), undefined);
});
