/**
 * embu-sla and extrema-sla: one implementation, parameterized by the catalog's warehouse.
 * Fetches the orders of the previous and current deadline days from the WMS, classifies them and
 * replaces both days' aggregates in one transaction.
 */
import type { Warehouse } from '../../core/catalog.ts';
import { writeAtomically } from '../runtime/atomic-write.ts';
import { defineJob, type Job } from '../runtime/define-job.ts';
import type { JobContext, RunReport } from '../runtime/job-context.ts';
import { slaDayKey, slaOperatorsKey } from '../result-keys.ts';
import { createBusinessCalendar } from './business-calendar.ts';
import { aggregateDays, slaPercent } from './sla-aggregate.ts';
import { encodeDay, encodeOperators } from './sla-record.ts';
import { slaWindow } from './sla-window.ts';

export async function runSla(warehouse: Warehouse, ctx: JobContext): Promise<RunReport> {
  const { config, log } = ctx;
  const cutoff = config.sla.cutoffs[warehouse];
  const calendar = createBusinessCalendar(config.sla.holidays);
  const now = ctx.clock.now();
  const window = slaWindow(now, cutoff, calendar);
  log.info({ warehouse, previous: window.previous, current: window.current }, 'fetching orders');

  const orders = await ctx.sources.wms.listOrders(warehouse, window);
  const days = aggregateDays(orders, [window.previous, window.current], { cutoff, calendar, now });

  const prefix = config.keyPrefix;
  await writeAtomically(ctx.redis, ctx.signal, (tx) => {
    for (const day of days) {
      const totalsKey = slaDayKey(prefix, warehouse, day.date);
      const operatorsKey = slaOperatorsKey(prefix, warehouse, day.date);
      tx.del(totalsKey, operatorsKey);
      tx.hset(totalsKey, encodeDay(warehouse, day, cutoff));
      const operators = encodeOperators(day);
      if (Object.keys(operators).length > 0) tx.hset(operatorsKey, operators);
    }
  });

  const summary: Record<string, string | number> = { warehouse, orders: orders.length };
  for (const [label, day] of [['previous', days[0]], ['current', days[1]]] as const) {
    if (day !== undefined) summary[`${label}SlaPercent`] = slaPercent(day.onTime, day.late) ?? 'n/a';
  }
  return summary;
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
