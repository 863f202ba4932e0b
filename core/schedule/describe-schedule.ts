/**
 * A CronJob schedule in words ("every 15 minutes", "at 06:00 on Monday to Friday"), read from the
 * parsed fields rather than the text, so it agrees with what the controller evaluates (names,
 * ranges, steps and the robfig star bit are already resolved). Operators read the page; they
 * should not have to decode cron.
 */
import { parseStandard, type CronField, type SpecSchedule } from './parse-standard.ts';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/** The schedule in words, in `timeZone`; an invalid schedule says why instead. */
export function describeSchedule(expression: string, timeZone: string): string {
  const parsed = parseStandard(expression);
  if (!parsed.ok) return `invalid schedule: ${parsed.reason}`;
  const schedule = parsed.schedule;
  if (schedule.kind === 'every') return `every ${everyDuration(schedule.delayMs)} after the previous run`;
  return `${timeOfDay(schedule)}${days(schedule)}${months(schedule.month)} (${timeZone} time)`;
}

function values(field: CronField, min: number): number[] {
  const result: number[] = [];
  field.matches.forEach((match, index) => {
    if (match && index >= min) result.push(index);
  });
  return result;
}

function isAll(field: CronField, min: number, max: number): boolean {
  return values(field, min).length === max - min + 1;
}

/** The step when `list` is min, min+step, … up to the last value that fits below max. */
function evenStep(list: readonly number[], min: number, max: number): number | undefined {
  if (list.length < 2 || list[0] !== min) return undefined;
  const step = (list[1] ?? 0) - min;
  const expected = Math.floor((max - min) / step) + 1;
  return list.length === expected && list.every((value, index) => value === min + index * step) ? step : undefined;
}

function two(value: number): string {
  return String(value).padStart(2, '0');
}

function timeOfDay(schedule: SpecSchedule): string {
  const minutes = values(schedule.minute, 0);
  const hours = values(schedule.hour, 0);
  const allHours = isAll(schedule.hour, 0, 23);
  if (isAll(schedule.minute, 0, 59)) return allHours ? 'every minute' : `every minute during ${hourList(hours)}`;
  const minuteStep = evenStep(minutes, 0, 59);
  if (minuteStep !== undefined) return allHours ? `every ${minuteStep} minutes` : `every ${minuteStep} minutes during ${hourList(hours)}`;
  if (allHours) return minutes.length === 1 ? `every hour at minute ${minutes[0] ?? 0}` : `every hour at minutes ${join(minutes.map(String))}`;
  const hourStep = evenStep(hours, 0, 23);
  if (hourStep !== undefined && minutes.length === 1) return `every ${hourStep} hours at minute ${minutes[0] ?? 0}`;
  const times = hours.flatMap((hour) => minutes.map((minute) => `${two(hour)}:${two(minute)}`));
  return times.length <= 6 ? `at ${join(times)}` : `at minute ${join(minutes.map(String))} of ${hourList(hours)}`;
}

function hourList(hours: readonly number[]): string {
  return `hours ${join(hours.map(two))}`;
}

function days(schedule: SpecSchedule): string {
  const allDom = isAll(schedule.dayOfMonth, 1, 31);
  const allDow = isAll(schedule.dayOfWeek, 0, 6);
  const dom = `on day ${join(values(schedule.dayOfMonth, 1).map(String))} of the month`;
  const dow = `on ${weekdays(values(schedule.dayOfWeek, 0))}`;
  // robfig: when either day field was written with `*`, both must match; otherwise either may.
  if (schedule.dayOfMonth.star || schedule.dayOfWeek.star) {
    if (allDom && allDow) return ' every day';
    if (allDom) return ` ${dow}`;
    if (allDow) return ` ${dom}`;
    return ` ${dom} if it is ${weekdays(values(schedule.dayOfWeek, 0))}`;
  }
  if (allDom || allDow) return ' every day';
  return ` ${dom} and ${dow}`;
}

function weekdays(list: readonly number[]): string {
  const step = list.length >= 3 && list.every((day, index) => index === 0 || day === (list[index - 1] ?? 0) + 1);
  if (step) return `${WEEKDAYS[list[0] ?? 0]} to ${WEEKDAYS[list.at(-1) ?? 0]}`;
  return join(list.map((day) => WEEKDAYS[day] ?? String(day)));
}

function months(field: CronField): string {
  if (isAll(field, 1, 12)) return '';
  return ` in ${join(values(field, 1).map((month) => MONTHS[month - 1] ?? String(month)))}`;
}

function join(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

function everyDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h > 0 ? `${h}h` : '', m > 0 ? `${m}m` : '', s > 0 ? `${s}s` : ''].filter((part) => part !== '');
  return parts.join('');
}
