/**
 * Go's `time` semantics in one IANA zone, as robfig/cron relies on them: instants are Unix
 * milliseconds, wall fields are read in the zone, and `goDate` resolves wall times the way Go's
 * `time.Date` does (a time in a DST gap or overlap gets one specific offset, not an error).
 * Offsets come from the system's zone files, as Go reads them (tzif-zone.ts), else, where a system
 * has none (Windows), from Intl, i.e. the runtime's ICU data.
 */
import { PontualError } from '../errors.ts';
import { loadTzifZone } from './tzif-zone.ts';

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;

export interface WallFields {
  readonly year: number;
  /** 1-12, as Go's time.Month. */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** 0 = Sunday, as Go's time.Weekday. */
  readonly weekday: number;
}

export interface Zone {
  readonly name: string;
  /** Offset from UTC in milliseconds at an instant. */
  offsetAt(instantMs: number): number;
}

const zones = new Map<string, Zone>();

/** The zone named as in `spec.timeZone`; throws SCHEDULE_INVALID for a name the runtime does not know. */
export function zoneNamed(name: string): Zone {
  const cached = zones.get(name);
  if (cached !== undefined) return cached;
  const tzif = loadTzifZone(name);
  const lookup = tzif === undefined ? intlOffsets(name) : (instantMs: number) => tzif(Math.floor(instantMs / SECOND_MS)) * SECOND_MS;
  if (lookup === undefined) {
    throw new PontualError('SCHEDULE_INVALID', `unknown time zone "${name}": use an IANA name such as America/Sao_Paulo`);
  }
  const zone: Zone = { name, offsetAt: cachedOffsets(lookup) };
  zones.set(name, zone);
  return zone;
}

/** Offsets from Intl (the wall time it formats minus the instant); undefined for a zone it does not know. */
function intlOffsets(name: string): ((instantMs: number) => number) | undefined {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return undefined;
  }
  return (instantMs) => {
    const field: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
    for (const part of format.formatToParts(instantMs)) field[part.type] = part.value;
    const year = Number(field.year);
    const wall = new Date(0);
    wall.setUTCFullYear(field.era === 'BC' ? 1 - year : year, Number(field.month) - 1, Number(field.day));
    wall.setUTCHours(Number(field.hour), Number(field.minute), Number(field.second), 0);
    return wall.getTime() - (instantMs - (((instantMs % SECOND_MS) + SECOND_MS) % SECOND_MS));
  };
}

const DAY_MS = 24 * HOUR_MS;
const CACHED_DAYS = 50_000;

interface DayOffsets {
  readonly atStart: number;
  /** First instant of the day with `afterChange`; absent when the offset holds all day. */
  readonly changesAt?: number;
  readonly afterChange: number;
}

/**
 * Offsets per UTC day, since asking Intl is slow (microseconds) and a schedule walk asks
 * hundreds of times. Assumes at most one offset change per day, which holds for every zone.
 */
function cachedOffsets(lookup: (instantMs: number) => number): (instantMs: number) => number {
  const days = new Map<number, DayOffsets>();
  const dayOffsets = (day: number): DayOffsets => {
    const cached = days.get(day);
    if (cached !== undefined) return cached;
    const start = day * DAY_MS;
    const atStart = lookup(start);
    const atEnd = lookup(start + DAY_MS - 1);
    let offsets: DayOffsets = { atStart, afterChange: atStart };
    if (atEnd !== atStart) {
      // Bisect to the millisecond the offset changes.
      let low = start;
      let high = start + DAY_MS - 1;
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (lookup(middle) === atStart) low = middle;
        else high = middle;
      }
      offsets = { atStart, changesAt: high, afterChange: atEnd };
    }
    if (days.size >= CACHED_DAYS) days.clear();
    days.set(day, offsets);
    return offsets;
  };
  return (instantMs) => {
    const offsets = dayOffsets(Math.floor(instantMs / DAY_MS));
    return offsets.changesAt !== undefined && instantMs >= offsets.changesAt ? offsets.afterChange : offsets.atStart;
  };
}

export function wallFields(instantMs: number, zone: Zone): WallFields {
  const shifted = new Date(instantMs + zone.offsetAt(instantMs));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: shifted.getUTCDay(),
  };
}

/**
 * Go's `time.Date(year, month, day, hour, min, sec, 0, loc)`: out-of-range fields normalise
 * (day 32 is the next month's first), and the offset is the one valid at `wall - offset(wall)`
 * — in Go's code: look the offset up at the wall time read as UTC, and if the resulting instant
 * falls outside that offset's period, use the offset of the instant. So a time in a gap maps to
 * one hour before or after it, and an ambiguous time to its first occurrence in zones west of
 * UTC (such as São Paulo's former DST).
 */
export function goDate(zone: Zone, year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const wallAsUtc = utcMs(year, month, day, hour, minute, second);
  const guess = zone.offsetAt(wallAsUtc);
  if (guess === 0) return wallAsUtc;
  return wallAsUtc - zone.offsetAt(wallAsUtc - guess);
}

function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** Go's `t.Truncate(d)` for whole seconds and minutes (Go's zero time is minute-aligned with the Unix epoch). */
export function truncate(instantMs: number, unitMs: number): number {
  return Math.floor(instantMs / unitMs) * unitMs;
}
