import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CHECK_CONCURRENCY, planChecks } from '../../../jobs/store-status/check-plan.ts';

test('the check budget comes from the deadline and the concurrency grows until every check fits', () => {
  // The defaults: 5 s per check, 54 s soft deadline, a few hundred ms already spent.
  assert.deepEqual(planChecks({ stores: 6, timeoutMs: 5_000, minConcurrency: 8, timeLeftMs: 53_600 }), { concurrency: 8, budgetMs: 50_600, fits: true });
  // 100 hanging stores at 8 would take 65 s: raised to 12 (9 checks of 5.55 s per slot).
  assert.deepEqual(planChecks({ stores: 100, timeoutMs: 5_000, minConcurrency: 8, timeLeftMs: 53_600 }), { concurrency: 12, budgetMs: 50_600, fits: true });
  // Beyond what 256 slots can hold: the rest is reported unknown.
  const huge = planChecks({ stores: 5_000, timeoutMs: 5_000, minConcurrency: 8, timeLeftMs: 53_600 });
  assert.deepEqual(huge, { concurrency: MAX_CHECK_CONCURRENCY, budgetMs: 50_600, fits: false });
  // No time left: nothing fits, nothing is pretended.
  assert.equal(planChecks({ stores: 3, timeoutMs: 5_000, minConcurrency: 8, timeLeftMs: 2_000 }).fits, false);
});
