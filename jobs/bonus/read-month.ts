/**
 * Reads the month's stored daily SLA aggregates of the warehouses in one MULTI/EXEC: the SLA jobs
 * replace a day atomically, and a transaction of reads runs atomically too, so bonus-calc sees
 * every day either before or after an SLA run's write, never its totals from one side and its
 * operators from the other (a pipeline would let the write land between its reads).
 */
import type { Warehouse } from '../../core/catalog.ts';
import { redisCall, type Redis } from '../../core/redis-client.ts';
import { slaDayKey, slaOperatorsKey } from '../result-keys.ts';
import { decodeDay } from '../sla/sla-record.ts';
import type { WarehouseMonth } from './bonus-rules.ts';

export interface MonthRead extends WarehouseMonth {
  readonly daysWithData: number;
}

export async function readStoredMonths(
  redis: Redis,
  prefix: string,
  warehouses: readonly Warehouse[],
  days: readonly string[],
): Promise<Map<Warehouse, MonthRead>> {
  const transaction = redis.multi();
  for (const warehouse of warehouses) {
    for (const day of days) transaction.hgetall(slaDayKey(prefix, warehouse, day)).hgetall(slaOperatorsKey(prefix, warehouse, day));
  }
  const replies = await redisCall('SLA read', async () => {
    const results = await transaction.exec();
    if (results === null) throw new Error('the read transaction was discarded');
    return results.map(([error, value]) => {
      if (error) throw error;
      return value as Record<string, string>;
    });
  });

  const months = new Map<Warehouse, MonthRead>();
  warehouses.forEach((warehouse, w) => {
    let onTime = 0;
    let late = 0;
    let daysWithData = 0;
    const operatorsOnTime = new Map<string, number>();
    days.forEach((day, d) => {
      const index = 2 * (w * days.length + d);
      const totals = replies[index] ?? {};
      if (Object.keys(totals).length === 0) return;
      const stored = decodeDay(slaDayKey(prefix, warehouse, day), totals, replies[index + 1] ?? {});
      daysWithData++;
      onTime += stored.onTime;
      late += stored.late;
      for (const [operator, tally] of stored.operators) {
        operatorsOnTime.set(operator, (operatorsOnTime.get(operator) ?? 0) + tally.onTime);
      }
    });
    months.set(warehouse, { onTime, late, operatorsOnTime, daysWithData });
  });
  return months;
}
