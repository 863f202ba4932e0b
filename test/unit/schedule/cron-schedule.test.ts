/**
 * Table tests of schedule times. Every expected value below is what robfig/cron v3.0.1 (the
 * library the Kubernetes CronJob controller uses) returns for the same expression, zone and
 * start: they were produced by running `cron.ParseStandard("TZ=<zone> <expr>").Next(...)`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nextFire, parseSchedule, previousFire } from '../../../core/schedule/cron-schedule.ts';
import { isPontualError } from '../../../core/errors.ts';

interface Case {
  readonly why: string;
  readonly expression: string;
  readonly timeZone: string;
  readonly after: string;
  readonly expected: readonly string[];
}

const CASES: readonly Case[] = [
  {
    why: 'the catalog SLA schedule',
    expression: '*/15 * * * *',
    timeZone: 'America/Sao_Paulo',
    after: '2026-01-01T00:07:00Z',
    expected: ['2026-01-01T00:15:00Z', '2026-01-01T00:30:00Z', '2026-01-01T00:45:00Z'],
  },
  {
    why: 'bonus-calc: 06:00 São Paulo is 09:00 UTC',
    expression: '0 6 * * *',
    timeZone: 'America/Sao_Paulo',
    after: '2026-03-01T12:00:00Z',
    expected: ['2026-03-02T09:00:00Z', '2026-03-03T09:00:00Z'],
  },
  {
    why: 'day-of-month and day-of-week are OR-ed: the 1st or any Monday',
    expression: '0 0 1 * 1',
    timeZone: 'UTC',
    after: '2026-01-01T00:00:00Z',
    expected: ['2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z', '2026-01-19T00:00:00Z', '2026-01-26T00:00:00Z', '2026-02-01T00:00:00Z', '2026-02-02T00:00:00Z'],
  },
  {
    why: '1-31 has no star bit, so it is OR-ed with Monday: every day',
    expression: '0 0 1-31 * 1',
    timeZone: 'UTC',
    after: '2026-01-01T00:00:00Z',
    expected: ['2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z', '2026-01-04T00:00:00Z'],
  },
  {
    why: '? sets the star bit: Mondays only',
    expression: '0 0 ? * 1',
    timeZone: 'UTC',
    after: '2026-01-01T00:00:00Z',
    expected: ['2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z'],
  },
  {
    why: '*/1 keeps the star bit: Mondays only',
    expression: '0 0 */1 * 1',
    timeZone: 'UTC',
    after: '2026-01-01T00:00:00Z',
    expected: ['2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z'],
  },
  {
    why: '*/2 clears the star bit: odd days OR Mondays',
    expression: '0 0 */2 * 1',
    timeZone: 'UTC',
    after: '2026-01-01T00:00:00Z',
    expected: ['2026-01-03T00:00:00Z', '2026-01-05T00:00:00Z', '2026-01-07T00:00:00Z', '2026-01-09T00:00:00Z', '2026-01-11T00:00:00Z', '2026-01-12T00:00:00Z'],
  },
  {
    why: 'N/step means N-max/step',
    expression: '5/20 * * * *',
    timeZone: 'UTC',
    after: '2026-01-01T00:00:00Z',
    expected: ['2026-01-01T00:05:00Z', '2026-01-01T00:25:00Z', '2026-01-01T00:45:00Z', '2026-01-01T01:05:00Z'],
  },
  {
    why: 'month and weekday names, any case',
    expression: '0 9 * JAN,jul mon-Fri',
    timeZone: 'UTC',
    after: '2026-01-01T00:00:00Z',
    expected: ['2026-01-01T09:00:00Z', '2026-01-02T09:00:00Z', '2026-01-05T09:00:00Z'],
  },
  {
    why: 'a step larger than the field keeps only its start',
    expression: '*/100 * * * *',
    timeZone: 'UTC',
    after: '2026-01-01T00:00:30Z',
    expected: ['2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z'],
  },
  {
    why: 'empty list items are skipped',
    expression: '1,,2 * * * *',
    timeZone: 'UTC',
    after: '2026-01-01T00:00:00Z',
    expected: ['2026-01-01T00:01:00Z', '2026-01-01T00:02:00Z'],
  },
  {
    why: 'the 31st only in months that have one',
    expression: '0 0 31 * *',
    timeZone: 'UTC',
    after: '2026-01-01T00:00:00Z',
    expected: ['2026-01-31T00:00:00Z', '2026-03-31T00:00:00Z', '2026-05-31T00:00:00Z'],
  },
  {
    why: 'February 29th waits for a leap year',
    expression: '0 0 29 2 *',
    timeZone: 'UTC',
    after: '2026-01-01T00:00:00Z',
    expected: ['2028-02-29T00:00:00Z', '2032-02-29T00:00:00Z'],
  },
  {
    why: '@hourly',
    expression: '@hourly',
    timeZone: 'America/Sao_Paulo',
    after: '2026-01-01T00:30:00Z',
    expected: ['2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z'],
  },
  {
    why: '@daily is local midnight',
    expression: '@daily',
    timeZone: 'America/Sao_Paulo',
    after: '2026-01-01T00:30:00Z',
    expected: ['2026-01-01T03:00:00Z', '2026-01-02T03:00:00Z'],
  },
  {
    why: '@midnight',
    expression: '@midnight',
    timeZone: 'America/Sao_Paulo',
    after: '2026-01-01T00:30:00Z',
    expected: ['2026-01-01T03:00:00Z', '2026-01-02T03:00:00Z'],
  },
  {
    why: '@weekly is Sunday midnight',
    expression: '@weekly',
    timeZone: 'America/Sao_Paulo',
    after: '2026-01-01T00:30:00Z',
    expected: ['2026-01-04T03:00:00Z', '2026-01-11T03:00:00Z'],
  },
  {
    why: '@monthly',
    expression: '@monthly',
    timeZone: 'America/Sao_Paulo',
    after: '2026-01-01T00:30:00Z',
    expected: ['2026-01-01T03:00:00Z', '2026-02-01T03:00:00Z'],
  },
  {
    why: '@yearly',
    expression: '@yearly',
    timeZone: 'America/Sao_Paulo',
    after: '2026-01-01T00:30:00Z',
    expected: ['2026-01-01T03:00:00Z', '2027-01-01T03:00:00Z'],
  },
  {
    why: '@annually',
    expression: '@annually',
    timeZone: 'America/Sao_Paulo',
    after: '2026-01-01T00:30:00Z',
    expected: ['2026-01-01T03:00:00Z', '2027-01-01T03:00:00Z'],
  },
  {
    why: '@every counts from the given time, sub-seconds dropped',
    expression: '@every 1h30m',
    timeZone: 'UTC',
    after: '2026-01-01T00:00:10.500Z',
    expected: ['2026-01-01T01:30:10Z', '2026-01-01T03:00:10Z'],
  },
  {
    why: '@every below a second becomes one second',
    expression: '@every 500ms',
    timeZone: 'UTC',
    after: '2026-01-01T00:00:00Z',
    expected: ['2026-01-01T00:00:01Z', '2026-01-01T00:00:02Z'],
  },
  {
    why: 'DST gap: 02:30 does not exist on 8 March in New York, that day is skipped',
    expression: '30 2 * * *',
    timeZone: 'America/New_York',
    after: '2026-03-07T12:00:00Z',
    expected: ['2026-03-09T06:30:00Z', '2026-03-10T06:30:00Z'],
  },
  {
    why: 'DST gap: 02:30 does not exist on 29 March in Berlin, that day is skipped',
    expression: '30 2 * * *',
    timeZone: 'Europe/Berlin',
    after: '2026-03-28T12:00:00Z',
    expected: ['2026-03-30T00:30:00Z', '2026-03-31T00:30:00Z'],
  },
  {
    why: 'DST gap: São Paulo midnight did not exist on 4 November 2018, that day is skipped',
    expression: '0 0 * * *',
    timeZone: 'America/Sao_Paulo',
    after: '2018-11-02T12:00:00Z',
    expected: ['2018-11-03T03:00:00Z', '2018-11-05T02:00:00Z', '2018-11-06T02:00:00Z'],
  },
  {
    why: 'repeated hour: 01:30 on 1 November in New York fires twice',
    expression: '30 1 * * *',
    timeZone: 'America/New_York',
    after: '2026-10-31T12:00:00Z',
    expected: ['2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '2026-11-02T06:30:00Z'],
  },
  {
    why: 'repeated hour: every half hour of 01:xx, both occurrences',
    expression: '*/30 1 * * *',
    timeZone: 'America/New_York',
    after: '2026-11-01T04:00:00Z',
    expected: ['2026-11-01T05:00:00Z', '2026-11-01T05:30:00Z', '2026-11-01T06:00:00Z', '2026-11-01T06:30:00Z', '2026-11-02T06:00:00Z'],
  },
  {
    why: 'repeated hour: São Paulo 23:30 on 16 February 2019 fires twice',
    expression: '30 23 * * *',
    timeZone: 'America/Sao_Paulo',
    after: '2019-02-15T12:00:00Z',
    expected: ['2019-02-16T01:30:00Z', '2019-02-17T01:30:00Z', '2019-02-17T02:30:00Z'],
  },
  {
    why: 'repeated hour: 02:30 on 25 October in Berlin fires twice',
    expression: '30 2 * * *',
    timeZone: 'Europe/Berlin',
    after: '2026-10-24T12:00:00Z',
    expected: ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-26T01:30:00Z'],
  },
];

describe('nextFire matches robfig/cron v3 in spec.timeZone', () => {
  for (const c of CASES) {
    test(`${c.why}: ${c.expression} in ${c.timeZone}`, () => {
      const schedule = parseSchedule(c.expression);
      const times: string[] = [];
      let cursor = new Date(c.after);
      for (const _ of c.expected) {
        const next = nextFire(schedule, cursor, c.timeZone);
        assert.ok(next, `no time after ${cursor.toISOString()}`);
        times.push(next.toISOString().replace('.000Z', 'Z'));
        cursor = next;
      }
      assert.deepEqual(times, c.expected);
    });
  }

  test('a date that never exists has no next time', () => {
    assert.equal(nextFire(parseSchedule('0 0 30 2 *'), new Date('2026-01-01T00:00:00Z'), 'UTC'), undefined);
  });

  test('an unknown time zone is a SCHEDULE_INVALID error', () => {
    assert.throws(
      () => nextFire(parseSchedule('* * * * *'), new Date(), 'Mars/Olympus_Mons'),
      (error: unknown) => isPontualError(error, 'SCHEDULE_INVALID') && error.message.includes('Mars/Olympus_Mons'),
    );
  });
});

describe('previousFire', () => {
  test('is the latest time at or before the instant, for each case above', () => {
    for (const c of CASES.filter((x) => !x.expression.startsWith('@every'))) {
      const schedule = parseSchedule(c.expression);
      const [first, second] = c.expected.map((iso) => new Date(iso));
      assert.ok(first && second);
      const at = (ms: number) => previousFire(schedule, new Date(ms), c.timeZone)?.toISOString();
      assert.equal(at(first.getTime()), first.toISOString(), `${c.why}: exactly at a time`);
      assert.equal(at(first.getTime() + 1_000), first.toISOString(), `${c.why}: just after`);
      assert.equal(at(second.getTime() - 1), first.toISOString(), `${c.why}: just before the next`);
    }
  });

  test('returns undefined when the schedule never fired', () => {
    assert.equal(previousFire(parseSchedule('0 0 30 2 *'), new Date('2026-06-01T00:00:00Z'), 'UTC'), undefined);
  });

  test('with `since`, follows the controller: @every counts from the last schedule time', () => {
    const every = parseSchedule('@every 1h');
    const since = new Date('2026-01-01T00:10:00Z');
    assert.equal(previousFire(every, new Date('2026-01-01T05:30:00Z'), 'UTC', since)?.toISOString(), '2026-01-01T05:10:00.000Z');
    assert.equal(previousFire(every, new Date('2026-01-01T00:40:00Z'), 'UTC', since), undefined, 'nothing due yet');
    assert.equal(previousFire(every, new Date('2026-01-01T05:30:00Z'), 'UTC'), undefined, '@every needs an anchor');
  });

  test('with `since`, a cron expression gives the same time as without', () => {
    const schedule = parseSchedule('30 6-16/4 * * 1-5');
    const since = new Date('2026-01-01T00:00:00Z');
    const now = new Date('2026-01-20T15:00:00Z');
    assert.equal(previousFire(schedule, now, 'America/Sao_Paulo', since)?.toISOString(), '2026-01-20T13:30:00.000Z');
    assert.equal(previousFire(schedule, now, 'America/Sao_Paulo')?.toISOString(), '2026-01-20T13:30:00.000Z');
  });
});
