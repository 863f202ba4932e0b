/**
 * The SLA deadline of an order, all in America/Sao_Paulo local time: created on a business day
 * before the warehouse's cut-off, it must ship by the end of that local day; otherwise by the end
 * of the next business day.
 */
import { DateTime } from 'luxon';
import { TIME_ZONE } from '../../core/catalog.ts';
import type { LocalTime } from '../runtime/config.ts';
import type { BusinessCalendar, LocalDate } from './business-calendar.ts';
import { formatEpochDay, localParts } from './local-time.ts';

/** The local calendar date of an instant: 2026-11-22T02:30Z is still 2026-11-21 in São Paulo. */
export function localDate(instant: Date): LocalDate {
  return DateTime.fromJSDate(instant, { zone: TIME_ZONE }).toFormat('yyyy-MM-dd');
}

/** The deadline day of an order created at `createdAt`. */
export function deadlineDay(createdAt: Date, cutoff: LocalTime, calendar: BusinessCalendar): LocalDate {
  // Minutes suffice: before 14:00 means before 14:00:00.000, i.e. at most 13:59:59.999.
  const { epochDay, minute } = localParts(createdAt);
  const day = formatEpochDay(epochDay);
  const beforeCutoff = minute < cutoff.hour * 60 + cutoff.minute;
  return calendar.isBusinessDay(day) && beforeCutoff ? day : calendar.nextBusinessDay(day);
}

/** The instant a deadline day ends: the start of the next local day. Shipped before it is on time. */
export function deadlineInstant(day: LocalDate): Date {
  return DateTime.fromISO(day, { zone: TIME_ZONE }).plus({ days: 1 }).startOf('day').toJSDate();
}

/** The instant of the cut-off on a local day. */
export function cutoffInstant(day: LocalDate, cutoff: LocalTime): Date {
  return DateTime.fromISO(day, { zone: TIME_ZONE }).set({ hour: cutoff.hour, minute: cutoff.minute }).toJSDate();
}
