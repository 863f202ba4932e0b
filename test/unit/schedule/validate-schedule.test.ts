import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateSchedule } from '../../../core/schedule/validate-schedule.ts';
import { parseSchedule } from '../../../core/schedule/cron-schedule.ts';
import { isPontualError } from '../../../core/errors.ts';
import { CATALOG } from '../../../core/catalog.ts';

/** Accepted or rejected exactly as the API server's `cron.ParseStandard` (robfig/cron v3.0.1) does. */
const ACCEPTED = [
  '*/15 * * * *',
  '0 6 * * *',
  '0 0 ? * MON',
  '0 9 * jan-jun mon-fri',
  '5/20 * * * *',
  '*/1 * * * *',
  '1,,2 * * * *',
  ' 0 * * * *',
  '*-5 * * * *',
  '+5 * * * *',
  '0 0 30 2 *',
  '@hourly',
  '@daily',
  '@midnight',
  '@weekly',
  '@monthly',
  '@yearly',
  '@annually',
  '@every 1h30m',
  '@every 90s',
  '@every 500ms',
];

/** Reasons are matched case-insensitively: the sentence starts with a capital. */
const REJECTED: readonly (readonly [string, RegExp])[] = [
  ['', /empty/i],
  ['0 0 * * 7', /day of week "7" ends at 7, above the maximum 6/i],
  ['0 0 L * *', /day of month "L" is not a number/i],
  ['0 0 15W * *', /day of month "15W"/i],
  ['0 0 * * 1#2', /day of week "1#2" is not a number or a name/i],
  ['0 0 0 * * *', /expected exactly 5 fields .* found 6/i],
  ['* * * *', /found 4/i],
  ['MON * * * *', /minute "MON" is not a number/i],
  ['60 * * * *', /above the maximum 59/i],
  ['0 24 * * *', /above the maximum 23/i],
  ['0 0 0 * *', /below the minimum 1/i],
  ['0 0 * 13 *', /above the maximum 12/i],
  ['5-1 * * * *', /starts at 5, after its end 1/i],
  ['*/0 * * * *', /step of 0/i],
  ['1-2-3 * * * *', /too many hyphens/i],
  ['*/2/3 * * * *', /too many slashes/i],
  ['-1 * * * *', /minute/i],
  ['TZ=UTC 0 * * * *', /TZ or CRON_TZ cannot be used/i],
  ['CRON_TZ=America/Sao_Paulo 0 6 * * *', /spec.timeZone/i],
  ['@daily ', /unrecognized descriptor/i],
  ['@every', /unrecognized descriptor/i],
  ['@every 1d', /unknown unit "d"/i],
  ['@every 5', /missing unit/i],
  ['@reboot', /unrecognized descriptor/i],
];

describe('validateSchedule', () => {
  for (const expression of ACCEPTED) {
    test(`accepts ${JSON.stringify(expression)}`, () => {
      assert.deepEqual(validateSchedule(expression), { ok: true });
    });
  }
  for (const [expression, reason] of REJECTED) {
    test(`rejects ${JSON.stringify(expression)}`, () => {
      const result = validateSchedule(expression);
      assert.ok(!result.ok, 'rejected');
      assert.match(result.reason, reason);
      assert.match(result.reason, /^[A-Z].*\.$/su, 'a sentence');
    });
  }

  test('every catalog schedule is valid', () => {
    for (const job of CATALOG) assert.deepEqual(validateSchedule(job.schedule), { ok: true }, job.name);
  });

  test('parseSchedule throws SCHEDULE_INVALID with the same reason', () => {
    assert.throws(
      () => parseSchedule('0 0 * * 7'),
      (error: unknown) => isPontualError(error, 'SCHEDULE_INVALID') && /above the maximum 6/.test(error.message),
    );
  });
});
