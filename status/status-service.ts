/**
 * The status service assembled: watches feed the model, the ledger reader polls Redis, and the
 * HTTP server derives every answer from both at request time. Clocks, timers and clients come
 * in through options, so tests run it in-process against a real API server.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/logger.ts';
import { PontualError } from '../core/errors.ts';
import type { StatusConfig } from './config.ts';
import type { KubeClient } from './kube-client.ts';
import { createLedgerReader, type LedgerReader } from './ledger-reader.ts';
import { applyLedgerEntries, classifyRuns, countLedgerRuns, createClusterModel, settleSchedules, type ClusterModel } from '../core/model/cluster-model.ts';
import { summarizeCronJobs } from '../core/model/summarize.ts';
import { createStatusMetrics } from './metrics/status-metrics.ts';
import { healthReport } from './http/health-report.ts';
import { createMetricsServer } from './http/metrics-server.ts';
import { createStatusServer, type StatusView } from './http/status-server.ts';
import { createClusterWatch, type ClusterWatch } from './watch/cluster-watch.ts';

export interface StatusServiceOptions {
  readonly config: StatusConfig;
  readonly kube: KubeClient;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** How often missed-run judgements are folded (default 30 s). */
  readonly settleIntervalMs?: number;
  /** How often the run ledger is read (default 10 s). */
  readonly ledgerIntervalMs?: number;
  /** How often completed Jobs waiting for the ledger are looked for (default 250 ms): they are counted after one more read. */
  readonly classifyIntervalMs?: number;
  readonly watchdogMs?: number;
  readonly watchBackoff?: { readonly initialMs: number; readonly maxMs: number };
  /** On stop: how long probes answer 503 before the listener closes (endpoints need to notice). */
  readonly drainDelayMs?: number;
  /** On stop: how long in-flight requests may take before their connections are cut. */
  readonly shutdownTimeoutMs?: number;
}

export interface StatusService {
  readonly model: ClusterModel;
  readonly watch: ClusterWatch;
  readonly ledger: LedgerReader | undefined;
  /** Base URL once started, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  /** Base URL of the metrics-only port once started; '' without METRICS_PORT. */
  readonly metricsUrl: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createStatusService(options: StatusServiceOptions): StatusService {
  const { config, logger } = options;
  const now = options.now ?? (() => new Date());
  const ledger = config.redisUrl === undefined ? undefined : createLedgerReader({ url: config.redisUrl, keyPrefix: config.redisKeyPrefix, logger });
  // With a ledger, a completed Job is counted once the ledger says whether its run was skipped,
  // and runs the watch never saw finish (a watch gap) are counted from it, from now on.
  const model = createClusterModel({ now, awaitLedger: ledger !== undefined, ...(ledger === undefined ? {} : { countLedgerRunsFrom: now().getTime() }) });
  const watch = createClusterWatch({
    client: options.kube,
    namespace: config.namespace,
    model,
    logger,
    ...(options.watchdogMs === undefined ? {} : { watchdogMs: options.watchdogMs }),
    ...(options.watchBackoff === undefined ? {} : { backoff: options.watchBackoff }),
  });
  const metrics = createStatusMetrics({
    onCollectError: (metric, error) => {
      logger.error({ err: error, metric }, 'a metric could not be computed; left out of this scrape');
    },
  });
  const redisConnected = (): boolean | undefined => ledger?.connected();
  const jobsWatched = (): boolean => watch.health.find((health) => health.resource === 'jobs')?.synced === true;
  const view: StatusView = {
    namespace: config.namespace,
    now,
    summaries: (query = {}) => summarizeCronJobs(model, { now: now(), ...(ledger === undefined ? {} : { ledger: ledger.snapshot() }), ...query }),
    health: (summaries) =>
      healthReport({
        now: now(),
        namespace: config.namespace,
        summaries,
        watches: watch.health,
        redisConnected: redisConnected(),
        redisProblem: ledger?.problem(),
      }),
    ready: () => watch.health.every((health) => health.synced),
    metrics: (summaries) => metrics.render({ now: now(), namespace: config.namespace, summaries, watches: watch.health, redisConnected: redisConnected() }),
    // The pages load on their first request: they format dates with luxon (Intl), which costs the
    // process several MiB that /metrics and the probes never need (docs/status.md).
    page: async (summaries, health, refresh) => {
      const { renderStatusPage } = await import('./http/status-page.ts');
      return renderStatusPage({ summaries, health, now: now(), namespace: config.namespace, refresh });
    },
    jobPage: async (name, summary, known, refresh) => {
      const { renderJobPage, renderUnknownJobPage } = await import('./http/job-page.ts');
      return summary === undefined ? renderUnknownJobPage(name, known, config.namespace) : renderJobPage({ summary, now: now(), refresh });
    },
  };
  const http = createStatusServer(view, logger);
  const metricsServer = config.metricsPort === undefined ? undefined : createMetricsServer(view, logger);
  const timers: NodeJS.Timeout[] = [];
  let url = '';
  let metricsUrl = '';

  async function refreshLedger(): Promise<void> {
    if (ledger === undefined) return;
    const jobs = [...new Set([...model.cronJobs.values()].map((cronJob) => cronJob.name))];
    // A failed read keeps the previous snapshot (the reader says why in /health): apply it as is.
    await ledger.refresh(jobs);
    for (const entries of ledger.snapshot().values()) {
      applyLedgerEntries(model, config.namespace, entries);
      countLedgerRuns(model, config.namespace, entries, { jobsWatched: jobsWatched() });
    }
  }

  let classifying = false;
  /** Reads the ledger for the completed Jobs held so far, then counts them (as succeeded when the read failed: nothing better is known). */
  async function classifyCompletedJobs(): Promise<void> {
    if (classifying || model.unclassifiedJobs.size === 0) return;
    classifying = true;
    const waiting = [...model.unclassifiedJobs.keys()];
    try {
      await refreshLedger();
    } finally {
      classifyRuns(model, waiting);
      classifying = false;
    }
  }

  return {
    model,
    watch,
    ledger,
    get url() {
      return url;
    },
    get metricsUrl() {
      return metricsUrl;
    },
    async start() {
      // Listen first: a port in use fails the start before any watch or timer exists.
      url = await listenOrFail(http.server, config.port, config.host, 'PORT');
      if (metricsServer !== undefined) metricsUrl = await listenOrFail(metricsServer, config.metricsPort ?? 0, config.host, 'METRICS_PORT');
      await watch.start();
      timers.push(
        setInterval(() => {
          settleSchedules(model);
        }, options.settleIntervalMs ?? 30_000),
        setInterval(() => {
          void refreshLedger();
        }, options.ledgerIntervalMs ?? 10_000),
        setInterval(() => {
          void classifyCompletedJobs();
        }, options.classifyIntervalMs ?? 250),
      );
      for (const timer of timers) timer.unref();
      logger.info({ url, ...(metricsUrl === '' ? {} : { metricsUrl }), namespace: config.namespace, redis: ledger !== undefined }, 'status service listening');
    },
    async stop() {
      http.drain();
      await new Promise((resolve) => setTimeout(resolve, options.drainDelayMs ?? 0));
      for (const timer of timers) clearInterval(timer);
      const closed = new Promise<void>((resolve) => {
        http.server.close(() => {
          resolve();
        });
      });
      http.server.closeIdleConnections();
      const force = setTimeout(() => {
        http.server.closeAllConnections();
      }, options.shutdownTimeoutMs ?? 10_000);
      metricsServer?.close();
      metricsServer?.closeAllConnections();
      await closed;
      clearTimeout(force);
      await watch.stop();
      await ledger?.close();
      logger.info('status service stopped');
    },
  };
}

/** Listens and returns the base URL. */
/** `listen`, failing as the service's start does: naming the address and the variables that set it. */
async function listenOrFail(server: Server, port: number, host: string, portVariable: string): Promise<string> {
  try {
    return await listen(server, port, host);
  } catch (error) {
    throw new PontualError('INTERNAL', `cannot listen on ${host}:${port} (HOST, ${portVariable}): ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}
