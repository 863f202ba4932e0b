/**
 * bonus-calc: reads the month's stored daily SLA aggregates of both warehouses, computes every
 * operator's bonus and replaces the month's bonus hashes in one transaction.
 */
import { WAREHOUSES, type Warehouse } from '../../core/catalog.ts';
import { writeAtomically } from '../runtime/atomic-write.ts';
import { defineJob } from '../runtime/define-job.ts';
import type { RunReport } from '../runtime/job-context.ts';
import { bonusKey, bonusOperatorsKey, bonusWarehousesKey } from '../result-keys.ts';
import { slaPercent } from '../sla/sla-aggregate.ts';
import { bonusPeriod } from './bonus-period.ts';
import { computeBonuses, payoutPercent } from './bonus-rules.ts';
import { readStoredMonths, type MonthRead } from './read-month.ts';

export const bonusCalc = defineJob('bonus-calc', async (ctx): Promise<RunReport> => {
  const { config, log } = ctx;
  const period = bonusPeriod(ctx.clock.now());
  log.info({ month: period.month, through: period.through }, 'reading daily SLA aggregates');

  const months: ReadonlyMap<Warehouse, MonthRead> = await readStoredMonths(ctx.redis, config.keyPrefix, WAREHOUSES, period.days);
  const bonuses = computeBonuses(months, config.bonus);
  const totalCentavos = bonuses.reduce((sum, bonus) => sum + bonus.bonusCentavos, 0);

  const prefix = config.keyPrefix;
  const keys = [bonusKey(prefix, period.month), bonusWarehousesKey(prefix, period.month), bonusOperatorsKey(prefix, period.month)] as const;
  await writeAtomically(ctx, (tx) => {
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
