/**
 * Abuse gets 4xx, never 5xx, and never starves the probes: broken percent-encoding and targets
 * that are not URLs are 400s logged at debug; a burst of 2,000 concurrent scrapes shares renders,
 * turns the excess away with 503, and /healthz keeps answering within the probe's 2 s timeout.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLogger } from '../../../core/logger.ts';
import type { HealthReport } from '../../../status/http/health-report.ts';
import { createStatusServer, type StatusServer, type StatusView } from '../../../status/http/status-server.ts';
import { createMetricsServer } from '../../../status/http/metrics-server.ts';
import { REPO_ROOT } from '../../../devkit/kube.ts';

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
/** CPU a render costs here (a 500-CronJob namespace renders in about 60 ms on the development VM). */
const RENDER_MS = 40;
const PROBE_TIMEOUT_MS = 2_000;

let renders = 0;
const view: StatusView = {
  namespace: 'pontual',
  now: () => NOW,
  summaries: () => [],
  health: () => HEALTHY,
  ready: () => true,
  metrics: async () => {
    renders += 1;
    await new Promise((resolve) => setImmediate(resolve));
    const until = Date.now() + RENDER_MS;
    while (Date.now() < until) {
      // the CPU a real render spends summarizing and formatting
    }
    return `# HELP x y\n${'pontual_cronjob_info{cronjob="x"} 1\n'.repeat(5_000)}`;
  },
  page: () => '<!doctype html><title>pontual</title>',
  jobPage: () => '<!doctype html><title>job</title>',
};

describe('status HTTP server under abuse', () => {
  const lines: { level: string; msg: string; status?: number }[] = [];
  let status: StatusServer;
  let port = 0;
  let base = '';

  before(async () => {
    const logger = createLogger({
      level: 'debug',
      destination: { write: (line: string) => lines.push(JSON.parse(line) as { level: string; msg: string; status?: number }) },
    });
    status = createStatusServer(view, logger);
    await new Promise<void>((resolve) => status.server.listen(0, '127.0.0.1', resolve));
    port = (status.server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${String(port)}`;
  });

  after(async () => {
    status.server.closeAllConnections();
    await new Promise<void>((resolve) =>
      status.server.close(() => {
        resolve();
      }),
    );
  });

  test('broken percent-encoding is a 400 with a JSON error, logged at debug only', async () => {
    for (const path of ['/api/cronjobs/%/runs', '/api/cronjobs/%E0%A4%A', '/api/cronjobs/%E0%A4%A/runs?limit=5', '/api/cronjobs/%ZZ']) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 400, path);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'CONFIG_INVALID');
    }
    assert.deepEqual(
      lines.filter((line) => ['warn', 'error', 'fatal'].includes(line.level)),
      [],
      'no warning or error line, no stack trace',
    );
    assert.ok(
      lines.some((line) => line.level === 'debug' && line.msg === 'request' && line.status === 400),
      'the access line of a 400 at debug',
    );
  });

  test('the metrics-only port: a target that is not a URL is a 404 and it lives on; a scrape is served', async () => {
    const metricsServer = createMetricsServer(view, createLogger({ level: 'silent' }));
    await new Promise<void>((resolve) => metricsServer.listen(0, '127.0.0.1', resolve));
    const metricsPort = (metricsServer.address() as AddressInfo).port;
    try {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(metricsPort, '127.0.0.1', () => socket.end('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
        let data = '';
        socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
        socket.once('end', () => {
          resolve(data);
        });
        socket.once('error', reject);
      });
      assert.match(reply, /^HTTP\/1\.1 404 /u);
      const scrape = await fetch(`http://127.0.0.1:${String(metricsPort)}/metrics`);
      assert.equal(scrape.status, 200);
      assert.match(await scrape.text(), /^# HELP/u);
    } finally {
      metricsServer.closeAllConnections();
      await new Promise<void>((resolve) =>
        metricsServer.close(() => {
          resolve();
        }),
      );
    }
  });

  test('a request target that is not a URL is a 400, and the server lives on', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
      socket.once('end', () => {
        resolve(data);
      });
      socket.once('error', reject);
    });
    assert.match(reply, /^HTTP\/1\.1 400 /u);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
  });

  test('2,000 concurrent scrapes: renders are shared, the excess gets 503, /healthz answers in time', async (t) => {
    renders = 0;
    const burst = spawn(process.execPath, [join(REPO_ROOT, 'devkit/http-burst.ts'), `${base}/metrics`, '2000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    burst.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => burst.once('exit', resolve));
    // Probe as the kubelet does, while the burst lands.
    const probes: number[] = [];
    const probing = (async () => {
      while (burst.exitCode === null && probes.length < 50) {
        const started = Date.now();
        const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) });
        assert.equal(response.status, 200);
        probes.push(Date.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    assert.equal(await exited, 0);
    await probing;
    const result = JSON.parse(output) as { statuses: Record<string, number>; errors: number };
    t.diagnostic(`${JSON.stringify(result.statuses)}; ${renders} renders; /healthz ${probes.join(', ')} ms`);
    assert.equal(result.errors, 0);
    assert.deepEqual(Object.keys(result.statuses).sort(), ['200', '503'], JSON.stringify(result.statuses));
    assert.equal((result.statuses['200'] ?? 0) + (result.statuses['503'] ?? 0), 2000);
    assert.ok(renders < (result.statuses['200'] ?? 0) || renders <= 20, `renders shared: ${renders} renders for ${result.statuses['200']} scrapes`);
    assert.ok(probes.length >= 3, `probed during the burst (${probes.length})`);
    assert.ok(Math.max(...probes) < PROBE_TIMEOUT_MS, `/healthz latencies under the burst: ${probes.join(', ')} ms`);
    // After the burst, a scrape is served whole again.
    const after = await fetch(`${base}/metrics`);
    assert.equal(after.status, 200);
    assert.match(await after.text(), /^# HELP/u);
  });

  test('Slowloris: request heads trickling in are cut off at the headers timeout while /healthz answers', async () => {
    const slow = createStatusServer(view, createLogger({ level: 'silent' }), { headersTimeoutMs: 1_000 });
    await new Promise<void>((resolve) => slow.server.listen(0, '127.0.0.1', resolve));
    const slowPort = (slow.server.address() as AddressInfo).port;
    const timers: NodeJS.Timeout[] = [];
    try {
      const started = Date.now();
      const cutOff = Array.from(
        { length: 300 },
        () =>
          new Promise<number>((resolve) => {
            const socket = connect(slowPort, '127.0.0.1', () => {
              socket.write('GET /api/cronjobs HTTP/1.1\r\nHost: x\r\n');
              const timer = setInterval(() => socket.write('X-Slow: 1\r\n'), 200);
              timers.push(timer);
              socket.once('close', () => {
                clearInterval(timer);
                resolve(Date.now() - started);
              });
            });
            socket.on('error', () => undefined);
          }),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const probeStarted = Date.now();
      const probe = await fetch(`http://127.0.0.1:${String(slowPort)}/healthz`);
      assert.equal(probe.status, 200);
      assert.ok(Date.now() - probeStarted < 500, 'the probe is not queued behind the slow clients');
      const closedAfter = await Promise.all(cutOff);
      assert.ok(Math.max(...closedAfter) < 5_000, `every slow client cut off within the timeout and a check interval (${Math.max(...closedAfter)} ms)`);
    } finally {
      for (const timer of timers) clearInterval(timer);
      slow.server.closeAllConnections();
      await new Promise<void>((resolve) =>
        slow.server.close(() => {
          resolve();
        }),
      );
    }
  });
});
