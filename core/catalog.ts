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

/** The HTTP APIs a job reads; it gets only their URLs and tokens. */
export const API_SOURCES = ['wms', 'oms'] as const;
export type ApiSource = (typeof API_SOURCES)[number];

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
  /**
   * The APIs the job reads. Its pods get only those APIs' settings and tokens (least privilege:
   * bonus-calc reads Redis only); absent means both, for jobs defined outside the catalog.
   */
  readonly sources?: readonly ApiSource[];
  /** Alert settings where the defaults (3 failures in a row, critical, no team) do not fit. */
  readonly alerts?: JobAlerts;
}

export interface JobAlerts {
  /** Page at this many failed runs in a row. */
  readonly consecutiveFailures?: number;
  /** Page when nothing succeeded for this long; 0 or absent: twice the schedule interval plus the timeout. */
  readonly noRecentSuccessSeconds?: number;
  readonly severity?: 'critical' | 'warning';
  /** `team` label on the job's alerts. */
  readonly team?: string;
}

/**
 * Measured at 200,000 orders inside the image under podman with this limit (`npm run bench:sla --
 * --image <image> [--job extrema-sla]`, README): process peak RSS 134-158 MiB over both jobs (3 runs
 * each), the container's cgroup peak 76-100 MiB, never killed; 2.5-2.8 s of CPU. Request: the
 * highest process peak, rounded up, so the scheduler reserves what a run uses. Limit: 1.6 × that
 * peak, room for more orders and a busier day's pages.
 */
const SLA_RESOURCES: JobResources = {
  requests: { cpu: '100m', memory: '160Mi' },
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
    sources: ['wms'],
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
    sources: ['wms'],
  },
  {
    name: 'bonus-calc',
    description: 'Computes month-to-date operator bonuses from the stored daily SLA aggregates',
    schedule: '0 6 * * *',
    timeZone: TIME_ZONE,
    timeoutSeconds: 180,
    backoffLimit: 2,
    // From the stored SLA aggregates in Redis: no API.
    sources: [],
    // Daily: three failures in a row would be three days of stale bonuses.
    alerts: { consecutiveFailures: 1 },
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
    sources: ['oms'],
    // Every 5 minutes and self-healing: six failures (30 minutes) before paging.
    alerts: { consecutiveFailures: 6 },
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
