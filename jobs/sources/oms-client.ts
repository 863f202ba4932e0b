/** The OMS stores API (contract in docs/sources.md). */
import { collectPages, type Listing } from './collect-pages.ts';
import { fetchJson, type HttpOptions } from './fetch-json.ts';
import { parseStore, type Store } from './oms-store.ts';

export interface OmsClient {
  /** Every store, active or not, all pages, validated, each id once. */
  listStores(): Promise<Listing<Store>>;
}

export function createOmsClient(baseUrl: string, http: HttpOptions): OmsClient {
  return {
    listStores() {
      return collectPages({
        what: 'OMS stores',
        itemsField: 'stores',
        parse: parseStore,
        fetchPage: (cursor) => {
          const url = new URL(`${baseUrl}/v1/stores`);
          if (cursor !== undefined) url.searchParams.set('cursor', cursor);
          return fetchJson('OMS', url.href, http);
        },
      });
    },
  };
}
