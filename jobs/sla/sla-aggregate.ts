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
  return classifyAgainst(order, deadlineInstant(deadline).getTime(), now.getTime());
}

function classifyAgainst(order: Order, endMs: number, nowMs: number): OrderVerdict {
  if (order.shippedAt !== null) return order.shippedAt.getTime() < endMs ? 'onTime' : 'late';
  return nowMs >= endMs ? 'late' : 'pending';
}

export interface DayAggregator {
  /** Folds one order in; orders whose deadline day is not one of the days are left out. */
  add(order: Order): void;
  /** The aggregates of the days, in the order they were asked for. */
  result(): DayAggregate[];
}

/**
 * Aggregates orders as they come, page by page: memory holds the days' tallies, never the
 * orders. Each order's deadline day is computed once, and each day's end once per run.
 */
export function createDayAggregator(days: readonly LocalDate[], rules: SlaRules): DayAggregator {
  const nowMs = rules.now.getTime();
  const tallies = new Map(
    days.map((date) => [
      date,
      {
        endMs: deadlineInstant(date).getTime(),
        counts: { orders: 0, onTime: 0, late: 0, pending: 0, cancelled: 0 },
        operators: new Map<string, { handled: number; onTime: number }>(),
      },
    ]),
  );
  return {
    add(order) {
      const tally = tallies.get(deadlineDay(order.createdAt, rules.cutoff, rules.calendar));
      if (tally === undefined) return;
      if (order.status === 'cancelled') {
        tally.counts.cancelled++;
        return;
      }
      const verdict = classifyAgainst(order, tally.endMs, nowMs);
      tally.counts.orders++;
      tally.counts[verdict]++;
      // Once per order, even when the same operator picked and packed it.
      const operators = order.pickerId === order.packerId ? [order.pickerId] : [order.pickerId, order.packerId];
      for (const operator of operators) {
        if (operator === null) continue;
        let operatorTally = tally.operators.get(operator);
        if (operatorTally === undefined) {
          operatorTally = { handled: 0, onTime: 0 };
          tally.operators.set(operator, operatorTally);
        }
        operatorTally.handled++;
        if (verdict === 'onTime') operatorTally.onTime++;
      }
    },
    result() {
      return days.map((date) => {
        const tally = tallies.get(date);
        if (tally === undefined) throw new Error(`no tally for ${date}`);
        const sorted = new Map([...tally.operators].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
        return { date, ...tally.counts, operators: sorted };
      });
    },
  };
}

/** Aggregates for exactly `days`; orders whose deadline day is another day are left out. */
export function aggregateDays(orders: readonly Order[], days: readonly LocalDate[], rules: SlaRules): DayAggregate[] {
  const aggregator = createDayAggregator(days, rules);
  for (const order of orders) aggregator.add(order);
  return aggregator.result();
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
