/**
 * Where the model starts judging schedule times. The status service judges from when it first
 * sees a CronJob (it keeps watching afterwards); a one-shot snapshot such as `kubectl pontual
 * status` judges from the CronJob's last schedule time, so times the controller let pass before
 * the snapshot count as missed.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEvent, createClusterModel, toCronJobRecord, toJobRecord, type JudgeFrom } from '../../../core/model/cluster-model.ts';
import { summarizeCronJobs } from '../../../core/model/summarize.ts';
import { cronJobObject, jobObject } from '../../../devkit/status-fixtures.ts';

const NOW = new Date('2026-03-02T12:40:00Z');

function missedAndLate(judgeFrom: JudgeFrom, cronJob: Parameters<typeof cronJobObject>[1], scheduledJobs: readonly string[] = []) {
  const model = createClusterModel({ now: () => NOW, judgeFrom });
  applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject('embu-sla', cronJob)));
  scheduledJobs.forEach((scheduledAt, index) => {
    applyEvent(model, 'jobs', 'ADDED', toJobRecord(jobObject(`embu-sla-${String(index)}`, { cronJob: 'embu-sla', scheduledAt, started: scheduledAt })));
  });
  const summary = summarizeCronJobs(model, { now: NOW })[0];
  assert.ok(summary);
  return { missed: summary.missedRuns, late: summary.late };
}

describe('judging schedule times from the last schedule time', () => {
  // Every 15 minutes, deadline 300 s: after a last schedule at 12:00Z, 12:15 and 12:30 came and went.
  const stalled = { schedule: '*/15 * * * *', created: '2026-03-01T00:00:00Z', lastSchedule: '2026-03-02T12:00:00Z', deadline: 300 };

  test('times since status.lastScheduleTime without a Job are missed; the service default does not look that far back', () => {
    assert.deepEqual(missedAndLate('last-schedule', stalled), { missed: 2, late: true });
    assert.deepEqual(missedAndLate('recent', stalled), { missed: 0, late: true });
  });

  test('a time whose Job exists is not missed', () => {
    assert.deepEqual(missedAndLate('last-schedule', stalled, ['2026-03-02T12:15:00Z']), { missed: 1, late: true });
  });

  test('never scheduled: judged from the creation time', () => {
    assert.deepEqual(missedAndLate('last-schedule', { schedule: '*/15 * * * *', created: '2026-03-02T12:10:00Z', deadline: 300 }), { missed: 2, late: true });
  });

  test('a suspended CronJob misses nothing', () => {
    assert.deepEqual(missedAndLate('last-schedule', { ...stalled, suspend: true }), { missed: 0, late: false });
  });

  test('judging reaches back a day at most: a per-minute CronJob stalled for three days', () => {
    const result = missedAndLate('last-schedule', {
      schedule: '* * * * *',
      created: '2026-02-01T00:00:00Z',
      lastSchedule: '2026-02-27T12:40:00Z',
      deadline: 300,
    });
    // 1440 minutes in the day before now, less the last six still within deadline plus margin;
    // not late: the latest time is due this very second.
    assert.deepEqual(result, { missed: 1434, late: false });
  });
});
