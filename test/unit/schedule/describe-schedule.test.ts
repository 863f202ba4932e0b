import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeSchedule } from '../../../core/schedule/describe-schedule.ts';

const SP = 'America/Sao_Paulo';

test('the suite schedules in words', () => {
  assert.equal(describeSchedule('*/15 * * * *', SP), 'every 15 minutes every day (America/Sao_Paulo time)');
  assert.equal(describeSchedule('*/5 * * * *', SP), 'every 5 minutes every day (America/Sao_Paulo time)');
  assert.equal(describeSchedule('0 6 * * *', SP), 'at 06:00 every day (America/Sao_Paulo time)');
});

test('weekdays, months, hour lists and steps', () => {
  assert.equal(describeSchedule('30 8 * * 1-5', 'UTC'), 'at 08:30 on Monday to Friday (UTC time)');
  assert.equal(describeSchedule('0 6,18 * * sat,sun', 'UTC'), 'at 06:00 and 18:00 on Sunday and Saturday (UTC time)');
  assert.equal(describeSchedule('0 0 1 jan,jul *', 'UTC'), 'at 00:00 on day 1 of the month in January and July (UTC time)');
  assert.equal(describeSchedule('* * * * *', 'UTC'), 'every minute every day (UTC time)');
  assert.equal(describeSchedule('5 * * * *', 'UTC'), 'every hour at minute 5 every day (UTC time)');
  assert.equal(describeSchedule('0 */6 * * *', 'UTC'), 'every 6 hours at minute 0 every day (UTC time)');
  assert.equal(describeSchedule('@daily', 'UTC'), 'at 00:00 every day (UTC time)');
  assert.equal(describeSchedule('@every 1h30m', 'UTC'), 'every 1h30m after the previous run');
});

test('robfig: day of month and day of week both restricted means either', () => {
  assert.equal(describeSchedule('0 6 1 * 1', 'UTC'), 'at 06:00 on day 1 of the month and on Monday (UTC time)');
});

test('an invalid schedule says why instead of guessing', () => {
  assert.match(describeSchedule('61 * * * *', 'UTC'), /^invalid schedule: /);
});
