/**
 * Business days for the SLA: Monday to Saturday, minus the holidays (national ones computed for
 * any year, see brazil-holidays.ts, adjusted by SLA_HOLIDAYS). Days are local calendar dates
 * (`YYYY-MM-DD`) in America/Sao_Paulo; the arithmetic is on dates, never on instants, so a DST
 * rule change cannot shift a day. Answers are memoized: an SLA run asks about the same few days
 * for every order.
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

/** `isHoliday` decides per date, so that a calendar has no end year. */
export function createBusinessCalendar(isHoliday: ((date: LocalDate) => boolean) | readonly LocalDate[]): BusinessCalendar {
  const holiday =
    typeof isHoliday === 'function'
      ? isHoliday
      : (
          (set) => (date: LocalDate) =>
            set.has(date)
        )(new Set(isHoliday));
  const business = new Map<LocalDate, boolean>();
  const next = new Map<LocalDate, LocalDate>();
  const previous = new Map<LocalDate, LocalDate>();
  const isBusinessDay = (date: LocalDate): boolean => {
    let answer = business.get(date);
    if (answer === undefined) {
      answer = parse(date).weekday !== 7 && !holiday(date);
      business.set(date, answer);
    }
    return answer;
  };
  const step = (date: LocalDate, days: 1 | -1): LocalDate => {
    const memo = days === 1 ? next : previous;
    const known = memo.get(date);
    if (known !== undefined) return known;
    let day = parse(date);
    for (let i = 0; i < MAX_SEARCH_DAYS; i++) {
      day = day.plus({ days });
      const candidate = day.toFormat('yyyy-MM-dd');
      if (isBusinessDay(candidate)) {
        memo.set(date, candidate);
        return candidate;
      }
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
