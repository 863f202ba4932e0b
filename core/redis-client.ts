/**
 * The Redis client of a job run, configured to fail fast. With ioredis defaults a command waits
 * about 73 s while Redis is down (20 retries with growing delays, commands queued offline); a
 * CronJob should instead exit 1 quickly and let Kubernetes retry. `rediss://` URLs turn TLS on
 * (DigitalOcean managed Redis accepts nothing else).
 */
import { Redis, type RedisOptions } from 'ioredis';
import { PontualError } from './errors.ts';

export type { Redis } from 'ioredis';

export type RedisFactory = (url: string) => Redis;

export const FAIL_FAST_OPTIONS = {
  lazyConnect: true,
  connectTimeout: 3_000,
  commandTimeout: 5_000,
  maxRetriesPerRequest: 1,
  enableOfflineQueue: false,
  // Two reconnection attempts, then give up: the run fails and Kubernetes retries the Job.
  retryStrategy: (times: number) => (times > 2 ? null : 300 * times),
} as const satisfies RedisOptions;

export const createRedisClient: RedisFactory = (url) => new Redis(url, { ...FAIL_FAST_OPTIONS });

/** Where a URL points, without its credentials: safe to log. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Connects (the client is lazy) or fails with REDIS_UNAVAILABLE naming the endpoint and the last
 * socket error. ioredis' own connect() promise rejects at the first refused attempt while it keeps
 * reconnecting in the background, so this waits for the outcome of the bounded retryStrategy
 * instead: `ready`, or `end` once it gives up.
 */
export async function connectRedis(redis: Redis, url: string): Promise<void> {
  let lastError: Error | undefined;
  // Without a listener ioredis prints every connection error to stderr ("Unhandled error event").
  redis.on('error', (error: Error) => {
    lastError = error;
  });
  const outcome = new Promise<void>((resolve, reject) => {
    redis.once('ready', () => {
      resolve();
    });
    redis.once('end', () => {
      const reason = lastError?.message ?? 'connection closed';
      reject(
        new PontualError('REDIS_UNAVAILABLE', `Redis at ${describeRedisUrl(url)} is unreachable: ${reason}`, {
          cause: lastError,
        }),
      );
    });
  });
  redis.connect().catch(() => undefined);
  await outcome;
}

/** Runs one Redis call, turning its failure into REDIS_UNAVAILABLE (exit 1: retryable). */
export async function redisCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PontualError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new PontualError('REDIS_UNAVAILABLE', `Redis ${what} failed: ${reason}`, { cause: error });
  }
}
