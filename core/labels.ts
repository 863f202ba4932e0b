/**
 * Label keys and values shared by infra (which writes them), the status service and the CLI
 * (which select on them). Changing one here changes all three.
 */
export const SUITE_NAME = 'pontual';

export const LABELS = {
  name: 'app.kubernetes.io/name',
  partOf: 'app.kubernetes.io/part-of',
  component: 'app.kubernetes.io/component',
  managedBy: 'app.kubernetes.io/managed-by',
  /** The catalog job name, on the CronJob, its Job template and its Pod template. */
  job: 'pontual.io/job',
} as const;

export const COMPONENTS = {
  job: 'job',
  status: 'status',
} as const;

/** Selector for everything of the suite's jobs: `kubectl get cronjobs,jobs,pods -l <this>`. */
export const JOB_SELECTOR = `${LABELS.partOf}=${SUITE_NAME},${LABELS.component}=${COMPONENTS.job}`;

/** Labels a CronJob, its Job template and its Pod template carry for one catalog job. */
export function jobLabels(jobName: string): Record<string, string> {
  return {
    [LABELS.name]: jobName,
    [LABELS.partOf]: SUITE_NAME,
    [LABELS.component]: COMPONENTS.job,
    [LABELS.job]: jobName,
  };
}

/** Set by `kubectl create job --from=cronjob/...` and by `kubectl pontual run`. */
export const MANUAL_INSTANTIATE_ANNOTATION = 'cronjob.kubernetes.io/instantiate';
/** Set by the CronJob controller on the Jobs it creates. */
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/**
 * Set by the Job controller on a Job's Pods (and, since 1.27, on the Job itself); `job-name` is
 * the label older clusters set.
 */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_JOB_NAME_LABEL = 'job-name';

/**
 * The status service's name: its Deployment, Service, ServiceAccount and Role, the Prometheus
 * scrape job, and the host the CLI reaches it at (`<this>.<namespace>.svc`).
 */
export const STATUS_SERVICE_NAME = 'pontual-status';
export const STATUS_SERVICE_PORT = 8080;
/** The status service's metrics-only port in the manifests (METRICS_PORT), which a NetworkPolicy opens to Prometheus alone. */
export const STATUS_METRICS_PORT = 9090;

/** On a Job made by `kubectl pontual run --as-of` or `backfill`: the instant it computes as of (its JOB_AS_OF). */
export const AS_OF_ANNOTATION = 'pontual.io/as-of';
