/**
 * A local stand-in for the company's WMS and OMS APIs, following docs/sources.md, served from
 * devkit/fixtures on a free loopback port. Tests (and people, via scripts/fixture-api.ts) point the
 * jobs at it and can make it misbehave: fail the next requests, answer slowly, serve a malformed
 * record, or make a store's health URL slow, throttled, failing or silent. It records every
 * request it sees.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';

export const FIXTURE_WMS_TOKEN = 'wms-fixture-token';
export const FIXTURE_OMS_TOKEN = 'oms-fixture-token';
/** The instant the fixtures are meant to be computed at (a Monday, after a Friday holiday). */
export const FIXTURE_AS_OF = '2026-11-23T15:00:00-03:00';

export type Api = 'wms' | 'oms';

/** How a store's /health/<id> answers: a status after an optional delay, or never. */
export type HealthBehaviour = { readonly status: number; readonly delayMs?: number } | 'hang';

export interface RecordedRequest {
  readonly api: Api | 'health';
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | undefined;
}

export interface FixtureApiOptions {
  /** Default: devkit/fixtures/wms-orders.json */
  readonly orders?: Readonly<Record<string, readonly unknown[]>>;
  /** Default: devkit/fixtures/oms-stores.json, with `{{base}}` replaced by the server's URL. */
  readonly stores?: readonly unknown[];
  /** Most records per page, whatever `limit` asks: small by default, so pagination happens. */
  readonly pageSize?: number;
  readonly port?: number;
}

export interface FixtureApi {
  readonly url: string;
  readonly wmsUrl: string;
  readonly omsUrl: string;
  /** Environment for a job pointed at this server. */
  readonly env: Readonly<Record<string, string>>;
  readonly requests: readonly RecordedRequest[];
  /** The next `times` requests to `api` answer `status` (e.g. 503) instead. */
  failNext(api: Api, status: number, times?: number): void;
  /** Every request to `api` waits this long before answering. */
  setDelay(api: Api, delayMs: number): void;
  setOrders(warehouse: string, orders: readonly unknown[]): void;
  setStores(stores: readonly unknown[]): void;
  setHealth(storeId: string, behaviour: HealthBehaviour): void;
  clearRequests(): void;
  close(): Promise<void>;
}

const FIXTURES = join(import.meta.dirname, 'fixtures');

export function loadFixtureOrders(): Record<string, unknown[]> {
  const { embu, extrema } = JSON.parse(readFileSync(join(FIXTURES, 'wms-orders.json'), 'utf8')) as Record<string, unknown[]>;
  return { embu: embu ?? [], extrema: extrema ?? [] };
}

function loadFixtureStores(base: string): unknown[] {
  const text = readFileSync(join(FIXTURES, 'oms-stores.json'), 'utf8').replaceAll('{{base}}', base);
  return (JSON.parse(text) as { stores: unknown[] }).stores;
}

export async function startFixtureApi(options: FixtureApiOptions = {}): Promise<FixtureApi> {
  const pageSize = options.pageSize ?? 3;
  const orders = new Map(Object.entries(options.orders ?? loadFixtureOrders()).map(([k, v]) => [k, [...v]]));
  let stores: unknown[] = options.stores ? [...options.stores] : [];
  const failures: Record<Api, { status: number; times: number }> = { wms: { status: 0, times: 0 }, oms: { status: 0, times: 0 } };
  const delays: Record<Api, number> = { wms: 0, oms: 0 };
  const health = new Map<string, HealthBehaviour>();
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  /** A wait that close() cancels, so a slow answer never keeps the test process alive. */
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = createServer((request, response) => {
    handle(request, response).then(
      (answer) => {
        if (answer !== undefined) send(response, answer.status, answer.body);
      },
      (error: unknown) => {
        send(response, 500, { error: String(error) });
      },
    );
  });

  /** The reply to send, or undefined when the request is answered (or left hanging) elsewhere. */
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<Reply | undefined> {
    const url = new URL(request.url ?? '/', 'http://fixture');
    const query = Object.fromEntries(url.searchParams);
    const segments = url.pathname.split('/').filter(Boolean);
    const api = segments[0] === 'wms' || segments[0] === 'oms' ? segments[0] : segments[0] === 'health' ? 'health' : undefined;
    if (api === undefined) return reply(404, { error: 'not found' });
    requests.push({ api, path: url.pathname, query, authorization: request.headers.authorization });

    if (api === 'health') {
      answerHealth(response, segments[1] ?? '');
      return undefined;
    }
    if (delays[api] > 0) await wait(delays[api]);
    if (failures[api].times > 0) {
      failures[api].times--;
      return reply(failures[api].status, { error: 'injected failure' });
    }
    const token = api === 'wms' ? FIXTURE_WMS_TOKEN : FIXTURE_OMS_TOKEN;
    if (request.headers.authorization !== `Bearer ${token}`) return reply(401, { error: 'bad token' });

    if (api === 'wms' && segments[1] === 'v1' && segments[2] === 'warehouses' && segments[4] === 'orders') {
      const from = Date.parse(query.from ?? '');
      const to = Date.parse(query.to ?? '');
      if (Number.isNaN(from) || Number.isNaN(to)) return reply(400, { error: 'from and to are required ISO instants' });
      const matching = (orders.get(decodeURIComponent(segments[3] ?? '')) ?? [])
        .filter((order) => inRange(order, from, to))
        .sort((a, b) => createdAt(a) - createdAt(b));
      const limit = Math.min(Number(query.limit ?? pageSize) || pageSize, pageSize);
      return reply(200, page('orders', matching, query.cursor, limit));
    }
    if (api === 'oms' && segments[1] === 'v1' && segments[2] === 'stores') {
      return reply(200, page('stores', stores, query.cursor, pageSize));
    }
    return reply(404, { error: 'not found' });
  }

  function answerHealth(response: ServerResponse, storeId: string): void {
    const behaviour = health.get(storeId) ?? { status: 200 };
    if (behaviour === 'hang') {
      hanging.add(response);
      return;
    }
    void wait(behaviour.delayMs ?? 0).then(() => {
      send(response, behaviour.status, { store: storeId });
    });
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  stores = options.stores ? stores : loadFixtureStores(url);

  return {
    url,
    wmsUrl: `${url}/wms`,
    omsUrl: `${url}/oms`,
    env: {
      WMS_API_URL: `${url}/wms`,
      WMS_API_TOKEN: FIXTURE_WMS_TOKEN,
      OMS_API_URL: `${url}/oms`,
      OMS_API_TOKEN: FIXTURE_OMS_TOKEN,
    },
    requests,
    failNext(api, status, times = 1) {
      failures[api] = { status, times };
    },
    setDelay(api, delayMs) {
      delays[api] = delayMs;
    },
    setOrders(warehouse, list) {
      orders.set(warehouse, [...list]);
    },
    setStores(list) {
      stores = [...list];
    },
    setHealth(storeId, behaviour) {
      health.set(storeId, behaviour);
    },
    clearRequests() {
      requests.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

function reply(status: number, body: unknown): Reply {
  return { status, body };
}

/** Cursor pagination: the cursor is an opaque offset; the last page has `nextCursor: null`. */
function page(field: string, items: readonly unknown[], cursor: string | undefined, limit: number): Record<string, unknown> {
  const offset = cursor === undefined ? 0 : Number(cursor.replace(/^c/, ''));
  const next = offset + limit;
  return { [field]: items.slice(offset, next), nextCursor: next < items.length ? `c${next}` : null };
}

function createdAt(order: unknown): number {
  const value = typeof order === 'object' && order !== null ? (order as Record<string, unknown>).createdAt : undefined;
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

/** [from, to) on createdAt; a record without a readable createdAt is always served (it is there to be rejected). */
function inRange(order: unknown, from: number, to: number): boolean {
  const created = createdAt(order);
  return Number.isNaN(created) || (created >= from && created < to);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
