/**
 * The metrics-only port (METRICS_PORT): GET /metrics and nothing else, so a NetworkPolicy can let
 * Prometheus' namespace scrape without also reaching the JSON API and the page on the main port.
 */
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { StatusView } from './status-server.ts';

export function createMetricsServer(view: Pick<StatusView, 'metrics' | 'summaries'>, logger: Logger): Server {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('only GET /metrics on this port\n');
      return;
    }
    view.metrics(view.summaries({ runLimit: 1 })).then(
      (text) => {
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(request.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        logger.error({ err: error, path }, 'request failed');
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics failed\n');
      },
    );
  });
  server.keepAliveTimeout = 5_000;
  return server;
}
