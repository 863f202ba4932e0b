/**
 * Polls the run ledger (core/read-ledger.ts) so run history outlives Kubernetes' job history
 * limits. Polled in the background into a snapshot: requests never wait on Redis, and Redis being
 * down only makes the snapshot stale (and /health degraded), never an endpoint fail.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { LedgerEntry } from '../core/run-ledger.ts';
import { readLedger } from '../core/read-ledger.ts';

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
      // Sent back to back on one connection: one round trip, like a pipeline. A job whose read
      // fails is left out of this snapshot rather than failing the others.
      const reads = await Promise.allSettled(jobs.map((job) => readLedger(redis, options.keyPrefix, job, perJob)));
      const next = new Map<string, LedgerEntry[]>();
      reads.forEach((read, index) => {
        const job = jobs[index];
        if (read.status === 'fulfilled' && job !== undefined) next.set(job, read.value);
      });
      latest = next;
    },
    async close() {
      redis.disconnect();
      return Promise.resolve();
    },
  };
}
