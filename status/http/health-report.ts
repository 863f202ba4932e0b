/**
 * The `/health` decision, kept compatible with the Flask app's JSON (`status`, `scheduler_running`,
 * `redis_connected`, `timestamp`) and computed from the cluster instead of an in-process scheduler.
 */
import type { CronJobSummary } from '../../core/model/summarize.ts';
import type { WatchHealth } from '../watch/resource-watcher.ts';

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface HealthReport {
  readonly status: HealthStatus;
  /** The cluster is scheduling the suite on time: no non-suspended CronJob is late. */
  readonly scheduler_running: boolean;
  readonly redis_connected: boolean;
  /** False when no REDIS_URL is set: then Redis cannot degrade health. */
  readonly redis_configured: boolean;
  readonly timestamp: string;
  /** Why the status is not healthy, for a human. */
  readonly problems: readonly string[];
  readonly jobs: readonly JobHealth[];
}

export interface JobHealth {
  readonly name: string;
  readonly namespace: string;
  readonly suspended: boolean;
  readonly last_outcome: string | null;
  readonly last_success: string | null;
  readonly last_failure: string | null;
  readonly last_failure_reason: string | null;
  readonly consecutive_failures: number;
  readonly missed_runs: number;
  readonly late: boolean;
  readonly active_runs: number;
  readonly next_schedule: string | null;
}

export interface HealthInput {
  readonly now: Date;
  /** The watched namespace, named when it holds none of the suite's CronJobs. */
  readonly namespace: string;
  readonly summaries: readonly CronJobSummary[];
  readonly watches: readonly WatchHealth[];
  /** Undefined when no Redis is configured: then it cannot degrade health. */
  readonly redisConnected: boolean | undefined;
  /** Why Redis is not connected (down, or reads failing or timing out), when known. */
  readonly redisProblem?: string | undefined;
}

export function healthReport(input: HealthInput): HealthReport {
  const problems: string[] = [];
  const unsynced = input.watches.filter((watch) => !watch.synced).map((watch) => watch.resource);
  if (unsynced.length > 0) problems.push(`not watching the Kubernetes API: ${unsynced.join(', ')}`);
  // Nothing to watch is not healthy: a deleted namespace or a mistyped WATCH_NAMESPACE looks like this.
  else if (input.summaries.length === 0) problems.push(`no CronJobs of the suite in namespace ${input.namespace} (deleted, or WATCH_NAMESPACE wrong?)`);
  const late = input.summaries.filter((summary) => summary.late && !summary.suspended).map((summary) => summary.name);
  if (late.length > 0) problems.push(`late: ${late.join(', ')}`);
  if (input.redisConnected === false) problems.push(input.redisProblem ?? 'Redis (run ledger) unreachable');
  const failing = input.summaries.filter((summary) => summary.lastRunFailed).map((summary) => summary.name);
  if (failing.length > 0) problems.push(`last run failed: ${failing.join(', ')}`);
  const status: HealthStatus = unsynced.length > 0 ? 'unhealthy' : problems.length > 0 ? 'degraded' : 'healthy';
  const iso = (date: Date | undefined): string | null => (date === undefined ? null : date.toISOString());
  return {
    status,
    scheduler_running: unsynced.length === 0 && late.length === 0,
    redis_connected: input.redisConnected === true,
    redis_configured: input.redisConnected !== undefined,
    timestamp: input.now.toISOString(),
    problems,
    jobs: input.summaries.map((summary) => ({
      name: summary.name,
      namespace: summary.namespace,
      suspended: summary.suspended,
      last_outcome: summary.lastOutcome ?? null,
      last_success: iso(summary.lastSuccess),
      last_failure: iso(summary.lastFailure?.at),
      last_failure_reason: summary.lastFailure?.reason ?? null,
      consecutive_failures: summary.consecutiveFailures,
      missed_runs: summary.missedRuns,
      late: summary.late,
      active_runs: summary.activeRuns,
      next_schedule: iso(summary.nextSchedule),
    })),
  };
}
