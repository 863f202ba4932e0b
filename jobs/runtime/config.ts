/**
 * The one module that reads the environment. Every variable is declared in jobs/environment.ts;
 * this module applies the declared defaults, parses each value into its type and returns one
 * frozen object. The first missing or malformed variable stops the run with CONFIG_INVALID
 * naming it, so a bad ConfigMap fails fast (exit 2, no retries) instead of halfway through.
 */
import { envReader, type Env } from '../../core/environment.ts';
import { API_SOURCES, WAREHOUSES, type ApiSource, type Warehouse } from '../../core/catalog.ts';
import { ENV_VARS } from '../environment.ts';
import { parseRedisUrl } from '../../core/redis-url.ts';
import { parseLogLevel, type LogLevel } from '../../core/logger.ts';
import { nationalHolidays, type HolidayAdjustments } from '../sla/brazil-holidays.ts';
import { MAX_CHECK_CONCURRENCY } from '../store-status/check-plan.ts';
import { isCalendarDate, parseIsoInstant } from './iso-instant.ts';

export interface LocalTime {
  readonly hour: number;
  readonly minute: number;
}

export interface ApiConfig {
  readonly url: string;
  readonly token: string;
}

export interface JobConfig {
  readonly redisUrl: string;
  readonly keyPrefix: string;
  /** Only for jobs that read the API (catalog `sources`): the others are not given its token. */
  readonly wms?: ApiConfig;
  readonly oms?: ApiConfig;
  readonly http: { readonly timeoutMs: number; readonly retries: number };
  readonly sla: { readonly cutoffs: Readonly<Record<Warehouse, LocalTime>>; readonly holidays: HolidayAdjustments };
  readonly bonus: { readonly rateCentavos: number; readonly capCentavos: number };
  readonly stores: { readonly timeoutMs: number; readonly slowMs: number; readonly concurrency: number };
  /** A result of zero records replacing a stored one of at least this many is refused; 0: never. */
  readonly emptyResultGuard: number;
  readonly logLevel: LogLevel;
  /** Set for backfills and reproducible reruns; undefined means "now". */
  readonly asOf: Date | undefined;
  /** From the downward API; undefined for local runs. */
  readonly kube: { readonly namespace?: string; readonly pod?: string; readonly job?: string };
}

export function loadConfig(env: Env, sources: readonly ApiSource[] = API_SOURCES): JobConfig {
  const read = envReader(ENV_VARS, env, 'jobs/environment.ts');
  const config: JobConfig = {
    redisUrl: read('REDIS_URL', parseRedisUrl),
    keyPrefix: read('REDIS_KEY_PREFIX', nonEmpty),
    ...(sources.includes('wms') ? { wms: { url: read('WMS_API_URL', httpUrl), token: read('WMS_API_TOKEN', bearerToken) } } : {}),
    ...(sources.includes('oms') ? { oms: { url: read('OMS_API_URL', httpUrl), token: read('OMS_API_TOKEN', bearerToken) } } : {}),
    http: { timeoutMs: read('HTTP_TIMEOUT_MS', integer(1, 120_000)), retries: read('HTTP_RETRIES', integer(0, 10)) },
    sla: {
      cutoffs: Object.fromEntries(WAREHOUSES.map((warehouse) => [warehouse, read(`SLA_CUTOFF_${warehouse.toUpperCase()}`, localTime)])) as Record<
        Warehouse,
        LocalTime
      >,
      holidays: read('SLA_HOLIDAYS', holidayAdjustments),
    },
    bonus: {
      rateCentavos: read('BONUS_RATE_CENTAVOS', integer(0, 1_000_000)),
      capCentavos: read('BONUS_CAP_CENTAVOS', integer(0, 100_000_000)),
    },
    stores: {
      timeoutMs: read('STORE_CHECK_TIMEOUT_MS', integer(1, 30_000)),
      slowMs: read('STORE_CHECK_SLOW_MS', integer(1, 30_000)),
      concurrency: read('STORE_CHECK_CONCURRENCY', integer(1, MAX_CHECK_CONCURRENCY)),
    },
    emptyResultGuard: read('EMPTY_RESULT_GUARD', integer(0, 1_000_000)),
    logLevel: read('LOG_LEVEL', parseLogLevel),
    asOf: read('JOB_AS_OF', optionalInstant),
    kube: {
      ...optional('namespace', read('KUBE_NAMESPACE', optionalText)),
      ...optional('pod', read('KUBE_POD_NAME', optionalText)),
      ...optional('job', read('KUBE_JOB_NAME', optionalText)),
    },
  };
  return deepFreeze(config);
}

type Parse<T> = (value: string) => T;

/** Downward-API values: absent for local runs. */
function optionalText(value: string): string {
  return value;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, string>);
}

function nonEmpty(value: string): string {
  if (value.trim() === '') throw new Error('must not be empty');
  return value;
}

/**
 * A token as a Secret file gives it (a trailing newline is dropped). A space, a line break or a
 * control character inside cannot be sent in a header: fetch would refuse every request, which
 * would read as an unreachable API and be retried. Never echoes the value.
 */
function bearerToken(value: string): string {
  const token = nonEmpty(value).trim();
  if (!/^[\x21-\x7e]+$/u.test(token)) throw new Error('must be one line of printable characters without spaces (a token pasted with a line break?)');
  return token;
}

function httpUrl(value: string): string {
  const url = parseUrl(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`expected an http:// or https:// URL, got ${url.protocol}//`);
  }
  // fetch refuses such a URL on every request, which would look like an unreachable API (retried).
  if (url.username !== '' || url.password !== '') throw new Error('credentials in the URL are not sent: put the token in the *_API_TOKEN variable');
  return value.replace(/\/+$/, '');
}

/** Never echoes the value: a URL may carry a password. */
function parseUrl(value: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new Error('not a URL');
  }
}

/** Every number has a ceiling too: a huge value would overflow a timer into 1 ms or a RangeError. */
function integer(min: number, max: number): Parse<number> {
  return (value) => {
    if (!/^\d+$/.test(value.trim())) throw new Error(`expected a whole number, got "${value}"`);
    const parsed = Number(value);
    if (parsed < min || parsed > max) throw new Error(`expected a number from ${min} to ${max}, got ${parsed}`);
    return parsed;
  };
}

function localTime(value: string): LocalTime {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  if (match === null) throw new Error(`expected HH:MM (24 h), got "${value}"`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/**
 * `2026-07-09,-2027-02-08`: local holidays to add, national ones to remove (`-` prefix). The
 * national holidays always apply, so an empty value means "no adjustments", never "no holidays".
 */
function holidayAdjustments(value: string): HolidayAdjustments {
  const added = new Set<string>();
  const removed = new Set<string>();
  for (const item of value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')) {
    const remove = item.startsWith('-');
    const date = remove ? item.slice(1) : item;
    if (!isCalendarDate(date)) {
      throw new Error(`expected YYYY-MM-DD dates to add or -YYYY-MM-DD national holidays to remove, got "${item}"`);
    }
    if (remove && !nationalHolidays(Number(date.slice(0, 4))).includes(date)) {
      throw new Error(`"${item}" removes ${date}, which is not a national holiday`);
    }
    (remove ? removed : added).add(date);
  }
  return { added: [...added].sort(), removed: [...removed].sort() };
}

function optionalInstant(value: string): Date | undefined {
  if (value.trim() === '') return undefined;
  const parsed = parseIsoInstant(value.trim());
  if (parsed === undefined) throw new Error(`expected an ISO 8601 instant with offset (e.g. 2026-11-23T15:00:00-03:00), got "${value}"`);
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
