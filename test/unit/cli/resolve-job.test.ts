import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unknownJobMessage } from '../../../cli/resolve-job.ts';
import { JOB_NAMES } from '../../../core/catalog.ts';

const where = { namespace: 'pontual', context: 'do-sfo3-warehouse', catalog: JOB_NAMES };

test('an unknown job lists what exists here and in the catalog, and suggests the closest name', () => {
  assert.equal(
    unknownJobMessage({ ...where, name: 'store-stauts', deployed: ['embu-sla', 'store-status'] }),
    [
      'unknown job "store-stauts": no CronJob "store-stauts" in namespace "pontual" (context "do-sfo3-warehouse")',
      '  CronJobs here: embu-sla, store-status',
      '  jobs in the catalog: embu-sla, extrema-sla, bonus-calc, store-status',
      '  did you mean "store-status"?',
    ].join('\n'),
  );
});

test('a catalog job missing from the namespace points at the namespace', () => {
  const message = unknownJobMessage({ ...where, namespace: 'default', name: 'bonus-calc', deployed: [] });
  assert.match(message, /^job "bonus-calc" is in the catalog but has no CronJob in namespace "default"/);
  assert.match(message, /no pontual CronJobs in namespace "default" .*: the suite is usually in namespace "pontual" \(-n pontual\)/);
  assert.doesNotMatch(message, /did you mean/);
});

test('when the CronJobs cannot be listed the catalog still helps', () => {
  const message = unknownJobMessage({ ...where, name: 'xyz', deployed: undefined });
  assert.match(message, /could not list the CronJobs/);
  assert.match(message, /jobs in the catalog: /);
});
