/**
 * The metrics-only port (METRICS_PORT): GET /metrics and nothing else, so a NetworkPolicy can let
 * Prometheus' namespace scrape without also reaching the JSON API and the page on the main port.
 * The same defences as the main port: a target that is not a URL is a 404 (it used to throw and
 * stop the process), concurrent scrapes share a render and over MAX_CONCURRENT_SCRAPES get 503,
 * and request heads must arrive within the headers timeout.
 */
import type { Server } from 'node:http';
import type { Logger } from '../../core/logger.ts';
import { createScrapeGate } from './scrape-gate.ts';
import { MAX_CONCURRENT_SCRAPES, type StatusView } from './status-server.ts';

// process.getBuiltinModule, not an ESM import: importing node:http as ESM builds its namespace, whose
// lazy exports (WebSocket, MessageEvent...) load undici, about 12 MiB of RSS (docs/status.md).
const { createServer } = process.getBuiltinModule('node:http');

export function createMetricsServer(
  view: Pick<StatusView, 'metrics' | 'summaries'>,
  logger: Logger,
  options: { readonly headersTimeoutMs?: number } = {},
): Server {
  const scrapes = createScrapeGate(() => view.metrics(view.summaries({ runLimit: 1 })), MAX_CONCURRENT_SCRAPES);
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const server = createServer(
    { headersTimeout, requestTimeout: Math.max(30_000, headersTimeout), connectionsCheckingInterval: Math.min(1_000, headersTimeout) },
    (request, response) => {
      const path = URL.parse(request.url ?? '/', 'http://localhost')?.pathname;
      if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('only GET /metrics on this port\n');
        return;
      }
      const release = scrapes.enter();
      if (release === undefined) {
        response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' }).end('too many concurrent scrapes\n');
        return;
      }
      response.once('close', release);
      scrapes.render().then(
        (text) => {
          response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(request.method === 'HEAD' ? undefined : text);
        },
        (error: unknown) => {
          logger.error({ err: error, path }, 'request failed');
          response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics failed\n');
        },
      );
    },
  );
  server.keepAliveTimeout = 5_000;
  return server;
}
