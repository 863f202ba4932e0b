import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPontualError } from '../../../core/errors.ts';
import { parseStore } from '../../../jobs/sources/oms-store.ts';
import { parseOrder } from '../../../jobs/sources/wms-order.ts';

const ORDER = {
  id: 'o-1',
  createdAt: '2026-11-23T12:00:00Z',
  shippedAt: '2026-11-23T16:00:00.123-03:00',
  status: 'shipped',
  pickerId: 'p-ana',
  packerId: null,
};

test('a well-formed order parses into dates', () => {
  const order = parseOrder(ORDER, '#1 of page 1');
  assert.equal(order.shippedAt?.toISOString(), '2026-11-23T19:00:00.123Z');
  assert.equal(order.packerId, null);
});

test('a malformed order names the record and the field', () => {
  const table: [Record<string, unknown>, string][] = [
    [{ status: 'lost' }, 'WMS order "o-1" field "status": expected one of pending|picking|packed|shipped|cancelled, got "lost"'],
    [{ createdAt: '23/11/2026' }, 'WMS order "o-1" field "createdAt": expected an ISO 8601 instant with offset, got "23/11/2026"'],
    [{ createdAt: '2026-11-23T12:00:00' }, 'WMS order "o-1" field "createdAt": expected an ISO 8601 instant with offset, got "2026-11-23T12:00:00"'],
    [{ createdAt: '2026-02-30T12:00:00Z' }, 'WMS order "o-1" field "createdAt": expected an ISO 8601 instant with offset, got "2026-02-30T12:00:00Z"'],
    [{ pickerId: 42 }, 'WMS order "o-1" field "pickerId": expected a non-empty string, got number 42'],
    [{ packerId: undefined }, 'WMS order "o-1" field "packerId": missing'],
    [{ shippedAt: null }, 'WMS order "o-1" field "shippedAt": null on a shipped order'],
    [{ status: 'packed' }, 'WMS order "o-1" field "shippedAt": set on an order whose status is "packed"'],
    [{ shippedAt: '2026-11-22T00:00:00Z' }, 'WMS order "o-1" field "shippedAt": before createdAt'],
    [{ id: '' }, 'WMS order #3 of page 2 field "id": expected a non-empty string, got ""'],
  ];
  for (const [override, message] of table) {
    const raw = { ...ORDER, ...override };
    for (const [key, value] of Object.entries(override)) if (value === undefined) Reflect.deleteProperty(raw, key);
    assert.throws(
      () => parseOrder(raw, '#3 of page 2'),
      (error: unknown) => isPontualError(error, 'INPUT_INVALID') && error.message === message,
      message,
    );
  }
});

test('a malformed store names the record and the field', () => {
  const store = { id: 's-1', name: 'Loja', platform: 'vtex', healthUrl: 'https://loja.example/health', active: true };
  assert.deepEqual(parseStore(store, '#1'), store);
  assert.throws(() => parseStore({ ...store, active: 'yes' }, '#1'), /OMS store "s-1" field "active": expected true or false, got "yes"/);
  assert.throws(() => parseStore({ ...store, healthUrl: 'ftp://loja' }, '#1'), /OMS store "s-1" field "healthUrl": expected an http\(s\) URL/);
  assert.throws(() => parseStore('s-1', '#4 of page 1'), /OMS store #4 of page 1 field "\(record\)": expected an object/);
});
