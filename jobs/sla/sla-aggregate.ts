/**
 * Classifies orders into per-deadline-day SLA aggregates. Pure: the orders, the days to compute,
 * the rules' parameters and "now" in; the aggregates out.
 *
 * On time: shipped before the end of the deadline day. Late: shipped after it, or unshipped once
 * it has passed. Pending: unshipped, deadline not reached yet. Cancelled orders don't count.
 */
import type { LocalTime } from '../runtime/config.ts';
import type { Order } from '../sources/wms-order.ts';
import type { BusinessCalendar, LocalDate } from './business-calendar.ts';
import { deadlineDay, deadlineInstant } from './deadline-day.ts';

export type OrderVerdict = 'onTime' | 'late' | 'pending';

export interface OperatorTally {
  /** Counted (not cancelled) orders this operator picked or packed, once per order. */
  readonly handled: number;
  readonly onTime: number;
}

export interface DayAggregate {
  readonly date: LocalDate;
  readonly orders: number;
  readonly onTime: number;
  readonly late: number;
  readonly pending: number;
  readonly cancelled: number;
  /** Sorted by operator id, so the stored values do not depend on the order of the input. */
  readonly operators: ReadonlyMap<string, OperatorTally>;
}

export interface SlaRules {
  readonly cutoff: LocalTime;
  readonly calendar: BusinessCalendar;
  readonly now: Date;
}

export function classifyOrder(order: Order, deadline: LocalDate, now: Date): OrderVerdict {
  const end = deadlineInstant(deadline);
  if (order.shippedAt !== null) return order.shippedAt < end ? 'onTime' : 'late';
  return now >= end ? 'late' : 'pending';
}

/** Aggregates for exactly `days`; orders whose deadline day is another day are left out. */
export function aggregateDays(orders: readonly Order[], days: readonly LocalDate[], rules: SlaRules): DayAggregate[] {
  return days.map((date) => {
    const counts = { orders: 0, onTime: 0, late: 0, pending: 0, cancelled: 0 };
    const operators = new Map<string, { handled: number; onTime: number }>();
    for (const order of orders) {
      if (deadlineDay(order.createdAt, rules.cutoff, rules.calendar) !== date) continue;
      if (order.status === 'cancelled') {
        counts.cancelled++;
        continue;
      }
      const verdict = classifyOrder(order, date, rules.now);
      counts.orders++;
      counts[verdict]++;
      for (const operator of new Set([order.pickerId, order.packerId])) {
        if (operator === null) continue;
        const tally = operators.get(operator) ?? { handled: 0, onTime: 0 };
        tally.handled++;
        if (verdict === 'onTime') tally.onTime++;
        operators.set(operator, tally);
      }
    }
    const sorted = new Map([...operators].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { date, ...counts, operators: sorted };
  });
}

/**
 * SLA % = on time / (on time + late), truncated (never rounded up) to two decimals, e.g. "97.50";
 * undefined while no order of the day is decided.
 */
export function slaPercent(onTime: number, late: number): string | undefined {
  const decided = onTime + late;
  if (decided === 0) return undefined;
  const basisPoints = Math.floor((onTime * 10_000) / decided);
  return `${Math.floor(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, '0')}`;
}
