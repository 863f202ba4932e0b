import { DEFAULT_KEY_PREFIX, type LedgerEntry } from '../core/run-ledger.ts';
import { readLedger } from '../core/read-ledger.ts';
import { connectRedis, createRedisClient, redisCall } from '../core/redis-client.ts';

/**
 * Reads the newest entries of a job's run ledger straight from Redis, with the jobs' fail-fast
 * client: an operator with a port-forward or the managed database's URL gets history without
 * the status service. Entries that break the contract are skipped, not fatal.
 */
export async function readLedgerFromRedis(url: string, job: string, limit: number, prefix: string = DEFAULT_KEY_PREFIX): Promise<LedgerEntry[]> {
  const redis = createRedisClient(url);
  try {
    await connectRedis(redis, url);
    // Attempts of one run are separate entries: read a few per run asked for.
    return await redisCall('ledger read', () => readLedger(redis, prefix, job, limit * 4));
  } finally {
    redis.disconnect();
  }
}
