import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bonusPeriod } from '../../../jobs/bonus/bonus-period.ts';
import { computeBonuses, payoutPercent, type WarehouseMonth } from '../../../jobs/bonus/bonus-rules.ts';
import type { Warehouse } from '../../../core/catalog.ts';

test('the tier switches at exactly 98 % and 95 %', () => {
  const table: [number, number, number][] = [
    // onTime, late, payout %
    [98, 2, 100],
    [4900, 100, 100],
    [9799, 201, 50], // 97.99 %
    [95, 5, 50],
    [19, 1, 50],
    [9499, 501, 0], // 94.99 %
    [100, 0, 100],
    [0, 10, 0],
    [0, 0, 0], // nothing decided: nothing to pay on
  ];
  for (const [onTime, late, payout] of table) assert.equal(payoutPercent(onTime, late), payout, `${onTime}/${onTime + late}`);
});

function month(onTime: number, late: number, operators: Record<string, number>): WarehouseMonth {
  return { onTime, late, operatorsOnTime: new Map(Object.entries(operators)) };
}

test('bonuses are whole centavos, rounded down, per warehouse tier, and capped per operator', () => {
  const warehouses = new Map<Warehouse, WarehouseMonth>([
    ['embu', month(98, 2, { ana: 40, bia: 3, zeca: 2000 })], // 98 %: full rate
    ['extrema', month(95, 5, { eva: 7, bia: 1 })], // 95 %: half rate
  ]);
  const bonuses = computeBonuses(warehouses, { rateCentavos: 45, capCentavos: 50_000 });
  assert.deepEqual(bonuses, [
    { operator: 'ana', onTimeOrders: { embu: 40 }, uncappedCentavos: 1800, bonusCentavos: 1800, capped: false },
    // 3 x 45 at 100 % + floor(1 x 45 x 50 %) = 135 + 22
    { operator: 'bia', onTimeOrders: { embu: 3, extrema: 1 }, uncappedCentavos: 157, bonusCentavos: 157, capped: false },
    // floor(7 x 45 x 50 %) = floor(157.5)
    { operator: 'eva', onTimeOrders: { extrema: 7 }, uncappedCentavos: 157, bonusCentavos: 157, capped: false },
    { operator: 'zeca', onTimeOrders: { embu: 2000 }, uncappedCentavos: 90_000, bonusCentavos: 50_000, capped: true },
  ]);
  for (const bonus of bonuses) assert.ok(Number.isInteger(bonus.bonusCentavos));
});

test('a warehouse below 95 % pays nothing, and the cap applies at exactly the cap', () => {
  const bonuses = computeBonuses(
    new Map<Warehouse, WarehouseMonth>([
      ['embu', month(94, 6, { ana: 90 })],
      ['extrema', month(50, 0, { eva: 10 })],
    ]),
    { rateCentavos: 50, capCentavos: 500 },
  );
  assert.deepEqual(
    bonuses.map((bonus) => [bonus.operator, bonus.bonusCentavos, bonus.capped]),
    [
      ['ana', 0, false],
      ['eva', 500, false],
    ],
  );
});

test('the bonus period is the month of yesterday, local time, through yesterday', () => {
  const table: [string, string, string, number][] = [
    ['2026-12-01T06:00:00-03:00', '2026-11', '2026-11-30', 30], // the 1st closes the previous month
    ['2026-11-24T06:00:00-03:00', '2026-11', '2026-11-23', 23],
    ['2026-12-02T02:30:00Z', '2026-11', '2026-11-30', 30], // still Dec 1st in São Paulo
  ];
  for (const [now, expectedMonth, through, days] of table) {
    const period = bonusPeriod(new Date(now));
    assert.deepEqual([period.month, period.through, period.days.length, period.days[0]], [expectedMonth, through, days, `${expectedMonth}-01`], now);
  }
});
