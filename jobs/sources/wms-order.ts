/** A WMS order as the SLA rules see it, parsed strictly from the WMS contract (docs/sources.md). */
import { readRecord } from './record-reader.ts';

export const ORDER_STATUSES = ['pending', 'picking', 'packed', 'shipped', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Order {
  readonly id: string;
  readonly createdAt: Date;
  readonly shippedAt: Date | null;
  readonly status: OrderStatus;
  readonly pickerId: string | null;
  readonly packerId: string | null;
}

export function parseOrder(raw: unknown, position: string): Order {
  const record = readRecord('WMS order', raw, position);
  const order: Order = {
    id: record.id,
    createdAt: record.instant('createdAt'),
    shippedAt: record.nullableInstant('shippedAt'),
    status: record.oneOf('status', ORDER_STATUSES),
    pickerId: record.nullableString('pickerId'),
    packerId: record.nullableString('packerId'),
  };
  if (order.status === 'shipped' && order.shippedAt === null) record.fail('shippedAt', 'null on a shipped order');
  // A cancelled order may have shipped before it was cancelled (a return); the others cannot have.
  if (order.shippedAt !== null && order.status !== 'shipped' && order.status !== 'cancelled') {
    record.fail('shippedAt', `set on an order whose status is "${order.status}"`);
  }
  if (order.shippedAt !== null && order.shippedAt < order.createdAt) record.fail('shippedAt', 'before createdAt');
  return order;
}
