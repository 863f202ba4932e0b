/**
 * Prometheus alert rules for pontual's CronJobs and its status service, as plain data: infra wraps
 * them in a PrometheusRule, the generator writes them as a Prometheus rules file for promtool.
 *
 * Every CronJob expression aggregates with `max by (namespace, cronjob)` so two status-service
 * replicas (or a rolling update) page once per job, and so `$labels` carries exactly the two labels
 * the descriptions use.
 */
import { STATUS_SERVICE_NAME } from '../core/labels.ts';

import { JOB_NAMES } from '../core/catalog.ts';

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
  /** CronJobs every namespace the status service watches must hold (default: the job catalog's). */
  readonly expectedCronJobs?: readonly string[];
  /** Base URL of the status service as people reach it; job alerts link to `<base>/jobs/<cronjob>`. */
  readonly statusUrl?: string;
  /**
   * The namespace the rules watch the status service in. With it, "status service down" and the
   * heartbeat carry the namespace even when Prometheus has no target at all (Alertmanager routes
   * and inhibits per namespace); without it (the plain rules file) they watch every namespace.
   */
  readonly namespace?: string;
  /**
   * Per-job settings: each job gets its own rules; CronJobs not listed get the defaults. Without
   * it, one set of rules with the defaults covers every CronJob.
   */
  readonly jobs?: readonly { readonly name: string; readonly alerts: JobAlertSettings }[];
}

/**
 * A job's alert settings (catalog, overridable in Helm values). Numbers here; in the Helm chart
 * the generator passes template tokens instead, hence `number | string`.
 */
export interface JobAlertSettings {
  /** PontualCronJobConsecutiveFailures fires at this many failed runs in a row. */
  readonly consecutiveFailures: number | string;
  /** PontualCronJobNoRecentSuccess after this long without a success; 0: twice the schedule interval plus the timeout. */
  readonly noRecentSuccessSeconds: number | string;
  /** Severity of the job's paging alerts (consecutive failures, no recent success). */
  readonly severity: string;
  /** `team` label on every alert of the job, for routing and ownership; '' for none. */
  readonly team: string;
}

export const DEFAULT_JOB_ALERTS: JobAlertSettings = { consecutiveFailures: 3, noRecentSuccessSeconds: 0, severity: 'critical', team: '' };

/** Each job's settings: its own (catalog) over the defaults. */
export function jobAlertSettings(
  jobs: readonly { readonly name: string; readonly alerts?: Partial<JobAlertSettings> }[],
): { name: string; alerts: JobAlertSettings }[] {
  return jobs.map((job) => ({ name: job.name, alerts: { ...DEFAULT_JOB_ALERTS, ...job.alerts } }));
}

export const DEFAULT_RUNBOOK_URL = 'https://github.com/pontual/pontual/blob/main/docs/runbooks.md';
export const DEFAULT_STATUS_URL = 'http://pontual-status.pontual.svc:8080';
/** Always firing while a status-service replica is scraped: the dead-man's switch's heartbeat. */
export const HEARTBEAT_ALERT = 'PontualHeartbeat';
export const STATUS_DOWN_ALERT = 'PontualStatusServiceDown';

/** The status service's scrape job: the Service name, which is what a ServiceMonitor makes the job label. */
/** The ServiceMonitor's job label is the Service's name. */
export const STATUS_SCRAPE_JOB = STATUS_SERVICE_NAME;

/** A watch with no event for this long is considered stale (well above the API server's watch timeouts). */
export const WATCH_STALE_SECONDS = 1800;

const byJob = (expr: string): string => `max by (namespace, cronjob) (${expr})`;
const suspended = `${byJob('pontual_cronjob_suspended')} == 1`;
const job = '{{ $labels.namespace }}/{{ $labels.cronjob }}';
/** This job's series of `metric`, for the annotation templates' `query`. */
const jobSeries = (metric: string): string => `printf "max by (reason, exit_code) (${metric}{namespace=%q, cronjob=%q})" $labels.namespace $labels.cronjob`;
/**
 * What failed, read at evaluation time from the status service's last-failure series so the alert's
 * labels stay the same from one failed run to the next: "reason ExitCode2, exit code 2".
 */
const FAILURE_ANNOTATION =
  `{{ range ${jobSeries('pontual_cronjob_last_failure_info')} | query }}` +
  'reason {{ .Labels.reason }}{{ with .Labels.exit_code }}, exit code {{ . }}{{ end }}' +
  '{{ else }}unknown (no failed run recorded){{ end }}';
/** Since when: the last success (or "never"), absolute and relative. */
const LAST_SUCCESS_ANNOTATION =
  '{{ range printf "max by (namespace, cronjob) (pontual_cronjob_last_success_timestamp_seconds{namespace=%q, cronjob=%q}) > 0" $labels.namespace $labels.cronjob | query }}' +
  '{{ .Value | humanizeTimestamp }}{{ else }}never{{ end }}';

/** Every status-service metric of the expression limited to the CronJobs `selector` matches. */
function withSelector(expr: string, selector: string): string {
  return selector === '' ? expr : expr.replace(/\b(pontual_cronjob_\w+)\b(?!\{)/g, `$1{${selector}}`);
}

/** The no-recent-success allowance in words, chosen by Prometheus' template at evaluation time. */
function allowance(windowSeconds: number | string): string {
  const auto = 'twice its schedule interval plus its timeout';
  // Always the template, so a Helm value renders the same text as a number from the catalog.
  return `{{ if eq "${windowSeconds}" "0" }}${auto}{{ else }}${windowSeconds} seconds, the window set for this job{{ end }}`;
}

export function alertRuleGroups(options: AlertRuleOptions = {}): PrometheusRuleGroup[] {
  const runbook = (anchor: string): string => `${options.runbookUrl ?? DEFAULT_RUNBOOK_URL}#${anchor}`;
  const statusPage = `${(options.statusUrl ?? DEFAULT_STATUS_URL).replace(/\/+$/, '')}/jobs/{{ $labels.cronjob }}`;
  const failure = { failure: FAILURE_ANNOTATION, last_success: LAST_SUCCESS_ANNOTATION };

  const cronJobRules = (settings: JobAlertSettings): PrometheusRule[] => [
    {
      alert: 'PontualCronJobLastRunFailed',
      expr: `${byJob('pontual_cronjob_last_run_failed')} == 1`,
      labels: { severity: 'warning' },
      annotations: {
        summary: `CronJob ${job}: the last run failed`,
        description:
          'The most recent finished run of CronJob {{ $labels.cronjob }} in namespace {{ $labels.namespace }} failed. ' +
          'The alert clears by itself when a later run succeeds.',
        ...failure,
        runbook_url: runbook('pontualcronjoblastrunfailed'),
        status_url: statusPage,
      },
    },
    {
      alert: 'PontualCronJobConsecutiveFailures',
      expr: `${byJob('pontual_cronjob_consecutive_failures')} >= ${settings.consecutiveFailures}`,
      labels: { severity: settings.severity },
      annotations: {
        summary: `CronJob ${job}: {{ $value }} failed runs in a row`,
        description:
          'CronJob {{ $labels.cronjob }} in namespace {{ $labels.namespace }} has failed {{ $value }} consecutive runs ' +
          `(threshold ${settings.consecutiveFailures}); its results are going stale.`,
        ...failure,
        runbook_url: runbook('pontualcronjobconsecutivefailures'),
        status_url: statusPage,
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
        status_url: statusPage,
      },
    },
    {
      alert: 'PontualCronJobRunLate',
      expr: `${byJob('pontual_cronjob_late')} == 1 unless on (namespace, cronjob) (${suspended})`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `CronJob ${job}: the scheduled run has not started`,
        description: 'CronJob {{ $labels.cronjob }} in namespace {{ $labels.namespace }} passed its scheduled time and no run has started for 5 minutes.',
        runbook_url: runbook('pontualcronjobrunlate'),
        status_url: statusPage,
      },
    },
    {
      alert: 'PontualCronJobRunNearTimeout',
      // Jobs without a timeout (0) are filtered out on the right-hand side instead of firing on every run.
      expr: `${byJob('pontual_cronjob_active_run_duration_seconds')} ` + `> 0.8 * (${byJob('pontual_cronjob_timeout_seconds')} > 0)`,
      labels: { severity: 'warning' },
      annotations: {
        summary: `CronJob ${job}: a run is close to its timeout`,
        description:
          'A run of CronJob {{ $labels.cronjob }} in namespace {{ $labels.namespace }} has been going for {{ $value | humanizeDuration }}, ' +
          'over 80 % of its activeDeadlineSeconds; Kubernetes will kill it at the deadline.',
        runbook_url: runbook('pontualcronjobrunneartimeout'),
        status_url: statusPage,
      },
    },
    {
      alert: 'PontualCronJobNoRecentSuccess',
      // Per job, from its own schedule: two expected intervals plus its timeout tolerate one failed run.
      // `> 0` drops jobs that never succeeded (the consecutive-failures alert covers those), the
      // `unless` drops suspended ones, and a missing timeout counts as 0 rather than hiding the job.
      expr:
        `time() - ${byJob('pontual_cronjob_last_success_timestamp_seconds > 0')} ` +
        `> (2 * ${byJob('pontual_cronjob_expected_interval_seconds')} ` +
        `+ on (namespace, cronjob) (${byJob('pontual_cronjob_timeout_seconds')} or 0 * ${byJob('pontual_cronjob_expected_interval_seconds')})) ` +
        // A window set for the job replaces the computed allowance: (auto) * (W == 0) + W.
        `* (${settings.noRecentSuccessSeconds} == bool 0) + ${settings.noRecentSuccessSeconds} ` +
        `unless on (namespace, cronjob) (${suspended})`,
      labels: { severity: settings.severity },
      annotations: {
        summary: `CronJob ${job}: no successful run for {{ $value | humanizeDuration }}`,
        description:
          'CronJob {{ $labels.cronjob }} in namespace {{ $labels.namespace }} last succeeded {{ $value | humanizeDuration }} ago, ' +
          `more than ${allowance(settings.noRecentSuccessSeconds)}.`,
        runbook_url: runbook('pontualcronjobnorecentsuccess'),
        status_url: statusPage,
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
        status_url: statusPage,
      },
    },
  ];

  // One term per expected CronJob: each namespace the status service watches, unless that CronJob is seen in it.
  const watchedNamespaces = `max by (namespace) (pontual_watch_synced{job="${STATUS_SCRAPE_JOB}"})`;
  const absent = (options.expectedCronJobs ?? JOB_NAMES)
    .map(
      (name) =>
        `label_replace(${watchedNamespaces} unless on (namespace) max by (namespace) (pontual_cronjob_info{cronjob="${name}"}), "cronjob", "${name}", "", "")`,
    )
    .join(' or ');

  const absentRule: PrometheusRule = {
    alert: 'PontualCronJobAbsent',
    // Without its CronJob a job has no pontual_cronjob_* series, so no other alert can fire for it.
    expr: absent,
    for: '10m',
    labels: { severity: 'critical', team: DEFAULT_JOB_ALERTS.team },
    annotations: {
      summary: `CronJob ${job} does not exist`,
      description:
        'The pontual status service in namespace {{ $labels.namespace }} sees no CronJob {{ $labels.cronjob }}, which the job catalog expects: ' +
        'that job is not running at all and none of its other alerts can fire (namespace deleted, CronJob deleted, or WATCH_NAMESPACE wrong).',
      runbook_url: runbook('pontualcronjobabsent'),
      status_url: statusPage,
    },
  };

  const jobs = options.jobs ?? [];
  // `cronjob` as a rule label too (the same value the expression yields): rules of one alert then
  // differ in their labels, which promtool requires of rules with the same name.
  const rulesOf = (selector: string, settings: JobAlertSettings, labels: Record<string, string> = {}): PrometheusRule[] =>
    cronJobRules(settings).map((rule) => ({
      ...rule,
      expr: withSelector(rule.expr, selector),
      labels: { ...rule.labels, team: settings.team, ...labels },
    }));
  const allJobRules = [
    ...jobs.flatMap((entry) => rulesOf(`cronjob="${entry.name}"`, entry.alerts, { cronjob: entry.name })),
    // CronJobs outside the catalog (or every CronJob, without per-job settings) get the defaults.
    ...rulesOf(jobs.length === 0 ? '' : `cronjob!~"${jobs.map((entry) => entry.name).join('|')}"`, DEFAULT_JOB_ALERTS),
  ];

  const inNamespace = options.namespace === undefined ? '' : `, namespace="${options.namespace}"`;
  const up = `up{job="${STATUS_SCRAPE_JOB}"${inNamespace}}`;
  const statusRules: PrometheusRule[] = [
    {
      alert: HEARTBEAT_ALERT,
      // The dead-man's switch: fires for as long as a status-service replica is scraped, so the
      // external heartbeat stops when the cluster, Prometheus, Alertmanager or the status service does.
      expr: `max by (namespace) (${up}) == 1`,
      labels: { severity: 'none' },
      annotations: {
        summary: 'pontual heartbeat{{ with $labels.namespace }} from namespace {{ . }}{{ end }}: the alerting pipeline works',
        description:
          'Always firing while Prometheus scrapes the pontual status service{{ with $labels.namespace }} in namespace {{ . }}{{ end }}. ' +
          'It is routed to an external heartbeat URL ' +
          '(Healthchecks.io or compatible), which alerts when the pings stop. Never page on it.',
        runbook_url: runbook('pontualheartbeat'),
      },
    },
    {
      alert: STATUS_DOWN_ALERT,
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
      expr: `min by (namespace, resource) (pontual_watch_synced{job="${STATUS_SCRAPE_JOB}"${inNamespace}}) == 0`,
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
      expr: `max by (namespace, resource) (pontual_watch_last_event_age_seconds{job="${STATUS_SCRAPE_JOB}"${inNamespace}}) > ${WATCH_STALE_SECONDS}`,
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
    { name: 'pontual-cronjobs', rules: [absentRule, ...allJobRules] },
    { name: 'pontual-status-service', rules: statusRules },
  ];
}
