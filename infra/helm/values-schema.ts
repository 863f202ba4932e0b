/**
 * `values.schema.json`: Helm checks values against it on install, upgrade, lint and template, so
 * a typo (`jobs.bonus_calc.suspend`) or a wrong type fails loudly instead of being ignored.
 */
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

export function valuesSchema(values: ChartValues): Record<string, unknown> {
  const job = closed({
    // Kubernetes rejects a time zone in the schedule; the CronJob's timeZone is America/Sao_Paulo.
    schedule: { type: 'string', minLength: 1, not: { pattern: '^(CRON_)?TZ=' } },
    suspend: { type: 'boolean' },
  });
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...closed({
      namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
      createNamespace: { type: 'boolean' },
      image: closed({
        repository: { type: 'string', minLength: 1 },
        tag: { type: ['string', 'number'] },
        digest: { type: 'string', pattern: '^(sha256:[a-f0-9]{64})?$' },
        pullPolicy: { enum: [...IMAGE_PULL_POLICIES] },
        pullSecrets: { type: 'array', items: { type: 'string', minLength: 1 } },
      }),
      jobs: closed(Object.fromEntries(Object.keys(values.jobs).map((name) => [name, job]))),
      config: closed(Object.fromEntries(Object.keys(values.config).map((key) => [key, SCALAR]))),
      status: closed({ replicas: { type: 'integer', minimum: 1 } }),
      monitoring: closed({
        enabled: { type: 'boolean' },
        selectorLabels: { type: 'object', additionalProperties: { type: 'string' } },
      }),
    }),
  };
}
