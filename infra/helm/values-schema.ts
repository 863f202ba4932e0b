/**
 * `values.schema.json`: Helm checks values against it on install, upgrade, lint and template, so
 * a typo (`jobs.bonus_calc.suspend`) or a wrong type fails loudly instead of being ignored.
 */
import { RECEIVER_KINDS, SEVERITIES } from '../../observability/alert-routing.ts';
import { IMAGE_PULL_POLICIES } from '../profiles.ts';
import type { ChartValues } from './chart-values.ts';

const closed = (properties: Record<string, unknown>, required = Object.keys(properties)): Record<string, unknown> => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

/** `--set key=1` arrives as a number; the templates quote what must be a string. */
const SCALAR = { type: ['string', 'number', 'boolean'] };
const QUANTITIES = { type: 'object', additionalProperties: { type: ['string', 'number'] } };
const RESOURCES = { type: 'object', additionalProperties: false, properties: { requests: QUANTITIES, limits: QUANTITIES } };
const NAMESPACES = { type: 'array', items: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' } };
const EGRESS = {
  type: 'object',
  additionalProperties: false,
  required: ['cidrs', 'ports'],
  properties: {
    cidrs: { type: 'array', items: { type: 'string', pattern: '^[0-9a-fA-F:.]+/[0-9]{1,3}$' } },
    ports: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 1, maximum: 65535 } },
  },
};
const STRING_MAP = { type: 'object', additionalProperties: { type: 'string' } };
const POD = {
  podAnnotations: STRING_MAP,
  podLabels: STRING_MAP,
  nodeSelector: STRING_MAP,
  tolerations: { type: 'array', items: { type: 'object' } },
  affinity: { type: 'object' },
  priorityClassName: { type: 'string' },
};

export function valuesSchema(values: ChartValues): Record<string, unknown> {
  const job = closed({
    // Kubernetes rejects a time zone in the schedule; the CronJob's timeZone is America/Sao_Paulo.
    schedule: { type: 'string', minLength: 1, not: { pattern: '^(CRON_)?TZ=' } },
    suspend: { type: 'boolean' },
    timeoutSeconds: { type: 'integer', minimum: 1 },
    backoffLimit: { type: 'integer', minimum: 0 },
    successfulJobsHistoryLimit: { type: 'integer', minimum: 0 },
    failedJobsHistoryLimit: { type: 'integer', minimum: 0 },
    resources: RESOURCES,
    env: { type: 'object', propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, additionalProperties: SCALAR },
    alerts: closed({
      consecutiveFailures: { type: 'integer', minimum: 1 },
      noRecentSuccessSeconds: { type: 'integer', minimum: 0 },
      severity: { enum: ['critical', 'warning'] },
      team: { type: 'string', pattern: '^[A-Za-z0-9_.-]*$' },
    }),
  });
  const properties = {
    // Empty: the release namespace.
    namespace: { type: 'string', pattern: '^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$', maxLength: 63 },
    createNamespace: { type: 'boolean' },
    existingSecret: { type: 'string', pattern: '^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$', maxLength: 253 },
    image: closed({
      repository: { type: 'string', minLength: 1 },
      tag: { type: ['string', 'number'] },
      digest: { type: 'string', pattern: '^(sha256:[a-f0-9]{64})?$' },
      pullPolicy: { enum: [...IMAGE_PULL_POLICIES] },
      pullSecrets: { type: 'array', items: { type: 'string', minLength: 1 } },
    }),
    jobs: closed(Object.fromEntries(Object.keys(values.jobs).map((name) => [name, job]))),
    config: closed(Object.fromEntries(Object.keys(values.config).map((key) => [key, SCALAR]))),
    jobDefaults: closed(POD),
    networkPolicy: closed({
      enabled: { type: 'boolean' },
      metricsFrom: NAMESPACES,
      apiFrom: NAMESPACES,
      redis: EGRESS,
      apis: EGRESS,
      apiServer: EGRESS,
    }),
    status: closed({ replicas: { type: 'integer', minimum: 1 }, resources: RESOURCES, ...POD }),
    monitoring: closed({
      enabled: { type: 'boolean' },
      selectorLabels: { type: 'object', additionalProperties: { type: 'string' } },
      serviceMonitor: closed({ enabled: { type: 'boolean' } }),
      prometheusRule: closed({ enabled: { type: 'boolean' } }),
      dashboards: closed({ enabled: { type: 'boolean' }, grafanaFolder: { type: 'string' } }),
    }),
    alerting: alertingSchema(),
    // Set by a parent chart when this one is its subchart.
    global: { type: 'object' },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...closed(
      properties,
      Object.keys(properties).filter((key) => key !== 'global'),
    ),
  };
}

/** Alertmanager durations (`30s`, `5m`, `4h`, `1h30m`). */
const DURATION = { type: 'string', pattern: '^([0-9]+(ms|s|m|h|d|w|y))+$' };
const URL = { type: 'string', pattern: '^(https?://.+)?$' };

function alertingSchema(): Record<string, unknown> {
  const receivers = closed(Object.fromEntries(RECEIVER_KINDS.map((kind) => [kind, { type: 'boolean' }])));
  return closed({
    enabled: { type: 'boolean' },
    runbookUrl: URL,
    statusUrl: URL,
    secretName: { type: 'string', pattern: '^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$', maxLength: 253 },
    routes: closed(Object.fromEntries(SEVERITIES.map((severity) => [severity, receivers]))),
    slack: closed({ channel: { type: 'string' } }),
    email: closed({ to: { type: 'string' }, from: { type: 'string' }, smarthost: { type: 'string' }, authUsername: { type: 'string' } }),
    heartbeat: closed({ enabled: { type: 'boolean' }, interval: DURATION }),
    groupWait: DURATION,
    groupInterval: DURATION,
    repeatInterval: DURATION,
  });
}
