/**
 * embu-sla and extrema-sla: one implementation, parameterized by the catalog's warehouse.
 * Fetches the orders of the previous and current deadline days from the WMS, folds them page by
 * page into the two days' aggregates and replaces both days in one atomic write. An empty order
 * list where the stored days hold many orders is refused (EMPTY_RESULT), not written as zeros.
 */
import { PontualError } from '../../core/errors.ts';
import type { Warehouse } from '../../core/catalog.ts';
import { redisCall } from '../../core/redis-client.ts';
import { writeAtomically } from '../runtime/atomic-write.ts';
import { defineJob, type Job } from '../runtime/define-job.ts';
import type { JobContext, RunReport } from '../runtime/job-context.ts';
import { slaDayKey, slaOperatorsKey } from '../result-keys.ts';
import { holidayRule } from './brazil-holidays.ts';
import { createBusinessCalendar } from './business-calendar.ts';
import { createDayAggregator, slaPercent } from './sla-aggregate.ts';
import { encodeDay, encodeOperators } from './sla-record.ts';
import { slaWindow } from './sla-window.ts';

export async function runSla(warehouse: Warehouse, ctx: JobContext): Promise<RunReport> {
  const { config, log } = ctx;
  const cutoff = config.sla.cutoffs[warehouse];
  const calendar = createBusinessCalendar(holidayRule(config.sla.holidays));
  const now = ctx.clock.now();
  const window = slaWindow(now, cutoff, calendar);
  log.info({ warehouse, previous: window.previous, current: window.current }, 'fetching orders');

  const aggregator = createDayAggregator([window.previous, window.current], { cutoff, calendar, now });
  const listing = await ctx.sources.wms.listOrders(warehouse, window, (order) => {
    aggregator.add(order);
  });
  if (listing.duplicates > 0) {
    log.warn(
      { duplicates: listing.duplicates, ids: listing.duplicateIds },
      `the WMS listed ${listing.duplicates} order id(s) more than once: each order counted once`,
    );
  }
  const prefix = config.keyPrefix;
  const days = aggregator.result();
  if (listing.count === 0)
    await refuseEmptyOverStored(
      ctx,
      warehouse,
      days.map((day) => day.date),
    );

  await writeAtomically(ctx, (batch) => {
    for (const day of days) {
      const totalsKey = slaDayKey(prefix, warehouse, day.date);
      const operatorsKey = slaOperatorsKey(prefix, warehouse, day.date);
      batch.del(totalsKey, operatorsKey);
      batch.hset(totalsKey, encodeDay(warehouse, day, cutoff));
      const operators = encodeOperators(day);
      if (Object.keys(operators).length > 0) batch.hset(operatorsKey, operators);
    }
  });

  const summary: Record<string, string | number> = { warehouse, orders: listing.count, duplicates: listing.duplicates };
  for (const [label, day] of [
    ['previous', days[0]],
    ['current', days[1]],
  ] as const) {
    if (day !== undefined) summary[`${label}SlaPercent`] = slaPercent(day.onTime, day.late) ?? 'n/a';
  }
  return summary;
}

/** Zeros over days that held at least EMPTY_RESULT_GUARD orders are an outage dressed as an answer. */
async function refuseEmptyOverStored(ctx: JobContext, warehouse: Warehouse, dates: readonly string[]): Promise<void> {
  const guard = ctx.config.emptyResultGuard;
  if (guard === 0) return;
  const stored = await redisCall('SLA read', async () => {
    let total = 0;
    for (const date of dates) {
      const [orders, cancelled] = await ctx.redis.hmget(slaDayKey(ctx.config.keyPrefix, warehouse, date), 'orders', 'cancelled');
      total += (Number(orders) || 0) + (Number(cancelled) || 0);
    }
    return total;
  });
  if (stored >= guard) {
    throw new PontualError(
      'EMPTY_RESULT',
      `the WMS listed no ${warehouse} orders for ${dates.join(' and ')} where ${stored} are stored: not written (run with EMPTY_RESULT_GUARD=0 to accept an empty list)`,
    );
  }
}

/** The warehouse comes from the catalog entry, like everything else about the job. */
function slaJob(name: string): Job {
  return defineJob(name, (ctx) => {
    const warehouse = ctx.spec.warehouse;
    if (warehouse === undefined) throw new Error(`catalog entry ${name} has no warehouse`);
    return runSla(warehouse, ctx);
  });
}

export const embuSla = slaJob('embu-sla');
export const extremaSla = slaJob('extrema-sla');
