/**
 * Every environment variable the status service reads, declared once (the shape:
 * core/environment.ts). status/config.ts reads only these; infra renders the status Deployment's
 * env from this list (REDIS_KEY_PREFIX and LOG_LEVEL from the suite's ConfigMap, the Redis URL from
 * the operators' Secret), so the manifests and the code cannot disagree about a name.
 */
import type { EnvVarSpec } from '../core/environment.ts';
import { STATUS_METRICS_PORT, STATUS_SERVICE_PORT } from '../core/labels.ts';
import { DEFAULT_KEY_PREFIX } from '../core/run-ledger.ts';

/**
 * The young generation, measured (docs/status.md, "Where the memory goes"): 2 MiB semi-spaces (the
 * default 16 MiB keep scrape garbage as RSS; 1 MiB saves another 12 MiB at 500 CronJobs / 20,000
 * Jobs but makes scrapes collect too often).
 */
export const STATUS_NODE_OPTIONS = '--max-semi-space-size=2';

/**
 * The old generation's cap, as a share of the memory the container may use: 43 % of the production
 * limit (224Mi) is the 96 MiB measured to hold the model of 500 / 20,000 (about 17 MiB) with room
 * for a scrape's garbage. A share, not a size: with a fixed `--max-old-space-size=96` the service
 * died of "JavaScript heap out of memory" at 2,000 / 80,000 however high the limit was set, so the
 * operator's obvious remedy, a larger memory limit, did nothing; now it raises the heap with it.
 */
export const STATUS_HEAP_PERCENT = 43;

/**
 * On node's command line in the Deployment (NODE_OPTIONS refuses V8's --no-opt and Node's
 * --max-old-space-size-percentage): no TurboFan (Maglev still optimizes hot code; TurboFan's
 * compiler pages and zones cost 5-6 MiB of RSS at every size, and /metrics costs about as much CPU
 * without it, docs/status.md), and the old generation's share of the limit.
 */
export const STATUS_NODE_FLAGS: readonly string[] = Object.freeze(['--no-opt', `--max-old-space-size-percentage=${String(STATUS_HEAP_PERCENT)}`]);

/**
 * The old-generation cap a container limit of `limitMiB` gives, for a process run without one
 * (a benchmark on the host, where the share would be of the whole machine).
 */
export function statusOldSpaceMiB(limitMiB: number): number {
  return Math.floor((limitMiB * STATUS_HEAP_PERCENT) / 100);
}

/**
 * glibc's malloc arenas: at most 2 instead of 8 per core. The service's threads (libuv's pool,
 * V8's GC workers) each got an arena whose freed memory stays resident; measured 1.5-2 MiB less
 * RSS at 4 CronJobs / 40 Jobs and 9 MiB at 500 / 20,000 (docs/status.md).
 */
export const STATUS_MALLOC_ARENA_MAX = '2';

export const STATUS_ENV_VARS: readonly EnvVarSpec[] = Object.freeze([
  { name: 'PORT', description: 'Port the HTTP server listens on (0: any free port)', default: String(STATUS_SERVICE_PORT), cluster: 'literal' },
  {
    name: 'METRICS_PORT',
    description: 'A second port serving only /metrics (empty: none)',
    default: '',
    cluster: 'literal',
    clusterValue: String(STATUS_METRICS_PORT),
  },
  { name: 'WATCH_NAMESPACE', description: 'Namespace whose CronJobs, Jobs and Pods are watched', default: '', downward: 'metadata.namespace' },
  {
    name: 'REDIS_URL',
    // Optional: without Redis the service still reports what the cluster says, minus run history.
    description: 'redis:// or rediss:// URL of the run ledger; unset means history from Kubernetes only',
    default: '',
    secretKey: 'redis-url',
    optional: true,
  },
  { name: 'REDIS_KEY_PREFIX', description: 'Prefix of every Redis key the suite writes', default: DEFAULT_KEY_PREFIX },
  { name: 'LOG_LEVEL', description: 'log level: fatal, error, warn, info, debug, trace or silent', default: 'info' },
  // Read by Node itself, not by status/config.ts: the Deployment sets the measured heap limits.
  {
    name: 'NODE_OPTIONS',
    description: 'Node options; the Deployment sets the heap limits measured for the service',
    default: STATUS_NODE_OPTIONS,
    cluster: 'literal',
  },
  // Read by glibc, not by status/config.ts.
  {
    name: 'MALLOC_ARENA_MAX',
    description: 'glibc malloc arenas; the Deployment sets the number measured for the service',
    default: STATUS_MALLOC_ARENA_MAX,
    cluster: 'literal',
  },
  // Stated in the Deployment: every pod address, as the kubelet's probes (pod IP) and
  // `kubectl port-forward` (loopback) both need.
  { name: 'HOST', description: 'Address the HTTP server binds', default: '0.0.0.0', cluster: 'literal' },
  { name: 'KUBECONFIG', description: 'kubeconfig file, outside a pod', default: '', cluster: 'unset' },
  { name: 'KUBERNETES_SERVICE_HOST', description: 'Set by Kubernetes in every pod', default: '', cluster: 'unset' },
]);
