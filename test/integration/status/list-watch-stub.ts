/**
 * A small stand-in for one Kubernetes list/watch endpoint (ConfigMaps in one namespace) on
 * 127.0.0.1, port 0: enough to drive client-node's informer through what a real API server does
 * to it — a watch closed by the server, a 500, a 410 Gone (ERROR event), changes missed while
 * no watch was open.
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
  /** Requests answered so far. */
  readonly lists: number;
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

export async function startListWatchStub(names: readonly string[]): Promise<ListWatchStub> {
  const objects = new Map<string, StubObject>();
  const streams = new Set<ServerResponse>();
  const nextWatches: NextWatch[] = [];
  let resourceVersion = 1;
  let lists = 0;
  let watches = 0;

  const object = (name: string): StubObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: STUB_NAMESPACE, resourceVersion: String(++resourceVersion) } });
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
    if (url.searchParams.get('watch') !== 'true') {
      lists += 1;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: String(resourceVersion) }, items: [...objects.values()] }));
      return;
    }
    watches += 1;
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
      await new Promise<void>((resolve) => server.close(() => {
        resolve();
      }));
    },
  };
}
