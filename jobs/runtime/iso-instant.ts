/**
 * The two date formats a job's environment holds: a calendar date (`2026-07-09`) and an instant
 * with its offset (`2026-11-23T15:00:00-03:00`). Checked by hand, not with luxon: the first
 * DateTime a process makes initialises ICU's locale data, about 10 ms of a job's start-up
 * (docs/image.md, "Where the time goes"), for a value most runs do not even have.
 */

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/iu;

/** True for an existing day of the proleptic Gregorian calendar: `2026-02-30` is not one. */
export function isCalendarDate(text: string): boolean {
  const match = CALENDAR_DATE.exec(text);
  return match !== null && existingDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * The instant an ISO 8601 date-time with an offset (`Z` or `±hh:mm`) names, or undefined for
 * anything else: no offset (whose local time would it be?), a day or time that does not exist.
 */
export function parseIsoInstant(text: string): Date | undefined {
  const match = INSTANT.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((index) => Number(match[index] ?? '0')) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!existingDay(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const offsetHours = Number(match[10] ?? '0');
  const offsetMinutes = Number(match[11] ?? '0');
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const sign = match[9] === '-' ? -1 : 1;
  const milliseconds = Math.floor(Number(`0.${match[7] ?? '0'}`) * 1000);
  const local = utc(year, month, day, hour, minute, second, milliseconds);
  return new Date(local.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
}

function existingDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = utc(year, month, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Date.UTC, except that it maps years 0-99 to 1900-1999: the year is set on its own. */
function utc(year: number, month: number, day: number, ...time: number[]): Date {
  const date = new Date(Date.UTC(2000, 0, 1, ...time));
  date.setUTCFullYear(year, month - 1, day);
  return date;
}
