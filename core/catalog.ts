/**
 * The job catalog: the single source of truth for which jobs exist, when they run, how long
 * they may take and what they may use. infra synthesizes CronJobs from it, the status service
 * enriches what the cluster reports with it, the CLI validates job names against it.
 *
 * Pure data on purpose: importing the catalog must not pull in Redis or HTTP clients.
 */

export const TIME_ZONE = 'America/Sao_Paulo';

export const WAREHOUSES = ['embu', 'extrema'] as const;
export type Warehouse = (typeof WAREHOUSES)[number];

export interface JobResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

export interface JobSpec {
  /** DNS label, at most 52 characters (CronJob name limit); also the container argument. */
  readonly name: string;
  readonly description: string;
  /** robfig/cron v3 standard schedule, evaluated by Kubernetes in `timeZone`. */
  readonly schedule: string;
  readonly timeZone: string;
  /** Hard limit: becomes the Job's activeDeadlineSeconds. From the old JOB_TIMEOUTS. */
  readonly timeoutSeconds: number;
  /** Retries for exit code 1 (exit 2 never retries: podFailurePolicy FailJob). */
  readonly backoffLimit: number;
  readonly resources: JobResources;
  /** The warehouse an SLA job computes; absent for suite-wide jobs. */
  readonly warehouse?: Warehouse;
}

const SLA_RESOURCES: JobResources = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '500m', memory: '256Mi' },
};

export const CATALOG: readonly JobSpec[] = Object.freeze([
  {
    name: 'embu-sla',
    description: 'Recomputes the Embu warehouse shipping SLA for the current and previous deadline days',
    schedule: '*/15 * * * *',
    timeZone: TIME_ZONE,
    timeoutSeconds: 300,
    backoffLimit: 2,
    resources: SLA_RESOURCES,
    warehouse: 'embu',
  },
  {
    name: 'extrema-sla',
    description: 'Recomputes the Extrema warehouse shipping SLA for the current and previous deadline days',
    schedule: '*/15 * * * *',
    timeZone: TIME_ZONE,
    timeoutSeconds: 300,
    backoffLimit: 2,
    resources: SLA_RESOURCES,
    warehouse: 'extrema',
  },
  {
    name: 'bonus-calc',
    description: 'Computes month-to-date operator bonuses from the stored daily SLA aggregates',
    schedule: '0 6 * * *',
    timeZone: TIME_ZONE,
    timeoutSeconds: 180,
    backoffLimit: 2,
    resources: {
      requests: { cpu: '50m', memory: '96Mi' },
      limits: { cpu: '250m', memory: '192Mi' },
    },
  },
  {
    name: 'store-status',
    description: "Checks every active store's health URL and records up, degraded or down",
    schedule: '*/5 * * * *',
    timeZone: TIME_ZONE,
    timeoutSeconds: 60,
    backoffLimit: 1,
    resources: {
      requests: { cpu: '50m', memory: '96Mi' },
      limits: { cpu: '250m', memory: '192Mi' },
    },
  },
]);

export const JOB_NAMES: readonly string[] = CATALOG.map((job) => job.name);

export function findJob(name: string): JobSpec | undefined {
  return CATALOG.find((job) => job.name === name);
}
