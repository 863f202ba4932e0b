/**
 * A local stand-in for the company's WMS and OMS APIs, following docs/sources.md, served from
 * devkit/fixtures on a free loopback port. Tests (and people, via scripts/fixture-api.ts) point the
 * jobs at it and can make it misbehave: fail the next requests (with or without Retry-After),
 * answer slowly, break the body off or never end it, serve truncated JSON, wrong types, repeated
 * records or an empty list, or make a store's health URL slow, throttled, failing or silent. It
 * records every request it sees.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';

export const FIXTURE_WMS_TOKEN = 'wms-fixture-token';
export const FIXTURE_OMS_TOKEN = 'oms-fixture-token';
/** The instant the fixtures are meant to be computed at (a Monday, after a Friday holiday). */
export const FIXTURE_AS_OF = '2026-11-23T15:00:00-03:00';

export type Api = 'wms' | 'oms';

/** A way for the WMS or OMS to misbehave on purpose, applied to the next requests (see injectFault). */
export type Fault =
  /** Answers this status instead, with `Retry-After` when given. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  /** Sends the headers and half the body, then nothing more: a body that never ends. */
  | { readonly kind: 'hang-body' }
  /** Sends the headers and half the body, then drops the connection. */
  | { readonly kind: 'cut-body' }
  /** A complete response whose JSON stops half-way. */
  | { readonly kind: 'truncated-json' }
  /** Valid JSON whose first record has a number where an instant belongs. */
  | { readonly kind: 'wrong-types' }
  /** Every page after the first repeats the previous page's last record. */
  | { readonly kind: 'duplicates' }
  /** An empty list, last page. */
  | { readonly kind: 'empty' };

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
  /** Address to listen on and put in the URLs. Default 127.0.0.1; pods on the test node need its gateway. */
  readonly host?: string;
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
  /** The next `times` requests to `api` (default: all of them until clearFaults) misbehave so. */
  injectFault(api: Api, fault: Fault, times?: number): void;
  clearFaults(): void;
  /** Most records per page from now on. */
  setPageSize(size: number): void;
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
  let pageSize = options.pageSize ?? 3;
  const orders = new Map(Object.entries(options.orders ?? loadFixtureOrders()).map(([k, v]) => [k, [...v]]));
  let stores: unknown[] = options.stores ? [...options.stores] : [];
  const faults: Record<Api, { fault: Fault; times: number } | undefined> = { wms: undefined, oms: undefined };
  const takeFault = (api: Api): Fault | undefined => {
    const injected = faults[api];
    if (injected === undefined || injected.times <= 0) return undefined;
    injected.times--;
    return injected.fault;
  };
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
        if (answer !== undefined) send(response, answer.status, answer.body, answer.headers);
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
    const fault = takeFault(api);
    if (fault?.kind === 'status') {
      return {
        status: fault.status,
        body: { error: 'injected failure' },
        ...(fault.retryAfter === undefined ? {} : { headers: { 'retry-after': fault.retryAfter } }),
      };
    }
    const token = api === 'wms' ? FIXTURE_WMS_TOKEN : FIXTURE_OMS_TOKEN;
    if (request.headers.authorization !== `Bearer ${token}`) return reply(401, { error: 'bad token' });
    const answer = answerData(api, segments, query, fault);
    if (fault === undefined || answer.status !== 200) return answer;
    return misbehave(fault, answer, response);
  }

  function answerData(api: Api, segments: readonly string[], query: Readonly<Record<string, string>>, fault: Fault | undefined): Reply {
    const repeat = fault?.kind === 'duplicates';
    if (fault?.kind === 'empty') return reply(200, { [api === 'wms' ? 'orders' : 'stores']: [], nextCursor: null });

    if (api === 'wms' && segments[1] === 'v1' && segments[2] === 'warehouses' && segments[4] === 'orders') {
      const from = Date.parse(query.from ?? '');
      const to = Date.parse(query.to ?? '');
      if (Number.isNaN(from) || Number.isNaN(to)) return reply(400, { error: 'from and to are required ISO instants' });
      const matching = (orders.get(decodeURIComponent(segments[3] ?? '')) ?? [])
        .filter((order) => inRange(order, from, to))
        .sort((a, b) => createdAt(a) - createdAt(b));
      const limit = Math.min(Number(query.limit ?? pageSize) || pageSize, pageSize);
      return reply(200, page('orders', matching, query.cursor, limit, repeat));
    }
    if (api === 'oms' && segments[1] === 'v1' && segments[2] === 'stores') {
      return reply(200, page('stores', stores, query.cursor, pageSize, repeat));
    }
    return reply(404, { error: 'not found' });
  }

  /** A well-formed answer turned into the fault's kind of bad one; undefined when sent (or left hanging) here. */
  function misbehave(fault: Fault, answer: Reply, response: ServerResponse): Reply | undefined {
    const text = JSON.stringify(answer.body);
    const half = text.slice(0, Math.floor(text.length / 2));
    switch (fault.kind) {
      case 'hang-body':
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
        response.write(half);
        hanging.add(response);
        return undefined;
      case 'cut-body':
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
        response.write(half, () => {
          response.socket?.destroy();
        });
        return undefined;
      case 'truncated-json':
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(half)) });
        response.end(half);
        return undefined;
      case 'wrong-types': {
        const body = answer.body as Record<string, unknown[]>;
        const [field = ''] = Object.keys(body);
        const [first, ...rest] = body[field] ?? [];
        const broken = { ...(first as Record<string, unknown>), createdAt: 12345, active: 'yes' };
        return reply(200, { ...body, [field]: [broken, ...rest] });
      }
      default:
        return answer;
    }
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

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `http://${host}:${port}`;
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
      faults[api] = { fault: { kind: 'status', status }, times };
    },
    injectFault(api, fault, times = Number.POSITIVE_INFINITY) {
      faults[api] = { fault, times };
    },
    clearFaults() {
      faults.wms = undefined;
      faults.oms = undefined;
    },
    setPageSize(size) {
      pageSize = size;
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
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

function reply(status: number, body: unknown): Reply {
  return { status, body };
}

/**
 * Cursor pagination: the cursor is an opaque offset; the last page has `nextCursor: null`. With
 * `repeat`, a page after the first starts with the previous page's last record again.
 */
function page(field: string, items: readonly unknown[], cursor: string | undefined, limit: number, repeat = false): Record<string, unknown> {
  const offset = cursor === undefined ? 0 : Number(cursor.replace(/^c/, ''));
  const next = offset + limit;
  const records = items.slice(offset, next);
  if (repeat && offset > 0) records.unshift(items[offset - 1]);
  return { [field]: records, nextCursor: next < items.length ? `c${next}` : null };
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

function send(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (response.headersSent || response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
