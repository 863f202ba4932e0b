import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, createClusterModel, toCronJobRecord, toJobRecord } from '../../../core/model/cluster-model.ts';
import { summarizeCronJobs } from '../../../core/model/summarize.ts';
import { healthReport } from '../../../status/http/health-report.ts';
import { renderStatusPage } from '../../../status/http/status-page.ts';
import type { WatchHealth } from '../../../status/watch/resource-watcher.ts';
import { cronJobObject, jobObject } from '../../../devkit/status-fixtures.ts';

const NOW = new Date('2026-03-02T12:20:00Z');
const synced = (synced: boolean): WatchHealth[] =>
  (['cronjobs', 'jobs', 'pods'] as const).map((resource) => ({ resource, synced, events: 0, restarts: 0, lastEventAt: undefined, lastActivityAt: 0 }));

function model(options: { failed?: boolean; lateBy?: boolean } = {}) {
  const cluster = createClusterModel({ now: () => new Date('2026-03-02T12:00:30Z') });
  applyEvent(
    cluster,
    'cronjobs',
    'ADDED',
    toCronJobRecord(
      cronJobObject('embu-sla', { created: '2026-03-01T00:00:00Z', lastSchedule: options.lateBy === true ? '2026-03-02T12:00:00Z' : '2026-03-02T12:15:00Z' }),
    ),
  );
  applyEvent(cluster, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('bonus-calc', { schedule: '0 6 * * *', suspend: true })));
  applyEvent(
    cluster,
    'jobs',
    'ADDED',
    toJobRecord(
      jobObject('embu-sla-a', {
        cronJob: 'embu-sla',
        started: '2026-03-02T12:15:01Z',
        end:
          options.failed === true
            ? { type: 'Failed', at: '2026-03-02T12:15:09Z', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }
            : { type: 'Complete', at: '2026-03-02T12:15:09Z' },
      }),
    ),
  );
  return summarizeCronJobs(cluster, { now: NOW });
}

describe('/health', () => {
  test('healthy: the old fields, computed from the cluster, plus a per-job summary', () => {
    const report = healthReport({ now: NOW, namespace: 'pontual', summaries: model(), watches: synced(true), redisConnected: true });
    assert.deepEqual(
      { status: report.status, scheduler_running: report.scheduler_running, redis_connected: report.redis_connected, timestamp: report.timestamp },
      { status: 'healthy', scheduler_running: true, redis_connected: true, timestamp: '2026-03-02T12:20:00.000Z' },
    );
    assert.deepEqual(
      report.jobs.map((job) => [job.name, job.last_outcome, job.suspended]),
      [
        ['bonus-calc', null, true],
        ['embu-sla', 'succeeded', false],
      ],
    );
  });

  test('Redis down degrades, and says so', () => {
    const report = healthReport({ now: NOW, namespace: 'pontual', summaries: model(), watches: synced(true), redisConnected: false });
    assert.equal(report.status, 'degraded');
    assert.equal(report.redis_connected, false);
    assert.deepEqual(report.problems, ['Redis (run ledger) unreachable']);
  });

  test('a late CronJob means the scheduler is not running on time', () => {
    const report = healthReport({ now: NOW, namespace: 'pontual', summaries: model({ lateBy: true }), watches: synced(true), redisConnected: undefined });
    assert.equal(report.scheduler_running, false);
    assert.equal(report.status, 'degraded');
    assert.equal(report.redis_configured, false);
  });

  test('no CronJob to watch is degraded, naming the namespace', () => {
    const report = healthReport({ now: NOW, namespace: 'pontual-typo', summaries: [], watches: synced(true), redisConnected: true });
    assert.equal(report.status, 'degraded');
    assert.deepEqual(report.problems, ['no CronJobs of the suite in namespace pontual-typo (deleted, or WATCH_NAMESPACE wrong?)']);
  });

  test('not watching the API is unhealthy', () => {
    assert.equal(healthReport({ now: NOW, namespace: 'pontual', summaries: model(), watches: synced(false), redisConnected: true }).status, 'unhealthy');
  });
});

describe('status page', () => {
  test('one row per job with its state, the failure reason, and times in São Paulo', () => {
    const summaries = model({ failed: true });
    const html = renderStatusPage({
      summaries,
      health: healthReport({ now: NOW, namespace: 'pontual', summaries, watches: synced(true), redisConnected: true }),
      now: NOW,
      namespace: 'pontual',
    });
    const rows = [...html.matchAll(/<tr data-cronjob="([^"]+)">[\s\S]*?<span class="state (\w+)">/gu)].map((match) => [match[1], match[2]]);
    assert.deepEqual(rows, [
      ['bonus-calc', 'suspended'],
      ['embu-sla', 'failed'],
    ]);
    assert.match(html, /BackoffLimitExceeded: Job has reached the specified backoff limit/);
    assert.match(html, /02\/03 09:30:00/, 'next run 12:30 UTC shown as 09:30 in São Paulo');
  });

  test('escapes what comes from the cluster', () => {
    const summaries = model({ failed: true }).map((summary) => ({ ...summary, schedule: '<script>alert(1)</script>' }));
    const html = renderStatusPage({
      summaries,
      health: healthReport({ now: NOW, namespace: 'pontual', summaries, watches: synced(true), redisConnected: true }),
      now: NOW,
      namespace: 'pontual',
    });
    assert.doesNotMatch(html, /<script>/);
  });
});
