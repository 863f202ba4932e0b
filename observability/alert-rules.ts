/**
 * Prometheus alert rules for pontual's CronJobs and its status service, as plain data: infra wraps
 * them in a PrometheusRule, the generator writes them as a Prometheus rules file for promtool.
 *
 * Every CronJob expression aggregates with `max by (namespace, cronjob)` so two status-service
 * replicas (or a rolling update) page once per job, and so `$labels` carries exactly the two labels
 * the descriptions use.
 */
import { STATUS_SERVICE_NAME } from '../core/labels.ts';

export interface PrometheusRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface PrometheusRuleGroup {
  name: string;
  rules: PrometheusRule[];
}

export interface AlertRuleOptions {
  /** Where docs/runbooks.md is browsable; each alert links to its own section. */
  readonly runbookUrl?: string;
}

export const DEFAULT_RUNBOOK_URL = 'https://github.com/pontual/pontual/blob/main/docs/runbooks.md';

/** The status service's scrape job: the Service name, which is what a ServiceMonitor makes the job label. */
/** The ServiceMonitor's job label is the Service's name. */
export const STATUS_SCRAPE_JOB = STATUS_SERVICE_NAME;

/** Pages after this many failed runs in a row. */
export const CONSECUTIVE_FAILURES_THRESHOLD = 3;
/** A watch with no event for this long is considered stale (well above the API server's watch timeouts). */
export const WATCH_STALE_SECONDS = 1800;

const byJob = (expr: string): string => `max by (namespace, cronjob) (${expr})`;
const suspended = `${byJob('pontual_cronjob_suspended')} == 1`;
const job = '{{ $labels.namespace }}/{{ $labels.cronjob }}';

export function alertRuleGroups(options: AlertRuleOptions = {}): PrometheusRuleGroup[] {
  const runbook = (anchor: string): string => `${options.runbookUrl ?? DEFAULT_RUNBOOK_URL}#${anchor}`;

  const cronJobRules: PrometheusRule[] = [
    {
      alert: 'PontualCronJobLastRunFailed',
      expr: `${byJob('pontual_cronjob_last_run_failed')} == 1`,
      labels: { severity: 'warning' },
      annotations: {
        summary: `CronJob ${job}: the last run failed`,
        description:
          'The most recent finished run of CronJob {{ $labels.cronjob }} in namespace {{ $labels.namespace }} failed. ' +
          'The alert clears by itself when a later run succeeds.',
        runbook_url: runbook('pontualcronjoblastrunfailed'),
      },
    },
    {
      alert: 'PontualCronJobConsecutiveFailures',
      expr: `${byJob('pontual_cronjob_consecutive_failures')} >= ${CONSECUTIVE_FAILURES_THRESHOLD}`,
      labels: { severity: 'critical' },
      annotations: {
        summary: `CronJob ${job}: {{ $value }} failed runs in a row`,
        description:
          'CronJob {{ $labels.cronjob }} in namespace {{ $labels.namespace }} has failed {{ $value }} consecutive runs ' +
          `(threshold ${CONSECUTIVE_FAILURES_THRESHOLD}); its results are going stale.`,
        runbook_url: runbook('pontualcronjobconsecutivefailures'),
      },
    },
    {
      alert: 'PontualCronJobRunMissed',
      // The counter only grows, so a window turns "a run was missed" into an alert that resolves on its own.
      expr: `${byJob('increase(pontual_cronjob_missed_runs_total[1h])')} > 0`,
      labels: { severity: 'warning' },
      annotations: {
        summary: `CronJob ${job}: a scheduled run was missed`,
        description:
          'CronJob {{ $labels.cronjob }} in namespace {{ $labels.namespace }} missed about {{ printf "%.0f" $value }} scheduled run(s) ' +
          'in the last hour: the CronJob controller did not start them within startingDeadlineSeconds.',
        runbook_url: runbook('pontualcronjobrunmissed'),
      },
    },
    {
      alert: 'PontualCronJobRunLate',
      expr: `${byJob('pontual_cronjob_late')} == 1 unless on (namespace, cronjob) (${suspended})`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `CronJob ${job}: the scheduled run has not started`,
        description:
          'CronJob {{ $labels.cronjob }} in namespace {{ $labels.namespace }} passed its scheduled time and no run has started for 5 minutes.',
        runbook_url: runbook('pontualcronjobrunlate'),
      },
    },
    {
      alert: 'PontualCronJobRunNearTimeout',
      // Jobs without a timeout (0) are filtered out on the right-hand side instead of firing on every run.
      expr:
        `${byJob('pontual_cronjob_active_run_duration_seconds')} ` +
        `> 0.8 * (${byJob('pontual_cronjob_timeout_seconds')} > 0)`,
      labels: { severity: 'warning' },
      annotations: {
        summary: `CronJob ${job}: a run is close to its timeout`,
        description:
          'A run of CronJob {{ $labels.cronjob }} in namespace {{ $labels.namespace }} has been going for {{ $value | humanizeDuration }}, ' +
          'over 80 % of its activeDeadlineSeconds; Kubernetes will kill it at the deadline.',
        runbook_url: runbook('pontualcronjobrunneartimeout'),
      },
    },
    {
      alert: 'PontualCronJobNoRecentSuccess',
      // Per job, from its own schedule: two expected intervals plus its timeout tolerate one failed run.
      // `> 0` drops jobs that never succeeded (the consecutive-failures alert covers those), the
      // `unless` drops suspended ones, and a missing timeout counts as 0 rather than hiding the job.
      expr:
        `time() - ${byJob('pontual_cronjob_last_success_timestamp_seconds > 0')} ` +
        `> 2 * ${byJob('pontual_cronjob_expected_interval_seconds')} ` +
        `+ on (namespace, cronjob) (${byJob('pontual_cronjob_timeout_seconds')} or 0 * ${byJob('pontual_cronjob_expected_interval_seconds')}) ` +
        `unless on (namespace, cronjob) (${suspended})`,
      labels: { severity: 'critical' },
      annotations: {
        summary: `CronJob ${job}: no successful run for {{ $value | humanizeDuration }}`,
        description:
          'CronJob {{ $labels.cronjob }} in namespace {{ $labels.namespace }} last succeeded {{ $value | humanizeDuration }} ago, ' +
          'more than twice its schedule interval plus its timeout.',
        runbook_url: runbook('pontualcronjobnorecentsuccess'),
      },
    },
    {
      alert: 'PontualCronJobSuspendedTooLong',
      expr: suspended,
      for: '24h',
      labels: { severity: 'warning' },
      annotations: {
        summary: `CronJob ${job} has been suspended for over 24 hours`,
        description:
          'CronJob {{ $labels.cronjob }} in namespace {{ $labels.namespace }} has been suspended for more than 24 hours: ' +
          'none of its runs are happening. Resume it or remove it from the catalog.',
        runbook_url: runbook('pontualcronjobsuspendedtoolong'),
      },
    },
  ];

  const up = `up{job="${STATUS_SCRAPE_JOB}"}`;
  const statusRules: PrometheusRule[] = [
    {
      alert: 'PontualStatusServiceDown',
      // Down when no replica answers, or when Prometheus has no target at all (Service or ServiceMonitor gone).
      expr: `sum by (namespace) (${up}) == 0 or absent(${up})`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'pontual status service is down{{ with $labels.namespace }} in namespace {{ . }}{{ end }}',
        description:
          'Prometheus cannot scrape any pontual-status replica{{ with $labels.namespace }} in namespace {{ . }}{{ end }}. ' +
          'While it is down, no other pontual alert can fire.',
        runbook_url: runbook('pontualstatusservicedown'),
      },
    },
    {
      alert: 'PontualStatusWatchNotSynced',
      expr: `min by (namespace, resource) (pontual_watch_synced{job="${STATUS_SCRAPE_JOB}"}) == 0`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'pontual status service: {{ $labels.resource }} watch not synced in {{ $labels.namespace }}',
        description:
          'The pontual status service in namespace {{ $labels.namespace }} has not had a synced watch on {{ $labels.resource }} for 5 minutes: ' +
          'the metrics and alerts of its CronJobs are not current.',
        runbook_url: runbook('pontualstatuswatchnotsynced'),
      },
    },
    {
      alert: 'PontualStatusWatchStale',
      expr: `max by (namespace, resource) (pontual_watch_last_event_age_seconds{job="${STATUS_SCRAPE_JOB}"}) > ${WATCH_STALE_SECONDS}`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'pontual status service: no {{ $labels.resource }} watch event for {{ $value | humanizeDuration }}',
        description:
          'The pontual status service in namespace {{ $labels.namespace }} has received no {{ $labels.resource }} watch event for ' +
          '{{ $value | humanizeDuration }}: the watch may have died silently.',
        runbook_url: runbook('pontualstatuswatchstale'),
      },
    },
  ];

  return [
    { name: 'pontual-cronjobs', rules: cronJobRules },
    { name: 'pontual-status-service', rules: statusRules },
  ];
}
