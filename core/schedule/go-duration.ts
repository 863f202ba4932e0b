/**
 * Go's `time.ParseDuration`, which robfig/cron uses for `@every <duration>`: a sequence of
 * decimal numbers with units (`ns`, `us`/`µs`, `ms`, `s`, `m`, `h`), optionally signed, e.g.
 * `1h30m`, `2.5s`, `-1m`. No days, no spaces.
 */

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's Duration is an int64 of nanoseconds. */
const MAX_DURATION_NS = 2 ** 63;

export type DurationParse = { ok: true; nanoseconds: number } | { ok: false; reason: string };

export function parseGoDuration(text: string): DurationParse {
  const invalid = (): DurationParse => ({ ok: false, reason: `invalid duration "${text}"` });
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return { ok: true, nanoseconds: 0 };
  if (rest === '') return invalid();
  let total = 0;
  const term = /^(\d*)(?:\.(\d*))?([^\d.]*)/u;
  while (rest !== '') {
    const match = term.exec(rest);
    const whole = match?.[1] ?? '';
    const fraction = match?.[2];
    const unitName = match?.[3] ?? '';
    if (match === null || (whole === '' && (fraction === undefined || fraction === ''))) return invalid();
    if (unitName === '') return { ok: false, reason: `missing unit in duration "${text}"` };
    const unit = UNIT_NS[unitName];
    if (unit === undefined) return { ok: false, reason: `unknown unit "${unitName}" in duration "${text}"` };
    total += Number(`${whole === '' ? '0' : whole}.${fraction ?? ''}0`) * unit;
    if (total > MAX_DURATION_NS) return invalid();
    rest = rest.slice(match[0].length);
  }
  return { ok: true, nanoseconds: sign * total };
}
