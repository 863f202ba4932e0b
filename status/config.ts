/**
 * The status service's settings: the one place that reads its environment (declared in
 * status/environment.ts). Validated and frozen
 * at start; a bad value is a CONFIG_INVALID error naming the variable (exit 2).
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { PontualError } from '../core/errors.ts';
import { DEFAULT_KEY_PREFIX } from '../core/run-ledger.ts';
import { envReader } from '../core/environment.ts';
import { parseLogLevel, type LogLevel } from '../core/logger.ts';
import { STATUS_ENV_VARS } from './environment.ts';
import { parseRedisUrl } from '../core/redis-url.ts';

export const IN_CLUSTER_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';
const IN_CLUSTER_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';
export const DEFAULT_NAMESPACE = 'pontual';
const HOSTNAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/iu;

export type KubeAccess = { readonly mode: 'in-cluster' } | { readonly mode: 'kubeconfig'; readonly path: string };

export interface StatusConfig {
  readonly port: number;
  /** A second port serving only /metrics; unset: /metrics is on `port` only. */
  readonly metricsPort?: number;
  readonly host: string;
  readonly namespace: string;
  readonly kube: KubeAccess;
  readonly redisUrl: string | undefined;
  readonly redisKeyPrefix: string;
  readonly logLevel: LogLevel;
}

export interface ConfigSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fileExists?: (path: string) => boolean;
  readonly readFile?: (path: string) => string;
}

export function loadStatusConfig(sources: ConfigSources = { env: process.env }): StatusConfig {
  const { env } = sources;
  const fileExists = sources.fileExists ?? existsSync;
  const readFile = sources.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  // Empty means unset (the declared default applies), as for an optional Secret key that is absent.
  const set = Object.fromEntries(Object.entries(env).filter(([, raw]) => raw !== undefined && raw.trim() !== ''));
  const read = envReader(STATUS_ENV_VARS, set, 'status/environment.ts');
  const value = (name: string): string | undefined => read(name, (raw) => (raw.trim() === '' ? undefined : raw.trim()));

  const portText = value('PORT') ?? '';
  const port = Number(portText);
  if (!/^\d+$/u.test(portText) || port < 0 || port > 65535) {
    throw invalid('PORT', `must be a TCP port number (0-65535), got "${portText}"`);
  }

  const metricsPortText = value('METRICS_PORT');
  const metricsPort = metricsPortText === undefined ? undefined : Number(metricsPortText);
  if (metricsPortText !== undefined && (!/^\d+$/u.test(metricsPortText) || (metricsPort ?? 0) > 65535 || (metricsPort !== 0 && metricsPort === port))) {
    throw invalid('METRICS_PORT', `must be a TCP port number (0-65535) other than PORT, got "${metricsPortText}"`);
  }

  const inCluster = value('KUBERNETES_SERVICE_HOST') !== undefined && fileExists(IN_CLUSTER_TOKEN_FILE);
  const kubeconfig = value('KUBECONFIG');
  let kube: KubeAccess;
  if (kubeconfig !== undefined) {
    const path = kubeconfig.split(':')[0] ?? kubeconfig;
    if (!fileExists(path)) throw invalid('KUBECONFIG', `names "${path}", which does not exist`);
    kube = { mode: 'kubeconfig', path };
  } else if (inCluster) {
    kube = { mode: 'in-cluster' };
  } else {
    // Never the client's silent fallback to http://localhost:8080.
    throw invalid('KUBECONFIG', 'is not set and this is not a pod with a service account: set KUBECONFIG to a kubeconfig file');
  }

  const namespace = value('WATCH_NAMESPACE') ?? (fileExists(IN_CLUSTER_NAMESPACE_FILE) ? readFile(IN_CLUSTER_NAMESPACE_FILE).trim() : DEFAULT_NAMESPACE);
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/u.test(namespace)) {
    throw invalid('WATCH_NAMESPACE', `must be a namespace name (DNS label), got "${namespace}"`);
  }

  const redisUrl = read('REDIS_URL', (raw) => (raw.trim() === '' ? undefined : parseRedisUrl(raw.trim())));

  // listen() would fail only after the watches started, as an INTERNAL error.
  const host = value('HOST') ?? '0.0.0.0';
  if (isIP(host) === 0 && (!HOSTNAME.test(host) || /^[\d.]+$/u.test(host))) {
    throw invalid('HOST', `must be an IP address or a host name, got "${host}"`);
  }

  const levelText = value('LOG_LEVEL') ?? '';
  let logLevel: LogLevel;
  try {
    logLevel = parseLogLevel(levelText);
  } catch (error) {
    throw invalid('LOG_LEVEL', `is invalid: ${error instanceof Error ? error.message : String(error)}`);
  }

  return Object.freeze({
    port,
    ...(metricsPort === undefined ? {} : { metricsPort }),
    host,
    namespace,
    kube,
    redisUrl,
    redisKeyPrefix: value('REDIS_KEY_PREFIX') ?? DEFAULT_KEY_PREFIX,
    logLevel,
  });
}

function invalid(name: string, problem: string): PontualError {
  return new PontualError('CONFIG_INVALID', `${name} ${problem}`);
}
