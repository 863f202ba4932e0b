/**
 * bonus-calc: reads the month's stored daily SLA aggregates of both warehouses, computes every
 * operator's bonus and replaces the month's bonus hashes in one transaction.
 */
import { WAREHOUSES, type Warehouse } from '../../core/catalog.ts';
import { writeAtomically } from '../runtime/atomic-write.ts';
import { defineJob } from '../runtime/define-job.ts';
import type { JobContext, RunReport } from '../runtime/job-context.ts';
import { redisCall } from '../../core/redis-client.ts';
import { bonusKey, bonusOperatorsKey, bonusWarehousesKey, slaDayKey, slaOperatorsKey } from '../result-keys.ts';
import { slaPercent } from '../sla/sla-aggregate.ts';
import { decodeDay } from '../sla/sla-record.ts';
import { bonusPeriod } from './bonus-period.ts';
import { computeBonuses, payoutPercent, type WarehouseMonth } from './bonus-rules.ts';

interface MonthRead extends WarehouseMonth {
  readonly daysWithData: number;
}

async function readMonth(ctx: JobContext, warehouse: Warehouse, days: readonly string[]): Promise<MonthRead> {
  const prefix = ctx.config.keyPrefix;
  const pipeline = ctx.redis.pipeline();
  for (const day of days) pipeline.hgetall(slaDayKey(prefix, warehouse, day)).hgetall(slaOperatorsKey(prefix, warehouse, day));
  const replies = await redisCall('SLA read', async () => {
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]) => {
      if (error) throw error;
      return value as Record<string, string>;
    });
  });

  let onTime = 0;
  let late = 0;
  let daysWithData = 0;
  const operatorsOnTime = new Map<string, number>();
  days.forEach((day, index) => {
    const totals = replies[2 * index] ?? {};
    if (Object.keys(totals).length === 0) return;
    const stored = decodeDay(slaDayKey(prefix, warehouse, day), totals, replies[2 * index + 1] ?? {});
    daysWithData++;
    onTime += stored.onTime;
    late += stored.late;
    for (const [operator, tally] of stored.operators) {
      operatorsOnTime.set(operator, (operatorsOnTime.get(operator) ?? 0) + tally.onTime);
    }
  });
  return { onTime, late, operatorsOnTime, daysWithData };
}

export const bonusCalc = defineJob('bonus-calc', async (ctx): Promise<RunReport> => {
  const { config, log } = ctx;
  const period = bonusPeriod(ctx.clock.now());
  log.info({ month: period.month, through: period.through }, 'reading daily SLA aggregates');

  const months = new Map<Warehouse, MonthRead>();
  for (const warehouse of WAREHOUSES) months.set(warehouse, await readMonth(ctx, warehouse, period.days));
  const bonuses = computeBonuses(months, config.bonus);
  const totalCentavos = bonuses.reduce((sum, bonus) => sum + bonus.bonusCentavos, 0);

  const prefix = config.keyPrefix;
  const keys = [bonusKey(prefix, period.month), bonusWarehousesKey(prefix, period.month), bonusOperatorsKey(prefix, period.month)] as const;
  await writeAtomically(ctx.redis, ctx.signal, (tx) => {
    tx.del(...keys);
    tx.hset(keys[0], {
      month: period.month,
      through: period.through,
      rateCentavos: String(config.bonus.rateCentavos),
      capCentavos: String(config.bonus.capCentavos),
      operators: String(bonuses.length),
      totalCentavos: String(totalCentavos),
    });
    tx.hset(
      keys[1],
      Object.fromEntries(
        [...months].map(([warehouse, month]) => [
          warehouse,
          JSON.stringify({
            daysWithData: month.daysWithData,
            onTime: month.onTime,
            late: month.late,
            slaPercent: slaPercent(month.onTime, month.late) ?? null,
            payoutPercent: payoutPercent(month.onTime, month.late),
          }),
        ]),
      ),
    );
    if (bonuses.length > 0) {
      tx.hset(
        keys[2],
        Object.fromEntries(
          bonuses.map((bonus) => [
            bonus.operator,
            JSON.stringify({
              onTimeOrders: bonus.onTimeOrders,
              uncappedCentavos: bonus.uncappedCentavos,
              bonusCentavos: bonus.bonusCentavos,
              capped: bonus.capped,
            }),
          ]),
        ),
      );
    }
  });
  return { month: period.month, through: period.through, operators: bonuses.length, totalCentavos };
});
