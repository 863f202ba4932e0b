/**
 * The one HTTP port: probes, /health, /metrics, the JSON API and the page, on node:http.
 * Access logs skip probe and scrape paths; while draining, probes answer 503 so the Service stops
 * routing here before the process exits.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Logger } from '../../core/logger.ts';
import { ERROR_CODES, toPontualError, type ErrorCode } from '../../core/errors.ts';
import { redactText } from '../../core/redact.ts';
import { MAX_HISTORY_LIMIT } from '../../core/run-ledger.ts';
import type { CronJobSummary, RunSummary } from '../../core/model/summarize.ts';
import type { HealthReport } from './health-report.ts';
import { JOB_PAGE_RUNS, jobNameOfPath } from './job-page-path.ts';
import { createScrapeGate } from './scrape-gate.ts';

// process.getBuiltinModule, not an ESM import: importing node:http as ESM builds its namespace, whose
// lazy exports (WebSocket, MessageEvent...) load undici, about 12 MiB of RSS (docs/status.md).
const { createServer } = process.getBuiltinModule('node:http');

export interface StatusView {
  readonly namespace: string;
  now(): Date;
  summaries(options?: { name?: string; runLimit?: number }): CronJobSummary[];
  health(summaries: readonly CronJobSummary[]): HealthReport;
  /** Watches listed and watching. */
  ready(): boolean;
  metrics(summaries: readonly CronJobSummary[]): Promise<string>;
  /** `refresh`: the reader turned auto-refresh on (`?refresh=on`). */
  page(summaries: readonly CronJobSummary[], health: HealthReport, refresh: boolean): string | Promise<string>;
  /** `/jobs/<name>`: one CronJob's page, or the 404 page when `summary` is undefined. */
  jobPage(name: string, summary: CronJobSummary | undefined, known: readonly string[], refresh: boolean): string | Promise<string>;
}

export interface StatusServer {
  readonly server: Server;
  /** Probes answer 503 from now on. */
  drain(): void;
  readonly draining: boolean;
}

const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);
const HEALTH_STATUS_CODE = { healthy: 200, degraded: 200, unhealthy: 503 } as const;
/** Scrapes served at once; Prometheus sends one per replica and interval, so more is a burst. */
export const MAX_CONCURRENT_SCRAPES = 16;
const MAX_LOGGED_PATH = 200;

export interface StatusServerOptions {
  /** Default MAX_CONCURRENT_SCRAPES. */
  readonly maxConcurrentScrapes?: number;
  /** A client that has not sent its whole request head by then is cut off with 408 (default 10 s). */
  readonly headersTimeoutMs?: number;
}

export function createStatusServer(view: StatusView, logger: Logger, options: StatusServerOptions = {}): StatusServer {
  let draining = false;
  const scrapes = createScrapeGate(() => view.metrics(view.summaries({ runLimit: 1 })), options.maxConcurrentScrapes ?? MAX_CONCURRENT_SCRAPES);
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  // Slowloris: a request head trickling in is dropped after headersTimeout, checked often enough
  // to matter (Node's default check runs every 30 s, its default limit is 60 s).
  const server = createServer(
    { headersTimeout, requestTimeout: Math.max(30_000, headersTimeout), connectionsCheckingInterval: Math.min(1_000, headersTimeout) },
    (request, response) => {
      const started = process.hrtime.bigint();
      const url = URL.parse(request.url ?? '/', 'http://localhost');
      const path = url?.pathname ?? '(not a URL path)';
      response.on('finish', () => {
        if (QUIET_PATHS.has(path)) return;
        // Client errors (4xx) are what anyone reaching the port can cause at will: debug, not info.
        const level = response.statusCode >= 400 && response.statusCode < 500 ? 'debug' : 'info';
        logger[level](
          {
            method: request.method,
            path: path.slice(0, MAX_LOGGED_PATH),
            status: response.statusCode,
            durationMs: Number(process.hrtime.bigint() - started) / 1e6,
            userAgent: request.headers['user-agent'],
          },
          'request',
        );
      });
      if (url === null) {
        // `GET //` or `GET //a:b`: a throw here, outside any handler, used to stop the process.
        sendError(response, 'CONFIG_INVALID', 'the request target is not a URL path');
        return;
      }
      route(request, response, url).catch((error: unknown) => {
        const pontual = toPontualError(error);
        if (ERROR_CODES[pontual.code].httpStatus < 500)
          logger.debug({ code: pontual.code, path: path.slice(0, MAX_LOGGED_PATH), reason: pontual.message }, 'request rejected');
        else logger.error({ err: error, path: path.slice(0, MAX_LOGGED_PATH) }, 'request failed');
        if (!response.headersSent) sendError(response, pontual.code, pontual.message);
        else response.destroy();
      });
    },
  );
  server.keepAliveTimeout = 5_000;

  async function route(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendError(response, 'METHOD_NOT_ALLOWED', `${request.method ?? ''} is not allowed: this API is read-only`);
      return;
    }
    if (path === '/healthz') {
      sendText(response, draining ? 503 : 200, draining ? 'draining\n' : 'ok\n');
      return;
    }
    if (path === '/readyz') {
      const ready = !draining && view.ready();
      sendText(response, ready ? 200 : 503, draining ? 'draining\n' : ready ? 'ready\n' : 'not synced with the Kubernetes API\n');
      return;
    }
    if (path === '/health') {
      const health = view.health(view.summaries({ runLimit: 1 }));
      sendJson(response, HEALTH_STATUS_CODE[health.status], health);
      return;
    }
    if (path === '/metrics') {
      const release = scrapes.enter();
      if (release === undefined) {
        response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' });
        response.end('too many concurrent scrapes\n');
        return;
      }
      response.once('close', release);
      try {
        const text = await scrapes.render();
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        response.end(text);
      } catch (error) {
        release();
        throw error;
      }
      return;
    }
    if (path === '/api/cronjobs') {
      const summaries = view.summaries({ runLimit: 10 });
      sendJson(response, 200, { namespace: view.namespace, generatedAt: view.now().toISOString(), cronJobs: summaries.map(toApi) });
      return;
    }
    const runs = /^\/api\/cronjobs\/([^/]+)(\/runs)?$/u.exec(path);
    if (runs !== null) {
      const name = decodePathSegment(runs[1] ?? '');
      if (name === undefined) {
        sendError(response, 'CONFIG_INVALID', 'the CronJob name in the path is not valid percent-encoding');
        return;
      }
      const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? 100) || 100, 1), MAX_HISTORY_LIMIT);
      const summary = view.summaries({ name, runLimit: limit })[0];
      if (summary === undefined) {
        sendError(response, 'NOT_FOUND', `no CronJob named "${name}" in namespace ${view.namespace}`);
        return;
      }
      sendJson(
        response,
        200,
        runs[2] === undefined ? toApi(summary) : { namespace: summary.namespace, cronJob: summary.name, runs: summary.runs.map(runToApi) },
      );
      return;
    }
    if (path === '/') {
      const summaries = view.summaries({ runLimit: 10 });
      const html = await view.page(summaries, view.health(summaries), url.searchParams.get('refresh') === 'on');
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(html);
      return;
    }
    const jobName = jobNameOfPath(path);
    if (jobName instanceof Error) {
      sendText(response, 400, `bad percent-encoding in ${path.slice(0, 200)}\n`);
      return;
    }
    if (jobName !== undefined) {
      const summary = view.summaries({ name: jobName, runLimit: JOB_PAGE_RUNS })[0];
      const known = summary === undefined ? view.summaries({ runLimit: 0 }).map((other) => other.name) : [];
      const html = await view.jobPage(jobName, summary, known, url.searchParams.get('refresh') === 'on');
      response.writeHead(summary === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(html);
      return;
    }
    sendError(response, 'NOT_FOUND', `no route for ${path}`);
  }

  return {
    server,
    drain() {
      draining = true;
    },
    get draining() {
      return draining;
    },
  };
}

/** A request's mistake, answered as such: not an INTERNAL 500 with a stack in the error log. */
function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * An error body with its code; the status comes from the error catalogue. Anyone who can reach
 * the port reads it: the message is redacted as a log line would be.
 */
function sendError(response: ServerResponse, code: ErrorCode, message: string): void {
  sendJson(response, ERROR_CODES[code].httpStatus, { error: { code, message: redactText(message) } });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`${JSON.stringify(body, null, 2)}\n`);
}

function sendText(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(body);
}

function runToApi(run: RunSummary): Record<string, unknown> {
  return { ...run };
}

function toApi(summary: CronJobSummary): Record<string, unknown> {
  const { runs, runCounts, durations, ...rest } = summary;
  return { ...rest, runs: runs.map(runToApi), runCounts, durationCount: durations.count };
}
