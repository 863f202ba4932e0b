/**
 * Which deadline days a run recomputes and which orders it needs for them. The current deadline
 * day is today when today is a business day, else the next one (on a Sunday, orders already count
 * towards Monday); the previous one is the business day before it, recomputed so that late
 * shipments and the end of its deadline are reflected.
 */
import type { LocalTime } from '../runtime/config.ts';
import type { BusinessCalendar, LocalDate } from './business-calendar.ts';
import { cutoffInstant, localDate } from './deadline-day.ts';

export interface SlaWindow {
  readonly previous: LocalDate;
  readonly current: LocalDate;
  /** Orders created in [from, to) are exactly those whose deadline day is previous or current. */
  readonly from: Date;
  readonly to: Date;
}

export function slaWindow(now: Date, cutoff: LocalTime, calendar: BusinessCalendar): SlaWindow {
  const today = localDate(now);
  const current = calendar.isBusinessDay(today) ? today : calendar.nextBusinessDay(today);
  const previous = calendar.previousBusinessDay(current);
  return {
    previous,
    current,
    from: cutoffInstant(calendar.previousBusinessDay(previous), cutoff),
    to: cutoffInstant(current, cutoff),
  };
}
