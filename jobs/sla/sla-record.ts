/**
 * How a day aggregate is stored: a hash of totals plus a hash of operators. The SLA jobs encode,
 * bonus-calc decodes; values hold nothing but the aggregate so that a rerun writes the same bytes.
 */
import { PontualError } from '../../core/errors.ts';
import type { Warehouse } from '../../core/catalog.ts';
import type { LocalTime } from '../runtime/config.ts';
import { slaPercent, type DayAggregate, type OperatorTally } from './sla-aggregate.ts';

export function encodeDay(warehouse: Warehouse, day: DayAggregate, cutoff: LocalTime): Record<string, string> {
  const percent = slaPercent(day.onTime, day.late);
  return {
    warehouse,
    date: day.date,
    cutoff: `${String(cutoff.hour).padStart(2, '0')}:${String(cutoff.minute).padStart(2, '0')}`,
    orders: String(day.orders),
    onTime: String(day.onTime),
    late: String(day.late),
    pending: String(day.pending),
    cancelled: String(day.cancelled),
    ...(percent === undefined ? {} : { slaPercent: percent }),
  };
}

export function encodeOperators(day: DayAggregate): Record<string, string> {
  return Object.fromEntries([...day.operators].map(([operator, tally]) => [operator, JSON.stringify({ handled: tally.handled, onTime: tally.onTime })]));
}

export interface StoredDay {
  readonly onTime: number;
  readonly late: number;
  readonly operators: ReadonlyMap<string, OperatorTally>;
}

/** Reads back what encodeDay/encodeOperators wrote; `key` names the hash in errors. */
export function decodeDay(key: string, totals: Record<string, string>, operators: Record<string, string>): StoredDay {
  const count = (field: string, value: unknown): number => {
    const parsed = typeof value === 'string' ? Number(value) : value;
    if (typeof parsed !== 'number' || !Number.isInteger(parsed) || parsed < 0) {
      throw new PontualError('INPUT_INVALID', `stored SLA day ${key} field "${field}": expected a count, got ${JSON.stringify(value)}`);
    }
    return parsed;
  };
  const decoded = new Map<string, OperatorTally>();
  for (const [operator, json] of Object.entries(operators)) {
    let tally: unknown;
    try {
      tally = JSON.parse(json);
    } catch (error) {
      throw new PontualError('INPUT_INVALID', `stored SLA day ${key}:operators field "${operator}": not JSON`, { cause: error });
    }
    const { handled, onTime } = (typeof tally === 'object' && tally !== null ? tally : {}) as Record<string, unknown>;
    decoded.set(operator, { handled: count(`${operator}.handled`, handled), onTime: count(`${operator}.onTime`, onTime) });
  }
  return { onTime: count('onTime', totals.onTime), late: count('late', totals.late), operators: decoded };
}
