import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, createClusterModel, toCronJobRecord, toJobRecord } from '../../../core/model/cluster-model.ts';
import { summarizeCronJobs, type CronJobSummary } from '../../../core/model/summarize.ts';
import { createStatusMetrics } from '../../../status/metrics/status-metrics.ts';
import { parseExposition } from '../../../devkit/parse-exposition.ts';
import type { WatchHealth } from '../../../status/watch/resource-watcher.ts';
import { cronJobObject, jobObject, NAMESPACE } from '../../../devkit/status-fixtures.ts';

const NOW = new Date('2026-03-02T12:20:00Z');

function summaries(): CronJobSummary[] {
  const model = createClusterModel({ now: () => NOW });
  applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('embu-sla', { created: '2026-03-01T00:00:00Z', lastSchedule: '2026-03-02T12:15:00Z' })));
  applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('bonus-calc', { schedule: '0 6 * * *', suspend: true, timeout: 180 })));
  applyEvent(
    model,
    'jobs',
    'ADDED',
    toJobRecord(jobObject('embu-sla-a', { cronJob: 'embu-sla', started: '2026-03-02T12:00:01Z', end: { type: 'Complete', at: '2026-03-02T12:00:43Z' } })),
  );
  applyEvent(
    model,
    'jobs',
    'ADDED',
    toJobRecord(
      jobObject('embu-sla-b', {
        cronJob: 'embu-sla',
        started: '2026-03-02T12:15:01Z',
        end: { type: 'Failed', at: '2026-03-02T12:15:04Z', reason: 'BackoffLimitExceeded' },
      }),
    ),
  );
  applyEvent(model, 'jobs', 'ADDED', toJobRecord(jobObject('embu-sla-c', { cronJob: 'embu-sla', started: '2026-03-02T12:19:00Z', manual: true })));
  return summarizeCronJobs(model, { now: NOW });
}

const WATCHES: WatchHealth[] = [
  { resource: 'cronjobs', synced: true, events: 2, restarts: 0, lastEventAt: NOW.getTime() - 4_000, lastActivityAt: NOW.getTime() },
  { resource: 'jobs', synced: false, events: 3, restarts: 2, lastEventAt: NOW.getTime() - 60_000, lastActivityAt: NOW.getTime() },
];

describe('/metrics', () => {
  test('exposes each CronJob from the model, read back as numbers', async () => {
    const text = await createStatusMetrics().render({ now: NOW, namespace: 'pontual', summaries: summaries(), watches: WATCHES, redisConnected: false });
    const metrics = parseExposition(text);
    const embu = { namespace: NAMESPACE, cronjob: 'embu-sla' };
    const bonus = { namespace: NAMESPACE, cronjob: 'bonus-calc' };
    assert.equal(metrics.value('pontual_status_cronjobs_watched', { namespace: NAMESPACE }), 2);
    assert.equal(metrics.value('pontual_cronjob_info', { ...embu, schedule: '*/15 * * * *', timezone: 'America/Sao_Paulo', concurrency_policy: 'Forbid' }), 1);
    assert.equal(metrics.value('pontual_cronjob_suspended', bonus), 1);
    assert.equal(metrics.value('pontual_cronjob_suspended', embu), 0);
    assert.equal(metrics.value('pontual_cronjob_active_runs', embu), 1);
    assert.equal(metrics.value('pontual_cronjob_active_run_duration_seconds', embu), 60);
    assert.equal(metrics.value('pontual_cronjob_last_schedule_timestamp_seconds', embu), Date.parse('2026-03-02T12:15:00Z') / 1000);
    assert.equal(metrics.value('pontual_cronjob_last_success_timestamp_seconds', embu), Date.parse('2026-03-02T12:00:43Z') / 1000);
    assert.equal(metrics.value('pontual_cronjob_last_failure_timestamp_seconds', embu), Date.parse('2026-03-02T12:15:04Z') / 1000);
    assert.equal(metrics.value('pontual_cronjob_last_failure_info', { ...embu, reason: 'BackoffLimitExceeded', exit_code: '' }), 1);
    assert.equal(
      metrics.value('pontual_cronjob_last_failure_info', { ...bonus, reason: 'BackoffLimitExceeded', exit_code: '' }),
      undefined,
      'no failure: no series',
    );
    assert.equal(metrics.value('pontual_cronjob_next_schedule_timestamp_seconds', embu), Date.parse('2026-03-02T12:30:00Z') / 1000);
    assert.equal(metrics.value('pontual_cronjob_next_schedule_timestamp_seconds', bonus), undefined, 'suspended: no next time');
    assert.equal(metrics.value('pontual_cronjob_last_run_failed', embu), 1);
    assert.equal(metrics.value('pontual_cronjob_last_duration_seconds', embu), 3);
    assert.equal(metrics.value('pontual_cronjob_consecutive_failures', embu), 1);
    assert.equal(metrics.value('pontual_cronjob_late', embu), 0);
    assert.equal(metrics.value('pontual_cronjob_missed_runs_total', embu), 0);
    assert.equal(metrics.value('pontual_cronjob_timeout_seconds', bonus), 180);
    assert.equal(metrics.value('pontual_cronjob_expected_interval_seconds', embu), 900);
    assert.equal(metrics.value('pontual_cronjob_expected_interval_seconds', bonus), 86_400);
    assert.equal(metrics.value('pontual_cronjob_runs_total', { ...embu, outcome: 'succeeded', reason: '' }), 1);
    assert.equal(metrics.value('pontual_cronjob_runs_total', { ...embu, outcome: 'failed', reason: 'BackoffLimitExceeded' }), 1);
    assert.equal(metrics.types.get('pontual_cronjob_runs_total'), 'counter');
    assert.equal(metrics.types.get('pontual_cronjob_run_duration_seconds'), 'histogram');
    assert.equal(metrics.value('pontual_cronjob_run_duration_seconds_bucket', { ...embu, le: '5' }), 1);
    assert.equal(metrics.value('pontual_cronjob_run_duration_seconds_bucket', { ...embu, le: '60' }), 2);
    assert.equal(metrics.value('pontual_cronjob_run_duration_seconds_bucket', { ...embu, le: '+Inf' }), 2);
    assert.equal(metrics.value('pontual_cronjob_run_duration_seconds_sum', embu), 45);
    assert.equal(metrics.value('pontual_cronjob_run_duration_seconds_count', embu), 2);
    assert.equal(metrics.value('pontual_watch_synced', { resource: 'jobs' }), 0);
    assert.equal(metrics.value('pontual_watch_restarts_total', { resource: 'jobs' }), 2);
    assert.equal(metrics.value('pontual_watch_events_total', { resource: 'cronjobs' }), 2);
    assert.equal(metrics.value('pontual_watch_last_event_age_seconds', { resource: 'cronjobs' }), 4);
    assert.equal(metrics.value('pontual_redis_connected'), 0);
    assert.ok((metrics.value('process_resident_memory_bytes') ?? 0) > 0, 'default process metrics');
    const jobOrPod = metrics.samples.filter((sample) => Object.values(sample.labels).some((value) => value.startsWith('embu-sla-')));
    assert.deepEqual(jobOrPod, [], 'never a Job or Pod name in a label');
  });

  test('with no CronJob to watch, the count says 0 for the namespace', async () => {
    const metrics = parseExposition(
      await createStatusMetrics().render({ now: NOW, namespace: 'pontual-typo', summaries: [], watches: WATCHES, redisConnected: undefined }),
    );
    assert.equal(metrics.value('pontual_status_cronjobs_watched', { namespace: 'pontual-typo' }), 0);
    assert.deepEqual(metrics.find('pontual_cronjob_info'), []);
  });

  test('a metric that fails to compute is left out; the scrape still succeeds', async () => {
    const failures: string[] = [];
    const metrics = createStatusMetrics({ onCollectError: (metric) => failures.push(metric) });
    const broken = summaries().map((summary) =>
      summary.name === 'embu-sla'
        ? {
            ...summary,
            get runCounts(): never {
              throw new Error('boom');
            },
          }
        : summary,
    );
    const parsed = parseExposition(await metrics.render({ now: NOW, namespace: 'pontual', summaries: broken, watches: WATCHES, redisConnected: undefined }));
    assert.deepEqual(failures, ['pontual_cronjob_runs_total']);
    assert.equal(parsed.find('pontual_cronjob_runs_total').length, 0);
    assert.equal(parsed.value('pontual_cronjob_suspended', { namespace: NAMESPACE, cronjob: 'bonus-calc' }), 1);
    const next = parseExposition(await metrics.render({ now: NOW, namespace: 'pontual', summaries: broken, watches: WATCHES, redisConnected: undefined }));
    assert.ok((next.value('pontual_status_collect_errors_total', { metric: 'pontual_cronjob_runs_total' }) ?? 0) >= 1, 'failures are counted');
    assert.equal(parsed.value('pontual_redis_connected'), undefined, 'no Redis configured: no sample');
  });
});

describe('parseExposition', () => {
  test('reads label values with escapes, special values and types', () => {
    const parsed = parseExposition('# HELP a x\n# TYPE a gauge\na{l="q\\"uo\\\\te",m="n\\nl"} +Inf\nb 1.5e3\n');
    assert.deepEqual(parsed.find('a')[0]?.labels, { l: 'q"uo\\te', m: 'n\nl' });
    assert.equal(parsed.value('a'), Infinity);
    assert.equal(parsed.value('b'), 1500);
    assert.equal(parsed.types.get('a'), 'gauge');
    assert.throws(() => parseExposition('not a sample line'), /not a sample/);
  });
});
