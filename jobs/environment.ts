/**
 * Every environment variable a job reads, declared once (the shape: core/environment.ts). The
 * runtime's config module validates them; infra writes the non-secret ones into the ConfigMap and the secret ones as references to
 * the operators' Secret, so the manifests and the code cannot disagree about a name.
 */
import type { EnvVarSpec } from '../core/environment.ts';
import { JOB_NAME_LABEL } from '../core/labels.ts';

export const ENV_VARS: readonly EnvVarSpec[] = Object.freeze([
  { name: 'REDIS_URL', description: 'redis:// or rediss:// (TLS, DigitalOcean managed Redis) URL', secretKey: 'redis-url' },
  { name: 'REDIS_KEY_PREFIX', description: 'Prefix of every Redis key the suite writes', default: 'pontual:' },
  { name: 'WMS_API_URL', description: 'Base URL of the WMS API (orders)', source: 'wms' },
  { name: 'WMS_API_TOKEN', description: 'Bearer token for the WMS API', secretKey: 'wms-api-token', source: 'wms' },
  { name: 'OMS_API_URL', description: 'Base URL of the OMS API (stores)', source: 'oms' },
  { name: 'OMS_API_TOKEN', description: 'Bearer token for the OMS API', secretKey: 'oms-api-token', source: 'oms' },
  { name: 'HTTP_TIMEOUT_MS', description: 'Per-request timeout for the WMS and OMS APIs', default: '10000' },
  { name: 'HTTP_RETRIES', description: 'Retries after a 5xx, 429 or timeout from a source API', default: '3' },
  { name: 'SLA_CUTOFF_EMBU', description: 'Embu order cut-off, local HH:MM', default: '14:00' },
  { name: 'SLA_CUTOFF_EXTREMA', description: 'Extrema order cut-off, local HH:MM', default: '14:00' },
  {
    name: 'SLA_HOLIDAYS',
    description:
      'Adjustments to the national holidays (computed for any year): comma-separated YYYY-MM-DD local holidays to add, -YYYY-MM-DD national ones to remove; empty means none',
    default: '',
  },
  { name: 'BONUS_RATE_CENTAVOS', description: 'Bonus per on-time order handled, in centavos', default: '50' },
  { name: 'BONUS_CAP_CENTAVOS', description: 'Maximum month-to-date bonus per operator, in centavos', default: '50000' },
  { name: 'STORE_CHECK_TIMEOUT_MS', description: 'Per-store health check timeout', default: '5000' },
  { name: 'STORE_CHECK_SLOW_MS', description: 'A 2xx slower than this is degraded', default: '2000' },
  { name: 'STORE_CHECK_CONCURRENCY', description: 'Store health checks in flight at once', default: '8' },
  {
    name: 'EMPTY_RESULT_GUARD',
    description: 'A source answering zero records where at least this many are stored is refused, not written (0 accepts any empty answer)',
    default: '5',
  },
  { name: 'LOG_LEVEL', description: 'log level: fatal, error, warn, info, debug, trace or silent', default: 'info' },
  {
    name: 'JOB_AS_OF',
    description: 'Compute as if it were this ISO 8601 instant (backfills, reproducible reruns); empty means now',
    default: '',
  },
  { name: 'KUBE_NAMESPACE', description: 'Namespace of the pod', downward: 'metadata.namespace', default: '' },
  { name: 'KUBE_POD_NAME', description: 'Name of the pod', downward: 'metadata.name', default: '' },
  { name: 'KUBE_JOB_NAME', description: 'Name of the Job', downward: `metadata.labels['${JOB_NAME_LABEL}']`, default: '' },
]);
