/**
 * Month-to-date operator bonuses. Pure, and integer-only: money is in centavos and the tier is a
 * whole percentage, so no float ever touches an amount.
 *
 * Each warehouse's SLA % (on time / (on time + late), month to date) picks its tier: >= 98 % pays
 * 100 %, >= 95 % pays 50 %, below pays nothing. An operator earns, per warehouse they worked in,
 * on-time orders handled x rate x that warehouse's tier, rounded down to the centavo; the sum is
 * capped per operator.
 */
import type { Warehouse } from '../../core/catalog.ts';

export const TIERS = [
  { minSlaPercent: 98, payoutPercent: 100 },
  { minSlaPercent: 95, payoutPercent: 50 },
] as const;

export interface WarehouseMonth {
  readonly onTime: number;
  readonly late: number;
  /** Operator id → on-time orders handled in this warehouse, month to date. */
  readonly operatorsOnTime: ReadonlyMap<string, number>;
}

export interface OperatorBonus {
  readonly operator: string;
  readonly onTimeOrders: Readonly<Partial<Record<Warehouse, number>>>;
  readonly uncappedCentavos: number;
  readonly bonusCentavos: number;
  readonly capped: boolean;
}

export interface BonusRates {
  readonly rateCentavos: number;
  readonly capCentavos: number;
}

/** The tier's payout percentage; compares in integers so 95 % exactly is 95 %, not 94.999... */
export function payoutPercent(onTime: number, late: number): number {
  const decided = onTime + late;
  if (decided === 0) return 0;
  for (const tier of TIERS) {
    if (onTime * 100 >= tier.minSlaPercent * decided) return tier.payoutPercent;
  }
  return 0;
}

export function computeBonuses(warehouses: ReadonlyMap<Warehouse, WarehouseMonth>, rates: BonusRates): OperatorBonus[] {
  const byOperator = new Map<string, { onTimeOrders: Partial<Record<Warehouse, number>>; uncapped: number }>();
  for (const [warehouse, month] of warehouses) {
    const payout = payoutPercent(month.onTime, month.late);
    for (const [operator, onTime] of month.operatorsOnTime) {
      const entry = byOperator.get(operator) ?? { onTimeOrders: {}, uncapped: 0 };
      entry.onTimeOrders[warehouse] = onTime;
      entry.uncapped += Math.floor((onTime * rates.rateCentavos * payout) / 100);
      byOperator.set(operator, entry);
    }
  }
  return [...byOperator]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([operator, { onTimeOrders, uncapped }]) => ({
      operator,
      onTimeOrders,
      uncappedCentavos: uncapped,
      bonusCentavos: Math.min(uncapped, rates.capCentavos),
      capped: uncapped > rates.capCentavos,
    }));
}
