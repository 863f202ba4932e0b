/**
 * Polls the run ledger (core/read-ledger.ts) so run history outlives Kubernetes' job history
 * limits. Polled in the background into a snapshot: requests never wait on Redis, and Redis being
 * down or slow only makes the snapshot stale (and /health degraded), never an endpoint fail.
 */
import { Redis } from '../core/redis.ts';
import type { Logger } from '../core/logger.ts';
import type { LedgerEntry } from '../core/run-ledger.ts';
import { readLedger } from '../core/read-ledger.ts';

export interface LedgerReader {
  /** Redis is connected and the last read answered in time. */
  connected(): boolean;
  /** Why the ledger is not being read, for /health; undefined while it is. */
  problem(): string | undefined;
  /** Latest entries per job from the last successful read of each. */
  snapshot(): ReadonlyMap<string, readonly LedgerEntry[]>;
  /**
   * Reads the newest entries of these jobs now. Never throws: on any failure (Redis down, a
   * command timing out or failing) the previous entries are kept and it resolves false.
   */
  refresh(jobs: readonly string[]): Promise<boolean>;
  close(): Promise<void>;
}

export interface LedgerReaderOptions {
  readonly url: string;
  readonly keyPrefix: string;
  readonly logger: Logger;
  /** Entries read per job (default 50). */
  readonly perJob?: number;
  /** A command not answered within this fails the read (default 3 s). */
  readonly commandTimeoutMs?: number;
}

export function createLedgerReader(options: LedgerReaderOptions): LedgerReader {
  const perJob = options.perJob ?? 50;
  const redis = new Redis(options.url, {
    connectTimeoutMs: 3_000,
    commandTimeoutMs: options.commandTimeoutMs ?? 3_000,
    offlineQueue: false,
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
  // Never rejects before close(): the retry strategy keeps trying.
  redis.connect().catch(() => undefined);
  let latest: ReadonlyMap<string, readonly LedgerEntry[]> = new Map();
  /** Why the last read failed; cleared by the next read that succeeds. */
  let readFailure: string | undefined;

  return {
    connected: () => redis.status === 'ready' && readFailure === undefined,
    problem: () => {
      if (redis.status !== 'ready') return 'Redis (run ledger) unreachable';
      return readFailure === undefined ? undefined : `Redis (run ledger) reads failing: ${readFailure}`;
    },
    snapshot: () => latest,
    async refresh(jobs) {
      if (redis.status !== 'ready') return false;
      if (jobs.length === 0) return true;
      // Sent back to back on one connection: one round trip, like a pipeline.
      const reads = await Promise.allSettled(jobs.map((job) => readLedger(redis, options.keyPrefix, job, perJob)));
      // A job whose read failed or timed out keeps its previous entries: a slow Redis never empties history.
      const next = new Map<string, readonly LedgerEntry[]>();
      let failure: unknown;
      reads.forEach((read, index) => {
        const job = jobs[index];
        if (job === undefined) return;
        if (read.status === 'fulfilled') {
          next.set(job, read.value);
          return;
        }
        failure ??= read.reason;
        const previous = latest.get(job);
        if (previous !== undefined) next.set(job, previous);
      });
      latest = next;
      if (failure !== undefined) {
        if (readFailure === undefined) options.logger.warn({ err: failure }, 'run ledger read failed; keeping the previous snapshot');
        readFailure = failure instanceof Error ? failure.message : 'the read failed';
        return false;
      }
      if (readFailure !== undefined) options.logger.info('run ledger read again');
      readFailure = undefined;
      return true;
    },
    async close() {
      redis.disconnect();
      return Promise.resolve();
    },
  };
}
