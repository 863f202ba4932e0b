/**
 * The computed national holidays against a table written out by hand rather than computed, so
 * that a wrong Easter algorithm cannot agree with itself: the published Gregorian Easter dates of
 * 2026–2035 (the ecclesiastical tables; 2026 and 2027 as in the federal government's holiday
 * ordinances), with Carnival 48/47 days before, Good Friday 2 before and Corpus Christi 60 after.
 * Cross-checked against an independent implementation (python-dateutil's easter()).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holidayRule, nationalHolidays } from '../../../jobs/sla/brazil-holidays.ts';
import { createBusinessCalendar } from '../../../jobs/sla/business-calendar.ts';

// year: [Carnival Monday, Carnival Tuesday, Good Friday, Easter Sunday, Corpus Christi]
const PUBLISHED: Record<number, [string, string, string, string, string]> = {
  2026: ['02-16', '02-17', '04-03', '04-05', '06-04'],
  2027: ['02-08', '02-09', '03-26', '03-28', '05-27'],
  2028: ['02-28', '02-29', '04-14', '04-16', '06-15'],
  2029: ['02-12', '02-13', '03-30', '04-01', '05-31'],
  2030: ['03-04', '03-05', '04-19', '04-21', '06-20'],
  2031: ['02-24', '02-25', '04-11', '04-13', '06-12'],
  2032: ['02-09', '02-10', '03-26', '03-28', '05-27'],
  2033: ['02-28', '03-01', '04-15', '04-17', '06-16'],
  2034: ['02-20', '02-21', '04-07', '04-09', '06-08'],
  2035: ['02-05', '02-06', '03-23', '03-25', '05-24'],
};

const FIXED = ['01-01', '04-21', '05-01', '09-07', '10-12', '11-02', '11-15', '11-20', '12-25'];

test('the national holidays of 2026–2035 are the published ones', () => {
  for (const [year, [carnivalMonday, carnivalTuesday, goodFriday, easter, corpusChristi]] of Object.entries(PUBLISHED)) {
    const expected = [...FIXED, carnivalMonday, carnivalTuesday, goodFriday, corpusChristi].map((monthDay) => `${year}-${monthDay}`).sort();
    assert.deepEqual(nationalHolidays(Number(year)), expected, year);
    // Easter itself is a Sunday, never a business day anyway; only in 2030 is its date a holiday (Tiradentes).
    assert.equal(nationalHolidays(Number(year)).includes(`${year}-${easter}`), easter === '04-21', year);
  }
});

test('the calendar has no end year: New Year and Carnival 2028 are not business days', () => {
  const calendar = createBusinessCalendar(holidayRule({ added: [], removed: [] }));
  assert.equal(calendar.isBusinessDay('2028-01-01'), false); // a Saturday, and New Year
  assert.equal(calendar.isBusinessDay('2028-02-28'), false);
  assert.equal(calendar.isBusinessDay('2028-02-29'), false);
  assert.equal(calendar.isBusinessDay('2028-03-01'), true); // Ash Wednesday
  assert.equal(calendar.nextBusinessDay('2028-02-26'), '2028-03-01'); // Saturday → past Sunday and Carnival
  assert.equal(calendar.isBusinessDay('2099-12-25'), false);
});

test('SLA_HOLIDAYS adds local holidays and removes national ones', () => {
  const isHoliday = holidayRule({ added: ['2026-07-09'], removed: ['2026-02-16'] });
  assert.equal(isHoliday('2026-07-09'), true); // Revolução Constitucionalista (São Paulo state)
  assert.equal(isHoliday('2026-02-16'), false); // the warehouses work on Carnival Monday
  assert.equal(isHoliday('2026-02-17'), true);
  assert.equal(isHoliday('2027-02-08'), true); // a removal is for that date only
});
