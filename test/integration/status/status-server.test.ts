/**
 * The status service's HTTP server on port 0 with a stub view: probes answer 503 once draining
 * starts (so the Service stops routing here before the process exits), and the access log leaves
 * out probes and scrapes while logging everything else once.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../../core/logger.ts';
import { ERROR_CODES } from '../../../core/errors.ts';
import type { HealthReport } from '../../../status/http/health-report.ts';
import { createMetricsServer } from '../../../status/http/metrics-server.ts';
import { createStatusServer, type StatusServer, type StatusView } from '../../../status/http/status-server.ts';

const NOW = new Date('2026-03-02T12:00:00Z');
const HEALTHY: HealthReport = {
  status: 'healthy',
  scheduler_running: true,
  redis_connected: true,
  redis_configured: true,
  timestamp: NOW.toISOString(),
  problems: [],
  jobs: [],
};

let failMetrics = false;
const view: StatusView = {
  namespace: 'pontual',
  now: () => NOW,
  summaries: () => [],
  health: () => HEALTHY,
  ready: () => true,
  metrics: () => (failMetrics ? Promise.reject(new Error('registry read redis://default:pw-500@db failed')) : Promise.resolve('# no metrics\n')),
  page: () => '<!doctype html><title>pontual</title>',
  jobPage: (name) => `<!doctype html><title>${name}</title>`,
};

describe('status HTTP server', () => {
  const lines: string[] = [];
  let status: StatusServer;
  let base = '';

  before(async () => {
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => lines.push(line) } });
    status = createStatusServer(view, logger);
    await new Promise<void>((resolve) => status.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${String((status.server.address() as AddressInfo).port)}`;
  });

  after(async () => {
    status.server.closeAllConnections();
    await new Promise<void>((resolve) =>
      status.server.close(() => {
        resolve();
      }),
    );
  });

  const get = async (path: string): Promise<{ status: number; body: string }> => {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, body: await response.text() };
  };
  /** node:http sends the target as written (fetch would normalize it). */
  const rawGet = (target: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const request = httpGet({ host: '127.0.0.1', port: Number(new URL(base).port), path: target }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body });
        });
      });
      request.on('error', reject);
    });
  const accessLog = () => lines.map((line) => JSON.parse(line) as { msg?: string; path?: string; status?: number }).filter((entry) => entry.msg === 'request');

  test('probes and scrapes leave no access-log line; an API request leaves exactly one', async () => {
    for (const path of ['/metrics', '/healthz', '/readyz']) assert.equal((await get(path)).status, 200, path);
    assert.equal((await get('/api/cronjobs')).status, 200);
    const deadline = Date.now() + 2_000;
    while (accessLog().length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.deepEqual(
      accessLog().map((entry) => [entry.path, entry.status]),
      [['/api/cronjobs', 200]],
    );
  });

  test('errors carry their catalogue code and HTTP status: a write is 405, an unknown route 404', async () => {
    const post = await fetch(`${base}/api/cronjobs`, { method: 'POST' });
    assert.equal(post.status, ERROR_CODES.METHOD_NOT_ALLOWED.httpStatus);
    assert.equal(post.status, 405);
    assert.equal(((await post.json()) as { error: { code: string } }).error.code, 'METHOD_NOT_ALLOWED');
    const missing = await get('/nowhere');
    assert.equal(missing.status, 404);
    assert.equal((JSON.parse(missing.body) as { error: { code: string } }).error.code, 'NOT_FOUND');
  });

  test('a request target that is not a URL path is a 400 with its catalogue code, and the server lives on', async () => {
    // `GET //` made `new URL` throw outside any handler: one request stopped the service.
    for (const target of ['//', '//@', '//a:b', '/api/cronjobs/%E0%A4%A/runs', '/api/cronjobs/%']) {
      const answer = await rawGet(target);
      assert.equal(answer.status, ERROR_CODES.CONFIG_INVALID.httpStatus, target);
      assert.equal((JSON.parse(answer.body) as { error: { code: string } }).error.code, 'CONFIG_INVALID', target);
    }
    assert.equal((await get('/healthz')).status, 200);
    assert.ok(!lines.some((line) => line.includes('"level":50')), 'no error-level line for a bad request');
  });

  test('an unexpected failure is a 500 with code INTERNAL whose message carries no credential', async () => {
    failMetrics = true;
    try {
      const answer = await get('/metrics');
      assert.equal(answer.status, ERROR_CODES.INTERNAL.httpStatus);
      assert.deepEqual(JSON.parse(answer.body), { error: { code: 'INTERNAL', message: 'registry read redis://default:***@db failed' } });
    } finally {
      failMetrics = false;
    }
  });

  test('once draining, /healthz and /readyz answer 503 while the API keeps answering', async () => {
    status.drain();
    assert.equal(status.draining, true);
    assert.deepEqual(await get('/healthz'), { status: 503, body: 'draining\n' });
    assert.deepEqual(await get('/readyz'), { status: 503, body: 'draining\n' });
    assert.equal((await get('/api/cronjobs')).status, 200, 'in-flight and late requests are still served');
  });
});

describe('metrics-only HTTP server (METRICS_PORT)', () => {
  test('answers GET /metrics and refuses everything else, so only the metrics are behind that port', async () => {
    const server = createMetricsServer(view, createLogger({ level: 'silent' }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
    try {
      const metrics = await fetch(`${base}/metrics`);
      assert.equal(metrics.status, 200);
      assert.equal(await metrics.text(), '# no metrics\n');
      for (const path of ['/api/cronjobs', '/', '/health', '/healthz']) {
        const response = await fetch(`${base}${path}`);
        await response.arrayBuffer();
        assert.equal(response.status, 404, path);
      }
      const post = await fetch(`${base}/metrics`, { method: 'POST' });
      await post.arrayBuffer();
      assert.equal(post.status, 404);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
  });
});
