/**
 * Brazil's national holidays for any year, so that the business calendar has no end date: the
 * fixed ones (Lei 662/1949, 6.802/1980, 14.759/2023) and the ones that move with Easter that the
 * warehouses observe (Carnival Monday and Tuesday, Good Friday, Corpus Christi). Local ones come
 * from SLA_HOLIDAYS, which can also remove a national one (`-2027-02-08`). Pure.
 */
import type { LocalDate } from './business-calendar.ts';

/** Month-day of the fixed national holidays. */
export const FIXED_HOLIDAYS = [
  '01-01', // Confraternização Universal
  '04-21', // Tiradentes
  '05-01', // Dia do Trabalho
  '09-07', // Independência
  '10-12', // Nossa Senhora Aparecida
  '11-02', // Finados
  '11-15', // Proclamação da República
  '11-20', // Dia Nacional de Zumbi e da Consciência Negra (since 2024)
  '12-25', // Natal
] as const;

/** Days from Easter Sunday of the holidays that move with it. */
export const EASTER_HOLIDAYS = [
  { name: 'Carnaval (segunda)', offset: -48 },
  { name: 'Carnaval (terça)', offset: -47 },
  { name: 'Sexta-feira Santa', offset: -2 },
  { name: 'Corpus Christi', offset: 60 },
] as const;

const DAY_MS = 86_400_000;

/** Easter Sunday of a Gregorian year (the anonymous algorithm, Meeus/Jones/Butcher), as UTC midnight ms. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

/** The national holidays of one year, sorted. */
export function nationalHolidays(year: number): LocalDate[] {
  const yyyy = String(year).padStart(4, '0');
  const easter = easterSunday(year);
  const moving = EASTER_HOLIDAYS.map(({ offset }) => new Date(easter + offset * DAY_MS).toISOString().slice(0, 10));
  return [...FIXED_HOLIDAYS.map((monthDay) => `${yyyy}-${monthDay}`), ...moving].sort();
}

export interface HolidayAdjustments {
  /** Local holidays on top of the national ones. */
  readonly added: readonly LocalDate[];
  /** National holidays the warehouses work on. */
  readonly removed: readonly LocalDate[];
}

/** Whether a date is a holiday: national (any year) unless removed, or added. */
export function holidayRule(adjustments: HolidayAdjustments): (date: LocalDate) => boolean {
  const added = new Set(adjustments.added);
  const removed = new Set(adjustments.removed);
  const years = new Map<number, Set<LocalDate>>();
  return (date) => {
    if (added.has(date)) return true;
    if (removed.has(date)) return false;
    const year = Number(date.slice(0, 4));
    let national = years.get(year);
    if (national === undefined) {
      national = new Set(nationalHolidays(year));
      years.set(year, national);
    }
    return national.has(date);
  };
}
