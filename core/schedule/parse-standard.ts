/**
 * A port of robfig/cron v3's `ParseStandard`, the parser the Kubernetes API server validates
 * `spec.schedule` with and the CronJob controller evaluates it with. Its quirks are kept on
 * purpose (they are what Kubernetes does): `*` or `?` sets a "star bit" that changes how
 * day-of-month and day-of-week combine, a step above 1 clears it, `N/step` means `N-max/step`,
 * anything after `*-` is ignored, empty list items are skipped, names only in month and weekday.
 */
import { parseGoDuration } from './go-duration.ts';
import { SECOND_MS } from './zoned-time.ts';

/** The values a field matches, and whether it was written with `*` or `?` (and no step > 1). */
export interface CronField {
  readonly matches: readonly boolean[];
  readonly star: boolean;
}

export interface SpecSchedule {
  readonly kind: 'spec';
  readonly expression: string;
  readonly minute: CronField;
  readonly hour: CronField;
  readonly dayOfMonth: CronField;
  readonly month: CronField;
  readonly dayOfWeek: CronField;
}

/** `@every <duration>`: a constant delay from the previous run, whole seconds, at least one. */
export interface EverySchedule {
  readonly kind: 'every';
  readonly expression: string;
  readonly delayMs: number;
}

export type CronSchedule = SpecSchedule | EverySchedule;

export type ParseResult = { ok: true; schedule: CronSchedule } | { ok: false; reason: string };

interface Bounds {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MINUTES: Bounds = { name: 'minute', min: 0, max: 59 };
const HOURS: Bounds = { name: 'hour', min: 0, max: 23 };
const DAYS_OF_MONTH: Bounds = { name: 'day of month', min: 1, max: 31 };
const MONTHS: Bounds = {
  name: 'month',
  min: 1,
  max: 12,
  names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 },
};
const DAYS_OF_WEEK: Bounds = {
  name: 'day of week',
  min: 0,
  max: 6,
  names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
};

class FieldError extends Error {}

/** Go's unicode.IsSpace, which strings.Fields splits on. */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

export function parseStandard(expression: string): ParseResult {
  if (expression.length === 0) return { ok: false, reason: 'the schedule is empty' };
  // robfig accepts a TZ=/CRON_TZ= prefix, but the API server rejects it since Kubernetes 1.29.
  if (expression.includes('TZ')) {
    return { ok: false, reason: 'TZ or CRON_TZ cannot be used in the schedule: set spec.timeZone instead' };
  }
  if (expression.startsWith('@')) return parseDescriptor(expression);
  const fields = expression.split(GO_SPACE).filter((field) => field !== '');
  if (fields.length !== 5) {
    return { ok: false, reason: `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}` };
  }
  const [minute = '', hour = '', dayOfMonth = '', month = '', dayOfWeek = ''] = fields;
  try {
    return {
      ok: true,
      schedule: {
        kind: 'spec',
        expression,
        minute: parseField(minute, MINUTES),
        hour: parseField(hour, HOURS),
        dayOfMonth: parseField(dayOfMonth, DAYS_OF_MONTH),
        month: parseField(month, MONTHS),
        dayOfWeek: parseField(dayOfWeek, DAYS_OF_WEEK),
      },
    };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, reason: error.message };
    throw error;
  }
}

function parseField(field: string, bounds: Bounds): CronField {
  const matches = new Array<boolean>(bounds.max + 1).fill(false);
  let star = false;
  for (const range of field.split(',')) {
    if (range === '') continue;
    const parsed = parseRange(range, bounds);
    for (let value = parsed.start; value <= parsed.end; value += parsed.step) matches[value] = true;
    star ||= parsed.star;
  }
  return { matches, star };
}

function parseRange(range: string, bounds: Bounds): { start: number; end: number; step: number; star: boolean } {
  const rangeAndStep = range.split('/');
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-');
  const low = lowAndHigh[0] ?? '';
  let start: number;
  let end: number;
  let star = false;
  if (low === '*' || low === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = parseIntOrName(low, bounds);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] ?? '', bounds);
    else throw new FieldError(`too many hyphens in ${bounds.name} "${range}"`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseNonNegativeInt(rangeAndStep[1] ?? '', bounds);
    if (lowAndHigh.length === 1) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new FieldError(`too many slashes in ${bounds.name} "${range}"`);
  }
  if (start < bounds.min) throw new FieldError(`${bounds.name} "${range}" starts at ${start}, below the minimum ${bounds.min}`);
  if (end > bounds.max) throw new FieldError(`${bounds.name} "${range}" ends at ${end}, above the maximum ${bounds.max}`);
  if (start > end) throw new FieldError(`${bounds.name} "${range}" starts at ${start}, after its end ${end}`);
  if (step === 0) throw new FieldError(`${bounds.name} "${range}" has a step of 0: the step must be positive`);
  return { start, end, step, star };
}

function parseIntOrName(text: string, bounds: Bounds): number {
  const named = bounds.names?.[text.toLowerCase()];
  return named ?? parseNonNegativeInt(text, bounds);
}

/** Go's strconv.Atoi (optional sign, decimal digits, int64 range), then robfig's "no negatives". */
function parseNonNegativeInt(text: string, bounds: Bounds): number {
  if (!/^[+-]?\d+$/u.test(text) || Math.abs(Number(text)) > Number.MAX_SAFE_INTEGER) {
    throw new FieldError(`${bounds.name} "${text}" is not a number${bounds.names === undefined ? '' : ' or a name'}`);
  }
  const value = Number(text);
  if (value < 0) throw new FieldError(`${bounds.name} "${text}" is negative`);
  return value === 0 ? 0 : value;
}

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const EVERY = '@every ';

function parseDescriptor(expression: string): ParseResult {
  const equivalent = DESCRIPTORS[expression];
  if (equivalent !== undefined) {
    const parsed = parseStandard(equivalent);
    return parsed.ok ? { ok: true, schedule: { ...parsed.schedule, expression } } : parsed;
  }
  if (expression.startsWith(EVERY)) {
    const duration = parseGoDuration(expression.slice(EVERY.length));
    if (!duration.ok) return { ok: false, reason: `the @every duration must be a Go duration such as 5m or 1h30m: ${duration.reason}` };
    // robfig's Every: below one second becomes one second, sub-second parts are dropped.
    const seconds = Math.max(1, Math.trunc(duration.nanoseconds / 1e9));
    return { ok: true, schedule: { kind: 'every', expression, delayMs: seconds * SECOND_MS } };
  }
  return {
    ok: false,
    reason: `unrecognized descriptor "${expression}": use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or @every <duration>`,
  };
}
