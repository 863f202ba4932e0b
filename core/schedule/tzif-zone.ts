/**
 * UTC offsets from the system's compiled time-zone files (TZif, RFC 8536: /usr/share/zoneinfo),
 * the data Go's time.LoadLocation, and so the Kubernetes CronJob controller, reads. Why not Intl:
 * the first Intl.DateTimeFormat touches about 7 MiB of the node binary's ICU data and luxon adds
 * more, 13 MiB of RSS in the status service (docs/status.md, "Where the memory goes"), which
 * only ever needs offsets. Transitions come from the file's 64-bit block; instants after the last
 * one follow its footer, a POSIX TZ rule ("<-03>3", "EST5EDT,M3.2.0,M11.1.0").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const HOUR_S = 3600;
const DAY_MS = 86_400_000;

/** Offset in seconds east of UTC at a Unix time in seconds. */
export type OffsetLookup = (unixSeconds: number) => number;

/** Where the zone files are: `$TZDIR` as Go and glibc honour it, else the usual place. */
export function zoneInfoDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.TZDIR ?? '/usr/share/zoneinfo';
}

/** A name that can only name a file under the zone directory (no `..`, no absolute path), as Go requires. */
const ZONE_NAME = /^[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*$/u;

/** The zone's offsets, or undefined when the system has no such (readable, valid) zone file. */
export function loadTzifZone(name: string, dir: string = zoneInfoDir()): OffsetLookup | undefined {
  if (!ZONE_NAME.test(name)) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, name));
  } catch {
    return undefined;
  }
  return parseTzif(bytes);
}

interface Counts {
  readonly isut: number;
  readonly isstd: number;
  readonly leap: number;
  readonly time: number;
  readonly type: number;
  readonly char: number;
}

function header(bytes: Buffer, at: number): Counts | undefined {
  if (bytes.length < at + 44 || bytes.toString('latin1', at, at + 4) !== 'TZif') return undefined;
  const count = (index: number): number => bytes.readUInt32BE(at + 20 + index * 4);
  return { isut: count(0), isstd: count(1), leap: count(2), time: count(3), type: count(4), char: count(5) };
}

/** Parses a TZif file (version 2 or later: its 64-bit block and footer); undefined when it is not one. */
export function parseTzif(bytes: Buffer): OffsetLookup | undefined {
  const first = header(bytes, 0);
  if (first === undefined || bytes[4] === 0) return undefined;
  const v1Size = first.time * 5 + first.type * 6 + first.char + first.leap * 8 + first.isstd + first.isut;
  const at = 44 + v1Size;
  const counts = header(bytes, at);
  if (counts === undefined || counts.type === 0) return undefined;
  let cursor = at + 44;
  const times: number[] = [];
  for (let i = 0; i < counts.time; i++) times.push(Number(bytes.readBigInt64BE(cursor + i * 8)));
  cursor += counts.time * 8;
  const typeOf: number[] = [];
  for (let i = 0; i < counts.time; i++) typeOf.push(bytes[cursor + i] ?? 0);
  cursor += counts.time;
  const offsets: number[] = [];
  for (let i = 0; i < counts.type; i++) offsets.push(bytes.readInt32BE(cursor + i * 6));
  cursor += counts.type * 6 + counts.char + counts.leap * 12 + counts.isstd + counts.isut;
  const footerEnd = bytes.indexOf(0x0a, cursor + 1);
  const footer = bytes[cursor] === 0x0a && footerEnd > cursor ? bytes.toString('latin1', cursor + 1, footerEnd) : '';
  const rule = footer === '' ? undefined : parsePosixTz(footer);
  if (footer !== '' && rule === undefined) return undefined;
  const last = times.at(-1);
  return (unixSeconds) => {
    if (rule !== undefined && (last === undefined || unixSeconds >= last)) return rule(unixSeconds);
    if (last === undefined || unixSeconds < (times[0] ?? 0)) return offsets[0] ?? 0;
    // The last transition at or before the instant.
    let low = 0;
    let high = times.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((times[middle] ?? 0) <= unixSeconds) low = middle;
      else high = middle - 1;
    }
    return offsets[typeOf[low] ?? 0] ?? 0;
  };
}

/** A POSIX TZ string's rule as an offset lookup; undefined when it cannot be read. */
export function parsePosixTz(text: string): OffsetLookup | undefined {
  let at = 0;
  const name = (): boolean => {
    if (text[at] === '<') {
      const end = text.indexOf('>', at);
      if (end < 0) return false;
      at = end + 1;
      return true;
    }
    const start = at;
    while (at < text.length && /[A-Za-z]/u.test(text[at] ?? '')) at++;
    return at - start >= 3;
  };
  /** [+-]hh[:mm[:ss]] in seconds, or undefined when absent. */
  const duration = (): number | undefined => {
    const match = /^[+-]?\d{1,3}(?::\d{1,2}){0,2}/u.exec(text.slice(at));
    if (match === null) return undefined;
    at += match[0].length;
    return parseTime(match[0]);
  };
  if (!name()) return undefined;
  const stdWest = duration();
  if (stdWest === undefined) return undefined;
  const std = 0 - stdWest;
  if (at === text.length) return () => std;
  if (!name()) return undefined;
  const dstWest = text[at] === ',' ? undefined : duration();
  const dst = dstWest === undefined ? std + HOUR_S : 0 - dstWest;
  const rules = at === text.length ? 'M3.2.0,M11.1.0' : text.slice(at + 1);
  if (at < text.length && text[at] !== ',') return undefined;
  const [startText, endText, extra] = rules.split(',');
  if (startText === undefined || endText === undefined || extra !== undefined) return undefined;
  const start = parseDate(startText);
  const end = parseDate(endText);
  if (start === undefined || end === undefined) return undefined;
  return (unixSeconds) => {
    const year = new Date(unixSeconds * 1000).getUTCFullYear();
    // A rule's time is local: standard time for the start, daylight time for the end.
    const starts = start(year) - std;
    const ends = end(year) - dst;
    const inDst = starts < ends ? unixSeconds >= starts && unixSeconds < ends : !(unixSeconds >= ends && unixSeconds < starts);
    return inDst ? dst : std;
  };
}

/** `Jn`, `n` or `Mm.w.d`, with an optional `/time` (default 02:00): the local time it names in a year, as seconds since 1970 of that wall time. */
function parseDate(text: string): ((year: number) => number) | undefined {
  const [day = '', timeText] = text.split('/');
  const time = timeText === undefined ? 2 * HOUR_S : parseTime(timeText);
  if (time === undefined) return undefined;
  let match = /^J(\d{1,3})$/u.exec(day);
  if (match !== null) {
    const n = Number(match[1]);
    // 1-365, February 29 never counted.
    return (year) => (Date.UTC(year, 0, 1) + (n - 1 + (isLeap(year) && n >= 60 ? 1 : 0)) * DAY_MS) / 1000 + time;
  }
  match = /^(\d{1,3})$/u.exec(day);
  if (match !== null) {
    const n = Number(match[1]);
    return (year) => (Date.UTC(year, 0, 1) + n * DAY_MS) / 1000 + time;
  }
  match = /^M(\d{1,2})\.(\d)\.(\d)$/u.exec(day);
  if (match === null) return undefined;
  const month = Number(match[1]) - 1;
  const week = Number(match[2]);
  const weekday = Number(match[3]);
  return (year) => {
    const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
    let date = 1 + ((weekday - first + 7) % 7) + (week - 1) * 7;
    const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    while (date > days) date -= 7;
    return Date.UTC(year, month, date) / 1000 + time;
  };
}

function parseTime(text: string): number | undefined {
  const match = /^([+-]?)(\d{1,3})(?::(\d{1,2}))?(?::(\d{1,2}))?$/u.exec(text);
  if (match === null) return undefined;
  const seconds = Number(match[2]) * HOUR_S + Number(match[3] ?? 0) * 60 + Number(match[4] ?? 0);
  return match[1] === '-' ? -seconds : seconds;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
