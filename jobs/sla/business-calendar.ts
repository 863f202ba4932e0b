/**
 * Business days for the SLA: Monday to Saturday, minus the configured national holidays. Days are
 * local calendar dates (`YYYY-MM-DD`) in America/Sao_Paulo; the arithmetic is on dates, never on
 * instants, so a DST rule change cannot shift a day.
 */
import { DateTime } from 'luxon';
import { PontualError } from '../../core/errors.ts';

export type LocalDate = string;

export interface BusinessCalendar {
  isBusinessDay(date: LocalDate): boolean;
  /** The first business day strictly after `date`. */
  nextBusinessDay(date: LocalDate): LocalDate;
  /** The last business day strictly before `date`. */
  previousBusinessDay(date: LocalDate): LocalDate;
}

/** Longer than any run of holidays plus Sundays: a guard against a holiday list gone wrong. */
const MAX_SEARCH_DAYS = 31;

export function createBusinessCalendar(holidays: readonly LocalDate[]): BusinessCalendar {
  const holidaySet = new Set(holidays);
  const isBusinessDay = (date: LocalDate) => parse(date).weekday !== 7 && !holidaySet.has(date);
  const step = (date: LocalDate, days: 1 | -1): LocalDate => {
    let day = parse(date);
    for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
      day = day.plus({ days });
      const candidate = format(day);
      if (isBusinessDay(candidate)) return candidate;
    }
    // Only the configured holidays can cause this: a configuration error (exit 2), not a crash.
    throw new PontualError('CONFIG_INVALID', `SLA_HOLIDAYS leaves no business day within ${MAX_SEARCH_DAYS} days of ${date}`);
  };
  return {
    isBusinessDay,
    nextBusinessDay: (date) => step(date, 1),
    previousBusinessDay: (date) => step(date, -1),
  };
}

function parse(date: LocalDate): DateTime {
  const parsed = DateTime.fromFormat(date, 'yyyy-MM-dd', { zone: 'utc' });
  if (!parsed.isValid) throw new Error(`not a YYYY-MM-DD date: ${date}`);
  return parsed;
}

function format(day: DateTime): LocalDate {
  return day.toFormat('yyyy-MM-dd');
}
