import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainSchedule, type CronJobEvent } from '../../../cli/explain-schedule.ts';
import { missedSchedule, type ScheduleFacts } from '../../../cli/missed-schedule.ts';
import { resumeOutlook } from '../../../cli/commands/suspend-resume.ts';

// 10:07:30 in São Paulo (UTC-3).
const now = new Date('2026-11-30T13:07:30Z');

const facts = (overrides: Partial<ScheduleFacts> = {}): ScheduleFacts => ({
  schedule: '*/15 * * * *',
  timeZone: 'America/Sao_Paulo',
  timeZoneExplicit: true,
  suspended: false,
  concurrencyPolicy: 'Forbid',
  startingDeadlineSeconds: 300,
  lastScheduleTime: new Date('2026-11-30T13:00:00Z'),
  createdAt: new Date('2026-11-01T00:00:00Z'),
  active: [],
  ...overrides,
});

const event = (reason: string, lastSeen: Date, count = 1): CronJobEvent => ({ type: 'Warning', reason, message: `${reason} message`, count, lastSeen });

test('missed schedule: none since the last run, pending within the deadline, skipped past it', () => {
  assert.deepEqual(missedSchedule(facts(), now), { kind: 'none', nextAt: new Date('2026-11-30T13:15:00Z') });
  const ranAt9 = facts({ lastScheduleTime: new Date('2026-11-30T12:00:00Z') });
  // 10:05 was the latest time; 2m30s late, within 300 s.
  assert.deepEqual(missedSchedule({ ...ranAt9, schedule: '5 * * * *' }, now), {
    kind: 'pending',
    scheduledAt: new Date('2026-11-30T13:05:00Z'),
    deadlineAt: new Date('2026-11-30T13:10:00Z'),
    nextAt: new Date('2026-11-30T14:05:00Z'),
  });
  // The 10:00 run is 7m30s late: skipped; the times before it coalesce into it.
  assert.deepEqual(missedSchedule(ranAt9, now), {
    kind: 'skipped',
    scheduledAt: new Date('2026-11-30T13:00:00Z'),
    deadlineAt: new Date('2026-11-30T13:05:00Z'),
    nextAt: new Date('2026-11-30T13:15:00Z'),
  });
  assert.equal(missedSchedule({ ...ranAt9, startingDeadlineSeconds: undefined }, now).kind, 'pending');
});

test('resume warns that a missed run starts now, or that it is skipped, in the CronJob time zone', () => {
  const pending = facts({ schedule: '5 * * * *', lastScheduleTime: new Date('2026-11-30T12:00:00Z') });
  assert.deepEqual(resumeOutlook('embu-sla', pending, missedSchedule(pending, now), now), {
    warnings: ['the run scheduled for 2026-11-30 10:05 -03 starts now: it is 2m30s late, within startingDeadlineSeconds (300 s, until 2026-11-30 10:10 -03)'],
    info: 'then next run at 2026-11-30 11:05 -03',
  });
  const noDeadline = { ...pending, startingDeadlineSeconds: undefined };
  assert.match(
    resumeOutlook('embu-sla', noDeadline, missedSchedule(noDeadline, now), now).warnings[0] ?? '',
    /starts now: the CronJob has no startingDeadlineSeconds/,
  );
  const skipped = facts({ lastScheduleTime: new Date('2026-11-30T12:00:00Z') });
  assert.deepEqual(resumeOutlook('embu-sla', skipped, missedSchedule(skipped, now), now), {
    warnings: [
      'the run scheduled for 2026-11-30 10:00 -03 will be skipped: it is more than startingDeadlineSeconds (300 s) late. Start it by hand with `kubectl pontual run embu-sla` if it is needed',
    ],
    info: 'next run at 2026-11-30 10:15 -03',
  });
  assert.deepEqual(resumeOutlook('embu-sla', facts(), missedSchedule(facts(), now), now), { warnings: [], info: 'next run at 2026-11-30 10:15 -03' });
});

test('why: not yet due, with the next run and what is running', () => {
  const explanation = explainSchedule(facts({ active: ['embu-sla-29412345'] }), [], now);
  assert.equal(explanation.state, 'not-yet-due');
  assert.equal(explanation.summary, 'not yet due: next run at 2026-11-30 10:15 -03 (in 7m30s); embu-sla-29412345 is running now');
  assert.deepEqual(explanation.nextScheduleTime, new Date('2026-11-30T13:15:00Z'));
});

test('why: blocked by an active run under Forbid, until the starting deadline', () => {
  const blocked = facts({ schedule: '5 * * * *', lastScheduleTime: new Date('2026-11-30T12:05:00Z'), active: ['embu-sla-29412245'] });
  const explanation = explainSchedule(blocked, [event('JobAlreadyActive', new Date('2026-11-30T13:05:00Z'), 3)], now);
  assert.equal(explanation.state, 'blocked-by-active-run');
  assert.match(
    explanation.summary,
    /the run due at 2026-11-30 10:05 -03 has not started because embu-sla-29412245 is still running and concurrencyPolicy is Forbid\. It starts if that run ends before 2026-11-30 10:10 -03/,
  );
  assert.ok(explanation.details.some((line) => line.startsWith('event JobAlreadyActive ×3 (last 2m30s ago)')));
});

test('why: due (no Forbid conflict) says it should start within seconds', () => {
  const due = facts({ schedule: '5 * * * *', lastScheduleTime: new Date('2026-11-30T12:05:00Z') });
  assert.equal(explainSchedule(due, [], now).state, 'due');
});

test('why: missed past the 300 s deadline, and the cause when the events show it', () => {
  const missed = facts({ lastScheduleTime: new Date('2026-11-30T12:45:00Z') });
  const plain = explainSchedule(missed, [], now);
  assert.equal(plain.state, 'missed');
  assert.match(
    plain.summary,
    /missed: the run scheduled for 2026-11-30 10:00 -03 did not start within startingDeadlineSeconds \(300 s\).*the controller did not start it in time.*next run at 2026-11-30 10:15 -03/,
  );
  const blocked = explainSchedule(missed, [event('JobAlreadyActive', new Date('2026-11-30T13:04:00Z'))], now);
  assert.match(blocked.summary, /a run was still active and concurrencyPolicy is Forbid \(JobAlreadyActive\)/);
});

test('why: suspended, invalid schedule, unknown time zone, too many missed times', () => {
  assert.equal(explainSchedule(facts({ suspended: true }), [], now).state, 'suspended');
  const invalid = explainSchedule(facts({ schedule: '0 6 * * 7' }), [], now);
  assert.equal(invalid.state, 'invalid-schedule');
  assert.match(invalid.summary, /the schedule "0 6 \* \* 7" is invalid: /);
  assert.equal(explainSchedule(facts({ timeZone: 'America/Sao Paulo' }), [], now).state, 'invalid-time-zone');
  const tooMany = explainSchedule(facts({ startingDeadlineSeconds: undefined }), [event('TooManyMissedTimes', new Date('2026-11-30T13:01:00Z'))], now);
  assert.equal(tooMany.state, 'too-many-missed');
  // An old TooManyMissedTimes, from before the last run, no longer explains anything.
  assert.equal(explainSchedule(facts(), [event('TooManyMissedTimes', new Date('2026-11-29T13:01:00Z'))], now).state, 'not-yet-due');
});

test('why: without spec.timeZone it says the controller uses its own zone', () => {
  const explanation = explainSchedule(facts({ timeZone: 'UTC', timeZoneExplicit: false }), [], now);
  assert.match(explanation.details[0] ?? '', /in UTC \(no spec\.timeZone: the controller uses its own zone, usually UTC\)/);
});
