/**
 * The status service's Prometheus metrics (the contract in observability/known-metrics.ts and the dashboards/alerts
 * built on it), in their own Registry with the default process metrics. Labels stay bounded:
 * namespace, cronjob, and outcome/reason/resource; never a Job or Pod name.
 */
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import type { CronJobSummary } from '../../core/model/summarize.ts';
import type { WatchHealth } from '../watch/resource-watcher.ts';
import { snapshotMetric, type Sample } from './snapshot-metric.ts';

export interface MetricsSnapshot {
  readonly now: Date;
  /** The watched namespace: labels the count of CronJobs seen, also when it is zero. */
  readonly namespace: string;
  readonly summaries: readonly CronJobSummary[];
  readonly watches: readonly WatchHealth[];
  /** Undefined when no Redis is configured. */
  readonly redisConnected: boolean | undefined;
}

export interface StatusMetrics {
  readonly registry: Registry;
  /** The exposition text, computed from one snapshot. */
  render(snapshot: MetricsSnapshot): Promise<string>;
}

const seconds = (date: Date | undefined): number | undefined => (date === undefined ? undefined : date.getTime() / 1000);

export function createStatusMetrics(options: { onCollectError?: (metric: string, error: unknown) => void } = {}): StatusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const collectErrors = new Counter({
    name: 'pontual_status_collect_errors_total',
    help: 'Metric computations that failed at scrape time (that metric was left out of the scrape)',
    labelNames: ['metric'],
    registers: [registry],
  });
  const onError = (metric: string, error: unknown): void => {
    collectErrors.inc({ metric });
    options.onCollectError?.(metric, error);
  };
  let current: MetricsSnapshot | undefined;
  const snapshot = (): MetricsSnapshot => {
    if (current === undefined) throw new Error('metrics read outside a scrape');
    return current;
  };

  const perCronJob = (value: (summary: CronJobSummary) => number | boolean | undefined) => (): Sample[] =>
    snapshot().summaries.flatMap((summary) => {
      const raw = value(summary);
      if (raw === undefined) return [];
      return [{ labels: { namespace: summary.namespace, cronjob: summary.name }, value: typeof raw === 'boolean' ? Number(raw) : raw }];
    });
  const gauge = (name: string, help: string, value: (summary: CronJobSummary) => number | boolean | undefined): void => {
    snapshotMetric('gauge', { name, help, labelNames: ['namespace', 'cronjob'], registry, samples: perCronJob(value), onError });
  };

  snapshotMetric('gauge', {
    name: 'pontual_cronjob_info',
    help: 'CronJob schedule, time zone and concurrency policy (always 1)',
    labelNames: ['namespace', 'cronjob', 'schedule', 'timezone', 'concurrency_policy'],
    registry,
    onError,
    samples: () =>
      snapshot().summaries.map((summary) => ({
        labels: {
          namespace: summary.namespace,
          cronjob: summary.name,
          schedule: summary.schedule,
          timezone: summary.timeZone,
          concurrency_policy: summary.concurrencyPolicy,
        },
        value: 1,
      })),
  });
  gauge('pontual_cronjob_suspended', 'Whether the CronJob is suspended (1) or not (0)', (s) => s.suspended);
  gauge('pontual_cronjob_active_runs', 'Jobs of the CronJob currently running', (s) => s.activeRuns);
  gauge('pontual_cronjob_last_schedule_timestamp_seconds', 'When the controller last created a Job for the schedule (Unix seconds)', (s) =>
    seconds(s.lastSchedule),
  );
  gauge('pontual_cronjob_last_success_timestamp_seconds', 'When a run last succeeded (Unix seconds)', (s) => seconds(s.lastSuccess));
  gauge('pontual_cronjob_last_failure_timestamp_seconds', 'When a run last failed (Unix seconds)', (s) => seconds(s.lastFailure?.at));
  gauge('pontual_cronjob_next_schedule_timestamp_seconds', 'Next schedule time as the CronJob controller computes it (Unix seconds)', (s) =>
    seconds(s.nextSchedule),
  );
  gauge('pontual_cronjob_last_run_failed', '1 while the most recent finished run failed', (s) => s.lastRunFailed);
  gauge('pontual_cronjob_last_duration_seconds', 'Duration of the most recent finished run', (s) => s.lastDurationSeconds);
  gauge('pontual_cronjob_consecutive_failures', 'Finished runs that failed since the last success', (s) => s.consecutiveFailures);
  gauge('pontual_cronjob_late', '1 while the most recent schedule time has no Job past the grace period', (s) => s.late);
  gauge('pontual_cronjob_timeout_seconds', 'The Job timeout (activeDeadlineSeconds)', (s) => s.timeoutSeconds);
  gauge('pontual_cronjob_active_run_duration_seconds', 'Elapsed time of the longest active run, 0 when none', (s) => s.activeRunSeconds);
  gauge('pontual_cronjob_expected_interval_seconds', 'Longest gap between consecutive schedule times over the next 7 days', (s) => s.expectedIntervalSeconds);
  snapshotMetric('gauge', {
    name: 'pontual_cronjob_last_failure_info',
    help: 'What the most recent failed run died of: reason and exit code (empty when unknown), always 1; no Job name, which would make a new series per run',
    labelNames: ['namespace', 'cronjob', 'reason', 'exit_code'],
    registry,
    onError,
    // Labels, not separate gauges: alert annotations show them without the alert's own labels changing per failure.
    samples: () =>
      snapshot().summaries.flatMap((summary) => {
        const failure = summary.lastFailure;
        if (failure === undefined) return [];
        const exitCode = failure.exitCode === undefined ? '' : String(failure.exitCode);
        return [{ labels: { namespace: summary.namespace, cronjob: summary.name, reason: failure.reason, exit_code: exitCode }, value: 1 }];
      }),
  });
  snapshotMetric('counter', {
    name: 'pontual_cronjob_missed_runs_total',
    help: 'Schedule times no Job was created for within startingDeadlineSeconds',
    labelNames: ['namespace', 'cronjob'],
    registry,
    onError,
    samples: perCronJob((s) => s.missedRuns),
  });
  snapshotMetric('counter', {
    name: 'pontual_cronjob_runs_total',
    help: 'Finished runs by outcome (succeeded, failed, skipped) and reason',
    labelNames: ['namespace', 'cronjob', 'outcome', 'reason'],
    registry,
    onError,
    samples: () =>
      snapshot().summaries.flatMap((summary) =>
        summary.runCounts.map((count) => ({
          labels: { namespace: summary.namespace, cronjob: summary.name, outcome: count.outcome, reason: count.reason },
          value: count.count,
        })),
      ),
  });
  snapshotMetric('histogram', {
    name: 'pontual_cronjob_run_duration_seconds',
    help: 'Duration of finished runs',
    labelNames: ['namespace', 'cronjob'],
    registry,
    onError,
    samples: () =>
      snapshot().summaries.flatMap((summary) => {
        const labels = { namespace: summary.namespace, cronjob: summary.name };
        const name = 'pontual_cronjob_run_duration_seconds';
        return [
          ...summary.durations.buckets.map((bucket) => ({ metricName: `${name}_bucket`, labels: { ...labels, le: bucket.le }, value: bucket.count })),
          { metricName: `${name}_bucket`, labels: { ...labels, le: '+Inf' }, value: summary.durations.count },
          { metricName: `${name}_sum`, labels, value: summary.durations.sum },
          { metricName: `${name}_count`, labels, value: summary.durations.count },
        ];
      }),
  });

  const perWatch = (value: (health: WatchHealth, now: number) => number | undefined) => (): Sample[] =>
    snapshot().watches.flatMap((health) => {
      const raw = value(health, snapshot().now.getTime());
      return raw === undefined ? [] : [{ labels: { resource: health.resource }, value: raw }];
    });
  snapshotMetric('counter', {
    name: 'pontual_watch_events_total',
    help: 'Watch events applied to the model',
    labelNames: ['resource'],
    registry,
    onError,
    samples: perWatch((h) => h.events),
  });
  snapshotMetric('counter', {
    name: 'pontual_watch_restarts_total',
    help: 'Watches restarted after an error or silence',
    labelNames: ['resource'],
    registry,
    onError,
    samples: perWatch((h) => h.restarts),
  });
  snapshotMetric('gauge', {
    name: 'pontual_watch_last_event_age_seconds',
    help: 'Seconds since the last watch event',
    labelNames: ['resource'],
    registry,
    onError,
    samples: perWatch((h, now) => (h.lastEventAt === undefined ? undefined : (now - h.lastEventAt) / 1000)),
  });
  snapshotMetric('gauge', {
    name: 'pontual_status_cronjobs_watched',
    help: "The suite's CronJobs the status service sees in the namespace (0: nothing to watch, no pontual_cronjob_* series)",
    labelNames: ['namespace'],
    registry,
    onError,
    samples: () => [{ labels: { namespace: snapshot().namespace }, value: snapshot().summaries.length }],
  });
  snapshotMetric('gauge', {
    name: 'pontual_watch_synced',
    help: 'Whether the watch has listed and is watching',
    labelNames: ['resource'],
    registry,
    onError,
    samples: perWatch((h) => Number(h.synced)),
  });
  snapshotMetric('gauge', {
    name: 'pontual_redis_connected',
    help: 'Whether the run ledger (Redis) is reachable; absent when no Redis is configured',
    labelNames: [],
    registry,
    onError,
    samples: () => {
      const connected = snapshot().redisConnected;
      return connected === undefined ? [] : [{ labels: {}, value: Number(connected) }];
    },
  });

  return {
    registry,
    async render(next) {
      current = next;
      try {
        return await registry.metrics();
      } finally {
        if (current === next) current = undefined;
      }
    },
  };
}
