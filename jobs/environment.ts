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
    description: 'Comma-separated national holidays (YYYY-MM-DD) that are not business days',
    default:
      '2026-01-01,2026-02-16,2026-02-17,2026-04-03,2026-04-21,2026-05-01,2026-06-04,2026-09-07,2026-10-12,2026-11-02,2026-11-15,2026-11-20,2026-12-25,' +
      '2027-01-01,2027-02-08,2027-02-09,2027-03-26,2027-04-21,2027-05-01,2027-05-27,2027-09-07,2027-10-12,2027-11-02,2027-11-15,2027-11-20,2027-12-25',
  },
  { name: 'BONUS_RATE_CENTAVOS', description: 'Bonus per on-time order handled, in centavos', default: '50' },
  { name: 'BONUS_CAP_CENTAVOS', description: 'Maximum month-to-date bonus per operator, in centavos', default: '50000' },
  { name: 'STORE_CHECK_TIMEOUT_MS', description: 'Per-store health check timeout', default: '5000' },
  { name: 'STORE_CHECK_SLOW_MS', description: 'A 2xx slower than this is degraded', default: '2000' },
  { name: 'STORE_CHECK_CONCURRENCY', description: 'Store health checks in flight at once', default: '8' },
  { name: 'LOG_LEVEL', description: 'pino log level', default: 'info' },
  {
    name: 'JOB_AS_OF',
    description: 'Compute as if it were this ISO 8601 instant (backfills, reproducible reruns); empty means now',
    default: '',
  },
  { name: 'KUBE_NAMESPACE', description: 'Namespace of the pod', downward: 'metadata.namespace', default: '' },
  { name: 'KUBE_POD_NAME', description: 'Name of the pod', downward: 'metadata.name', default: '' },
  { name: 'KUBE_JOB_NAME', description: 'Name of the Job', downward: `metadata.labels['${JOB_NAME_LABEL}']`, default: '' },
]);
