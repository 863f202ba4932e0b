/**
 * The one module that reads the environment. Every variable is declared in jobs/environment.ts;
 * this module applies the declared defaults, parses each value into its type and returns one
 * frozen object. The first missing or malformed variable stops the run with CONFIG_INVALID
 * naming it, so a bad ConfigMap fails fast (exit 2, no retries) instead of halfway through.
 */
import { DateTime } from 'luxon';
import { envReader, type Env } from '../../core/environment.ts';
import { API_SOURCES, WAREHOUSES, type ApiSource, type Warehouse } from '../../core/catalog.ts';
import { ENV_VARS } from '../environment.ts';
import { parseLogLevel, type LogLevel } from '../../core/logger.ts';

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
  readonly sla: { readonly cutoffs: Readonly<Record<Warehouse, LocalTime>>; readonly holidays: readonly string[] };
  readonly bonus: { readonly rateCentavos: number; readonly capCentavos: number };
  readonly stores: { readonly timeoutMs: number; readonly slowMs: number; readonly concurrency: number };
  readonly logLevel: LogLevel;
  /** Set for backfills and reproducible reruns; undefined means "now". */
  readonly asOf: Date | undefined;
  /** From the downward API; undefined for local runs. */
  readonly kube: { readonly namespace?: string; readonly pod?: string; readonly job?: string };
}

export function loadConfig(env: Env, sources: readonly ApiSource[] = API_SOURCES): JobConfig {
  const read = envReader(ENV_VARS, env, 'jobs/environment.ts');
  const config: JobConfig = {
    redisUrl: read('REDIS_URL', redisUrl),
    keyPrefix: read('REDIS_KEY_PREFIX', nonEmpty),
    ...(sources.includes('wms') ? { wms: { url: read('WMS_API_URL', httpUrl), token: read('WMS_API_TOKEN', nonEmpty) } } : {}),
    ...(sources.includes('oms') ? { oms: { url: read('OMS_API_URL', httpUrl), token: read('OMS_API_TOKEN', nonEmpty) } } : {}),
    http: { timeoutMs: read('HTTP_TIMEOUT_MS', integer(1)), retries: read('HTTP_RETRIES', integer(0, 10)) },
    sla: {
      cutoffs: Object.fromEntries(
        WAREHOUSES.map((warehouse) => [warehouse, read(`SLA_CUTOFF_${warehouse.toUpperCase()}`, localTime)]),
      ) as Record<Warehouse, LocalTime>,
      holidays: read('SLA_HOLIDAYS', dateList),
    },
    bonus: {
      rateCentavos: read('BONUS_RATE_CENTAVOS', integer(0)),
      capCentavos: read('BONUS_CAP_CENTAVOS', integer(0)),
    },
    stores: {
      timeoutMs: read('STORE_CHECK_TIMEOUT_MS', integer(1)),
      slowMs: read('STORE_CHECK_SLOW_MS', integer(1)),
      concurrency: read('STORE_CHECK_CONCURRENCY', integer(1, 256)),
    },
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

function redisUrl(value: string): string {
  const url = parseUrl(value);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`expected a redis:// or rediss:// URL, got ${url.protocol}//`);
  }
  if (url.hostname === '') throw new Error('the URL has no host');
  return value;
}

function httpUrl(value: string): string {
  const url = parseUrl(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`expected an http:// or https:// URL, got ${url.protocol}//`);
  }
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

function integer(min: number, max = Number.MAX_SAFE_INTEGER): Parse<number> {
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

function dateList(value: string): readonly string[] {
  const dates = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  for (const date of dates) {
    if (!DateTime.fromFormat(date, 'yyyy-MM-dd', { zone: 'utc' }).isValid) {
      throw new Error(`expected YYYY-MM-DD dates, got "${date}"`);
    }
  }
  return [...new Set(dates)].sort();
}

function optionalInstant(value: string): Date | undefined {
  if (value.trim() === '') return undefined;
  const parsed = DateTime.fromISO(value.trim(), { setZone: true });
  if (!parsed.isValid || !/(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim())) {
    throw new Error(`expected an ISO 8601 instant with offset (e.g. 2026-11-23T15:00:00-03:00), got "${value}"`);
  }
  return parsed.toJSDate();
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
