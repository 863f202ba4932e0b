/**
 * A small stand-in for one Kubernetes list/watch endpoint (ConfigMaps in one namespace) on
 * 127.0.0.1, port 0: enough to drive the status service's watcher through what a real API server
 * does to it — a watch closed by the server, a 500, a 410 Gone (ERROR event), changes missed while
 * no watch was open. It serves paged lists (`limit`/`continue`) and, when `streamingList` is on,
 * streaming lists (`sendInitialEvents=true`: ADDED events, then the initial-events-end bookmark);
 * otherwise it refuses those with 422, as a server without the WatchList feature does.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const STUB_NAMESPACE = 'stub';
export const STUB_PATH = `/api/v1/namespaces/${STUB_NAMESPACE}/configmaps`;

export interface StubObject {
  readonly apiVersion: 'v1';
  readonly kind: 'ConfigMap';
  readonly metadata: { readonly name: string; readonly namespace: string; readonly resourceVersion: string };
}

export interface ListWatchStub {
  readonly url: string;
  /** Lists answered so far: list pages' first pages and streaming lists. */
  readonly lists: number;
  /** List requests (pages) answered. */
  readonly pages: number;
  readonly watches: number;
  /** Watch streams open now. */
  readonly openWatches: number;
  /** Adds or changes an object; open watches see it unless `broadcast` is false (a missed event). */
  put(name: string, broadcast?: boolean): void;
  remove(name: string, broadcast?: boolean): void;
  /** The next watch request is answered with this HTTP status. */
  failNextWatch(status: number): void;
  /** The next watch request gets a 410 Gone ERROR event, as when its resourceVersion was compacted. */
  expireNextWatch(): void;
  /** Ends every open watch stream, as the API server does on its own timeout. */
  dropWatches(): void;
  close(): Promise<void>;
}

type NextWatch = { readonly kind: 'status'; readonly status: number } | { readonly kind: 'expired' };

export async function startListWatchStub(names: readonly string[], options: { readonly streamingList?: boolean } = {}): Promise<ListWatchStub> {
  const objects = new Map<string, StubObject>();
  const streams = new Set<ServerResponse>();
  const nextWatches: NextWatch[] = [];
  let resourceVersion = 1;
  let lists = 0;
  let pages = 0;
  let watches = 0;

  const object = (name: string): StubObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: STUB_NAMESPACE, resourceVersion: String(++resourceVersion) },
  });
  const send = (type: string, payload: unknown): void => {
    for (const stream of streams) stream.write(`${JSON.stringify({ type, object: payload })}\n`);
  };
  for (const name of names) objects.set(name, object(name));

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== STUB_PATH) {
      response.writeHead(404).end();
      return;
    }
    const watch = url.searchParams.get('watch');
    if (watch !== 'true' && watch !== '1') {
      pages += 1;
      const from = Number(url.searchParams.get('continue') ?? '0');
      if (from === 0) lists += 1;
      const limit = Number(url.searchParams.get('limit') ?? '0') || Infinity;
      const items = [...objects.values()].slice(from, from + limit);
      const more = from + items.length < objects.size;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMapList',
          metadata: { resourceVersion: String(resourceVersion), ...(more ? { continue: String(from + items.length) } : {}) },
          items,
        }),
      );
      return;
    }
    watches += 1;
    const streaming = url.searchParams.get('sendInitialEvents') === 'true';
    if (streaming && options.streamingList !== true) {
      response.writeHead(422, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          kind: 'Status',
          status: 'Failure',
          reason: 'Invalid',
          code: 422,
          message: 'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
        }),
      );
      return;
    }
    if (streaming) lists += 1;
    const next = nextWatches.shift();
    if (next?.kind === 'status') {
      response.writeHead(next.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ kind: 'Status', status: 'Failure', code: next.status }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    if (next?.kind === 'expired') {
      response.end(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', reason: 'Expired', code: 410 } })}\n`);
      return;
    }
    response.flushHeaders();
    if (streaming) {
      for (const found of objects.values()) response.write(`${JSON.stringify({ type: 'ADDED', object: found })}\n`);
      const end = {
        kind: 'ConfigMap',
        apiVersion: 'v1',
        metadata: { resourceVersion: String(resourceVersion), annotations: { 'k8s.io/initial-events-end': 'true' } },
      };
      response.write(`${JSON.stringify({ type: 'BOOKMARK', object: end })}\n`);
    }
    streams.add(response);
    response.on('close', () => streams.delete(response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${String(port)}`,
    get lists() {
      return lists;
    },
    get pages() {
      return pages;
    },
    get watches() {
      return watches;
    },
    get openWatches() {
      return streams.size;
    },
    put(name, broadcast = true) {
      const type = objects.has(name) ? 'MODIFIED' : 'ADDED';
      const created = object(name);
      objects.set(name, created);
      if (broadcast) send(type, created);
    },
    remove(name, broadcast = true) {
      const found = objects.get(name);
      objects.delete(name);
      if (found !== undefined && broadcast) send('DELETED', { ...found, metadata: { ...found.metadata, resourceVersion: String(++resourceVersion) } });
    },
    failNextWatch(status) {
      nextWatches.push({ kind: 'status', status });
    },
    expireNextWatch() {
      nextWatches.push({ kind: 'expired' });
    },
    dropWatches() {
      for (const stream of streams) stream.end();
    },
    async close() {
      for (const stream of streams) stream.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
