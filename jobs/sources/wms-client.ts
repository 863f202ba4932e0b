/** The WMS orders API (contract in docs/sources.md). */
import type { Warehouse } from '../../core/catalog.ts';
import { collectPages, type Listing } from './collect-pages.ts';
import { fetchJson, type HttpOptions } from './fetch-json.ts';
import { parseOrder, type Order } from './wms-order.ts';

export const WMS_PAGE_LIMIT = 500;

export interface WmsClient {
  /**
   * Every order of the warehouse created in [from, to), all pages, validated, each id once. With
   * `each`, the orders are handed over page by page and not kept.
   */
  listOrders(warehouse: Warehouse, range: { from: Date; to: Date }, each?: (order: Order) => void): Promise<Listing<Order>>;
}

export function createWmsClient(baseUrl: string, http: HttpOptions): WmsClient {
  return {
    listOrders(warehouse, range, each) {
      return collectPages({
        ...(each === undefined ? {} : { each }),
        what: `WMS orders of ${warehouse}`,
        itemsField: 'orders',
        parse: parseOrder,
        fetchPage: (cursor) => {
          const url = new URL(`${baseUrl}/v1/warehouses/${encodeURIComponent(warehouse)}/orders`);
          url.searchParams.set('from', range.from.toISOString());
          url.searchParams.set('to', range.to.toISOString());
          url.searchParams.set('limit', String(WMS_PAGE_LIMIT));
          if (cursor !== undefined) url.searchParams.set('cursor', cursor);
          return fetchJson('WMS', url.href, http);
        },
      });
    },
  };
}
