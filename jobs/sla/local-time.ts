/**
 * Instants to São Paulo local dates and minutes, fast. luxon per order cost 200,000 zone lookups
 * a run; the zone's offset only changes at a DST rule change, so it is looked up once per UTC
 * hour and the rest is arithmetic on epoch days and minutes. Pure (the cache aside).
 */
import { DateTime } from 'luxon';
import { TIME_ZONE } from '../../core/catalog.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** UTC hour → the zone's offset in minutes during it. */
const offsets = new Map<number, number>();
/** Epoch day → `YYYY-MM-DD`. */
const dates = new Map<number, string>();

function offsetMinutes(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    offset = DateTime.fromMillis(hour * HOUR_MS, { zone: TIME_ZONE }).offset;
    offsets.set(hour, offset);
  }
  return offset;
}

export interface LocalParts {
  /** Days since 1970-01-01 of the local date. */
  readonly epochDay: number;
  /** Minutes since local midnight. */
  readonly minute: number;
}

export function localParts(instant: Date): LocalParts {
  const ms = instant.getTime();
  const local = ms + offsetMinutes(ms) * 60_000;
  const epochDay = Math.floor(local / DAY_MS);
  return { epochDay, minute: Math.floor((local - epochDay * DAY_MS) / 60_000) };
}

export function formatEpochDay(epochDay: number): string {
  let date = dates.get(epochDay);
  if (date === undefined) {
    date = new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
    dates.set(epochDay, date);
  }
  return date;
}
