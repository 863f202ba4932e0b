/**
 * The metrics the status service exposes (the metrics contract between the status and
 * observability engineers) plus what Prometheus adds itself. Dashboards and alerts may read only
 * these; tests hold them to it, and test/unit/observability/metrics-contract.test.ts holds the
 * status service's registry to this list, names and labels.
 */

/** Every metric family the status service declares, with its labels. */
export const STATUS_METRICS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  pontual_cronjob_info: ['namespace', 'cronjob', 'schedule', 'timezone', 'concurrency_policy'],
  pontual_cronjob_suspended: ['namespace', 'cronjob'],
  pontual_cronjob_active_runs: ['namespace', 'cronjob'],
  pontual_cronjob_last_schedule_timestamp_seconds: ['namespace', 'cronjob'],
  pontual_cronjob_last_success_timestamp_seconds: ['namespace', 'cronjob'],
  pontual_cronjob_last_failure_timestamp_seconds: ['namespace', 'cronjob'],
  pontual_cronjob_last_failure_info: ['namespace', 'cronjob', 'reason', 'exit_code'],
  pontual_cronjob_next_schedule_timestamp_seconds: ['namespace', 'cronjob'],
  pontual_cronjob_last_run_failed: ['namespace', 'cronjob'],
  pontual_cronjob_last_duration_seconds: ['namespace', 'cronjob'],
  pontual_cronjob_run_duration_seconds: ['namespace', 'cronjob'],
  pontual_cronjob_runs_total: ['namespace', 'cronjob', 'outcome', 'reason'],
  pontual_cronjob_consecutive_failures: ['namespace', 'cronjob'],
  pontual_cronjob_missed_runs_total: ['namespace', 'cronjob'],
  pontual_cronjob_late: ['namespace', 'cronjob'],
  pontual_cronjob_timeout_seconds: ['namespace', 'cronjob'],
  pontual_cronjob_active_run_duration_seconds: ['namespace', 'cronjob'],
  pontual_cronjob_expected_interval_seconds: ['namespace', 'cronjob'],
  pontual_watch_events_total: ['resource'],
  pontual_watch_restarts_total: ['resource'],
  pontual_watch_last_event_age_seconds: ['resource'],
  pontual_watch_synced: ['resource'],
  pontual_redis_connected: [],
  pontual_status_cronjobs_watched: ['namespace'],
  pontual_status_collect_errors_total: ['metric'],
});

/** Families exposed as `_bucket`, `_sum` and `_count` series. */
export const HISTOGRAMS: readonly string[] = ['pontual_cronjob_run_duration_seconds'];

/** prom-client default metrics the status-service dashboard reads. */
export const DEFAULT_PROCESS_METRICS: readonly string[] = [
  'process_resident_memory_bytes',
  'process_cpu_seconds_total',
  'process_start_time_seconds',
  'nodejs_eventloop_lag_seconds',
];

export const KNOWN_METRICS: ReadonlySet<string> = new Set([
  ...Object.keys(STATUS_METRICS).flatMap((name) => (HISTOGRAMS.includes(name) ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name])),
  ...DEFAULT_PROCESS_METRICS,
  // Written by Prometheus for every scrape target.
  'up',
]);
