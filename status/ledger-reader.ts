/**
 * Reads the run ledger (core/run-ledger.ts) so run history outlives Kubernetes' job history
 * limits. Polled in the background into a snapshot: requests never wait on Redis, and Redis being
 * down only makes the snapshot stale (and /health degraded), never an endpoint fail.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { fromStreamFields, ledgerKey, type LedgerEntry } from '../core/run-ledger.ts';

export interface LedgerReader {
  connected(): boolean;
  /** Latest entries per job from the last successful poll. */
  snapshot(): ReadonlyMap<string, readonly LedgerEntry[]>;
  /** Reads the newest entries of these jobs now; keeps the previous snapshot on failure. */
  refresh(jobs: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export interface LedgerReaderOptions {
  readonly url: string;
  readonly keyPrefix: string;
  readonly logger: Logger;
  /** Entries read per job (default 50). */
  readonly perJob?: number;
}

export function createLedgerReader(options: LedgerReaderOptions): LedgerReader {
  const perJob = options.perJob ?? 50;
  const redis = new Redis(options.url, {
    lazyConnect: false,
    connectTimeout: 3_000,
    commandTimeout: 3_000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    // A service keeps trying, with a capped delay, for as long as it runs.
    retryStrategy: (times: number) => Math.min(times * 500, 5_000),
  });
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message !== lastError) options.logger.warn({ err: error }, 'Redis unavailable; run history from Kubernetes only');
    lastError = error.message;
  });
  redis.on('ready', () => {
    lastError = '';
  });
  let latest: ReadonlyMap<string, readonly LedgerEntry[]> = new Map();

  return {
    connected: () => redis.status === 'ready',
    snapshot: () => latest,
    async refresh(jobs) {
      if (redis.status !== 'ready' || jobs.length === 0) return;
      const pipeline = redis.pipeline();
      for (const job of jobs) pipeline.xrevrange(ledgerKey(options.keyPrefix, job), '+', '-', 'COUNT', perJob);
      const results = (await pipeline.exec()) ?? [];
      const next = new Map<string, LedgerEntry[]>();
      results.forEach(([error, reply], index) => {
        const job = jobs[index];
        if (error !== null || job === undefined || !Array.isArray(reply)) return;
        const entries: LedgerEntry[] = [];
        for (const item of reply as [string, string[]][]) {
          const entry = fromStreamFields(item[1]);
          if (entry !== undefined) entries.push(entry);
        }
        next.set(job, entries);
      });
      latest = next;
    },
    async close() {
      redis.disconnect();
      return Promise.resolve();
    },
  };
}
