/**
 * The Redis keys the jobs write, all under the configured prefix (default `pontual:`). One place,
 * because bonus-calc reads what the SLA jobs write and the status side may read them all.
 * Layout and example values: docs/jobs.md.
 */
import type { Warehouse } from '../core/catalog.ts';

/** Hash: one deadline day's SLA totals for a warehouse. */
export function slaDayKey(prefix: string, warehouse: Warehouse, date: string): string {
  return `${prefix}sla:${warehouse}:day:${date}`;
}

/** Hash: operator id → `{"handled":n,"onTime":m}` for that day. */
export function slaOperatorsKey(prefix: string, warehouse: Warehouse, date: string): string {
  return `${slaDayKey(prefix, warehouse, date)}:operators`;
}

/** Hash: the month's bonus run totals (`through`, rate, cap, total). */
export function bonusKey(prefix: string, month: string): string {
  return `${prefix}bonus:${month}`;
}

/** Hash: operator id → that operator's month-to-date bonus. */
export function bonusOperatorsKey(prefix: string, month: string): string {
  return `${bonusKey(prefix, month)}:operators`;
}

/** Hash: warehouse → its month-to-date SLA and tier. */
export function bonusWarehousesKey(prefix: string, month: string): string {
  return `${bonusKey(prefix, month)}:warehouses`;
}

/** Hash: store id → its last check. */
export function storeStatusKey(prefix: string): string {
  return `${prefix}stores:status`;
}

/** Hash: how many stores are up, degraded, down. */
export function storeSummaryKey(prefix: string): string {
  return `${prefix}stores:summary`;
}
