/**
 * `node --expose-gc test/integration/status/support/status-server-child.ts`: the status service's HTTP server with
 * its real model, summaries, /health, metrics and page over a few CronJobs and Jobs (no Kubernetes
 * API: the model is filled as watch events would fill it), in its own process so a test can
 * measure its memory. Prints `{"port":n}` once listening; on each stdin line `memory` it collects
 * garbage and prints `{"rss":n,"heapUsed":n}`.
 */
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { createLogger } from '../../../../core/logger.ts';
import { applyEvent, createClusterModel, toCronJobRecord, toJobRecord } from '../../../../core/model/cluster-model.ts';
import { summarizeCronJobs } from '../../../../core/model/summarize.ts';
import { createStatusMetrics } from '../../../../status/metrics/status-metrics.ts';
import { healthReport } from '../../../../status/http/health-report.ts';
import { renderStatusPage } from '../../../../status/http/status-page.ts';
import { renderJobPage, renderUnknownJobPage } from '../../../../status/http/job-page.ts';
import { createStatusServer, type StatusView } from '../../../../status/http/status-server.ts';
import type { WatchHealth } from '../../../../status/watch/resource-watcher.ts';
import { cronJobObject, jobObject, NAMESPACE } from '../../../../devkit/status-fixtures.ts';

const model = createClusterModel();
for (const name of ['embu-sla', 'extrema-sla', 'bonus-calc', 'store-status']) {
  applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject(name, { schedule: '*/5 * * * *' })));
  for (let run = 0; run < 5; run++) {
    const started = new Date(Date.now() - (run + 1) * 300_000).toISOString();
    const end = new Date(Date.parse(started) + 20_000).toISOString();
    applyEvent(
      model,
      'jobs',
      'ADDED',
      toJobRecord(
        jobObject(`${name}-${run}`, { cronJob: name, started, end: { type: run === 0 ? 'Failed' : 'Complete', at: end, reason: 'BackoffLimitExceeded' } }),
      ),
    );
  }
}
const watches: WatchHealth[] = (['cronjobs', 'jobs', 'pods'] as const).map((resource) => ({
  resource,
  synced: true,
  events: 1,
  restarts: 0,
  lastEventAt: Date.now(),
  lastActivityAt: Date.now(),
}));
const metrics = createStatusMetrics();
const now = (): Date => new Date();
const view: StatusView = {
  namespace: NAMESPACE,
  now,
  summaries: (query = {}) => summarizeCronJobs(model, { now: now(), ...query }),
  health: (summaries) => healthReport({ now: now(), namespace: NAMESPACE, summaries, watches, redisConnected: undefined }),
  ready: () => true,
  metrics: (summaries) => metrics.render({ now: now(), namespace: NAMESPACE, summaries, watches, redisConnected: undefined }),
  page: (summaries, health, refresh) => renderStatusPage({ summaries, health, now: now(), namespace: NAMESPACE, refresh }),
  jobPage: (name, summary, known, refresh) =>
    summary === undefined ? renderUnknownJobPage(name, known, NAMESPACE) : renderJobPage({ summary, now: now(), refresh }),
};
const http = createStatusServer(view, createLogger({ level: 'warn' }));
http.server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (http.server.address() as AddressInfo).port })}\n`);
});
const gc = (globalThis as { gc?: () => void }).gc;
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'memory') return;
  gc?.();
  const usage = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ rss: usage.rss, heapUsed: usage.heapUsed })}\n`);
});
process.stdin.once('end', () => {
  http.server.closeAllConnections();
  http.server.close();
  process.exit(0);
});
