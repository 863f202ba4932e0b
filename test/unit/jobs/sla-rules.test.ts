import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBusinessCalendar } from '../../../jobs/sla/business-calendar.ts';
import { isPontualError } from '../../../core/errors.ts';
import { deadlineDay, localDate } from '../../../jobs/sla/deadline-day.ts';
import { aggregateDays, classifyOrder, slaPercent } from '../../../jobs/sla/sla-aggregate.ts';
import { slaWindow } from '../../../jobs/sla/sla-window.ts';
import type { Order } from '../../../jobs/sources/wms-order.ts';

// 2026-11-20 (Friday) and 2026-11-02 (Monday) are holidays; São Paulo is UTC-03:00 all year.
const calendar = createBusinessCalendar(['2026-11-02', '2026-11-20']);
const cutoff = { hour: 14, minute: 0 };

test('a UTC instant belongs to its São Paulo local day', () => {
  const table: [string, string][] = [
    ['2026-11-22T02:30:00Z', '2026-11-21'], // 23:30 local, still the previous day
    ['2026-11-22T02:59:59Z', '2026-11-21'],
    ['2026-11-22T03:00:00Z', '2026-11-22'], // local midnight
    ['2026-11-21T23:00:00-03:00', '2026-11-21'],
  ];
  for (const [instant, expected] of table) assert.equal(localDate(new Date(instant)), expected, instant);
});

test('the deadline day follows the cut-off, Saturdays, Sundays and holidays', () => {
  const table: [string, string, string][] = [
    ['2026-11-23T13:59:00-03:00', '2026-11-23', 'Monday before the cut-off: same day'],
    ['2026-11-23T14:00:00-03:00', '2026-11-24', 'Monday at the cut-off: next business day'],
    ['2026-11-21T11:00:00-03:00', '2026-11-21', 'Saturday is a business day'],
    ['2026-11-21T15:00:00-03:00', '2026-11-23', 'Saturday after the cut-off: Monday'],
    ['2026-11-22T10:00:00-03:00', '2026-11-23', 'Sunday: Monday'],
    ['2026-11-20T10:00:00-03:00', '2026-11-21', 'a holiday, even before the cut-off: next business day'],
    ['2026-11-19T15:00:00-03:00', '2026-11-21', 'Thursday after the cut-off skips the Friday holiday'],
    ['2026-10-31T16:00:00-03:00', '2026-11-03', 'Saturday evening skips Sunday and the Monday holiday'],
    ['2026-11-23T01:30:00Z', '2026-11-23', '01:30 UTC Monday is Sunday 22:30 local: Monday'],
    ['2026-11-24T02:30:00Z', '2026-11-24', '02:30 UTC Tuesday is Monday 23:30 local, after the cut-off: Tuesday'],
  ];
  for (const [created, expected, why] of table) assert.equal(deadlineDay(new Date(created), cutoff, calendar), expected, why);
});

test('each warehouse has its own cut-off', () => {
  const created = new Date('2026-11-21T13:00:00-03:00');
  assert.equal(deadlineDay(created, { hour: 14, minute: 0 }, calendar), '2026-11-21');
  assert.equal(deadlineDay(created, { hour: 12, minute: 0 }, calendar), '2026-11-23');
  assert.equal(deadlineDay(new Date('2026-11-21T12:29:00-03:00'), { hour: 12, minute: 30 }, calendar), '2026-11-21');
});

function order(fields: Partial<Omit<Order, 'createdAt'>> & { id: string; createdAt: string }): Order {
  return { status: 'shipped', pickerId: null, packerId: null, shippedAt: null, ...fields, createdAt: new Date(fields.createdAt) };
}

test('an order is on time, late or pending against the end of its local deadline day', () => {
  const now = new Date('2026-11-23T15:00:00-03:00');
  const shipped = (at: string) => order({ id: 'o', createdAt: '2026-11-21T10:00:00-03:00', shippedAt: new Date(at) });
  const open = order({ id: 'o', createdAt: '2026-11-21T10:00:00-03:00', status: 'packed' });
  const table: [Order, string, string, string][] = [
    [shipped('2026-11-22T02:30:00Z'), '2026-11-21', 'onTime', 'shipped 23:30 local on the deadline day'],
    [shipped('2026-11-22T03:00:00Z'), '2026-11-21', 'late', 'shipped at local midnight after it'],
    [shipped('2026-11-23T10:00:00-03:00'), '2026-11-21', 'late', 'shipped on Monday'],
    [open, '2026-11-21', 'late', 'unshipped, deadline passed'],
    [open, '2026-11-23', 'pending', 'unshipped, deadline is tonight'],
  ];
  for (const [subject, deadline, expected, why] of table) assert.equal(classifyOrder(subject, deadline, now), expected, why);
});

test('day aggregates count orders and operators, leave out cancelled orders and other days', () => {
  const now = new Date('2026-11-23T15:00:00-03:00');
  const orders = [
    order({ id: 'a', createdAt: '2026-11-21T09:00:00-03:00', shippedAt: new Date('2026-11-21T18:00:00-03:00'), pickerId: 'ana', packerId: 'bia' }),
    order({ id: 'b', createdAt: '2026-11-21T10:00:00-03:00', shippedAt: new Date('2026-11-23T08:00:00-03:00'), pickerId: 'ana', packerId: 'ana' }),
    order({ id: 'c', createdAt: '2026-11-21T11:00:00-03:00', status: 'cancelled', pickerId: 'caio' }),
    order({ id: 'd', createdAt: '2026-11-22T11:00:00-03:00', status: 'picking', pickerId: 'caio' }),
    order({ id: 'e', createdAt: '2026-11-18T11:00:00-03:00', shippedAt: new Date('2026-11-18T18:00:00-03:00') }),
  ];
  const [saturday, monday] = aggregateDays(orders, ['2026-11-21', '2026-11-23'], { cutoff, calendar, now });
  assert.deepEqual(
    { ...saturday, operators: Object.fromEntries(saturday?.operators ?? []) },
    {
      date: '2026-11-21',
      orders: 2,
      onTime: 1,
      late: 1,
      pending: 0,
      cancelled: 1,
      // ana picked and packed order b: one order handled, not two
      operators: { ana: { handled: 2, onTime: 1 }, bia: { handled: 1, onTime: 1 } },
    },
  );
  assert.deepEqual(
    { ...monday, operators: Object.fromEntries(monday?.operators ?? []) },
    { date: '2026-11-23', orders: 1, onTime: 0, late: 0, pending: 1, cancelled: 0, operators: { caio: { handled: 1, onTime: 0 } } },
  );
});

test('SLA % is on time over decided orders, truncated to two decimals', () => {
  assert.equal(slaPercent(2, 1), '66.66');
  assert.equal(slaPercent(95, 5), '95.00');
  assert.equal(slaPercent(1, 0), '100.00');
  assert.equal(slaPercent(0, 3), '0.00');
  assert.equal(slaPercent(9999, 1), '99.99');
  assert.equal(slaPercent(0, 0), undefined);
});

test('a run recomputes the current and previous deadline days and fetches exactly their orders', () => {
  const table: [string, string, string, string, string][] = [
    // now, previous, current, from, to
    ['2026-11-23T15:00:00-03:00', '2026-11-21', '2026-11-23', '2026-11-19T17:00:00.000Z', '2026-11-23T17:00:00.000Z'],
    ['2026-11-22T10:00:00-03:00', '2026-11-21', '2026-11-23', '2026-11-19T17:00:00.000Z', '2026-11-23T17:00:00.000Z'],
    ['2026-11-21T10:00:00-03:00', '2026-11-19', '2026-11-21', '2026-11-18T17:00:00.000Z', '2026-11-21T17:00:00.000Z'],
    ['2026-11-20T10:00:00-03:00', '2026-11-19', '2026-11-21', '2026-11-18T17:00:00.000Z', '2026-11-21T17:00:00.000Z'],
    // 01:00 UTC on Tuesday is still Monday in São Paulo
    ['2026-11-24T01:00:00Z', '2026-11-21', '2026-11-23', '2026-11-19T17:00:00.000Z', '2026-11-23T17:00:00.000Z'],
  ];
  for (const [now, previous, current, from, to] of table) {
    const window = slaWindow(new Date(now), cutoff, calendar);
    assert.deepEqual(
      { previous: window.previous, current: window.current, from: window.from.toISOString(), to: window.to.toISOString() },
      { previous, current, from, to },
      now,
    );
  }
});

test('a holiday list that leaves no business day is a configuration error (exit 2), not a crash', () => {
  const december = Array.from({ length: 31 }, (_, i) => `2026-12-${String(i + 1).padStart(2, '0')}`);
  const blocked = createBusinessCalendar([...december, '2027-01-01', '2027-01-02']);
  assert.throws(
    () => blocked.nextBusinessDay('2026-11-30'),
    (error: unknown) => isPontualError(error, 'CONFIG_INVALID') && error.exitCode === 2 && /^SLA_HOLIDAYS leaves no business day/u.test(error.message),
  );
});
