/**
 * The metrics the status service exposes (the metrics contract between the status and
 * observability engineers) plus what Prometheus adds itself. Dashboards and alerts may read only
 * these; a test holds them to it.
 */

const HISTOGRAMS = ['pontual_cronjob_run_duration_seconds'];

export const KNOWN_METRICS: ReadonlySet<string> = new Set([
  'pontual_cronjob_info',
  'pontual_cronjob_suspended',
  'pontual_cronjob_active_runs',
  'pontual_cronjob_last_schedule_timestamp_seconds',
  'pontual_cronjob_last_success_timestamp_seconds',
  'pontual_cronjob_last_failure_timestamp_seconds',
  'pontual_cronjob_next_schedule_timestamp_seconds',
  'pontual_cronjob_last_run_failed',
  'pontual_cronjob_last_duration_seconds',
  ...HISTOGRAMS.flatMap((name) => [`${name}_bucket`, `${name}_sum`, `${name}_count`]),
  'pontual_cronjob_runs_total',
  'pontual_cronjob_consecutive_failures',
  'pontual_cronjob_missed_runs_total',
  'pontual_cronjob_late',
  'pontual_cronjob_timeout_seconds',
  'pontual_cronjob_active_run_duration_seconds',
  'pontual_cronjob_expected_interval_seconds',
  'pontual_watch_events_total',
  'pontual_watch_restarts_total',
  'pontual_watch_last_event_age_seconds',
  'pontual_watch_synced',
  'pontual_redis_connected',
  // prom-client default metrics the status-service dashboard reads.
  'process_resident_memory_bytes',
  'process_cpu_seconds_total',
  'process_start_time_seconds',
  'nodejs_eventloop_lag_seconds',
  // Written by Prometheus for every scrape target.
  'up',
]);
