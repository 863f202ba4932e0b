/**
 * The Redis client of a job run. Two regimes:
 * - before the run is connected, fail fast: a Redis that cannot be reached at the start costs
 *   nothing to retry, so two reconnection attempts and the run exits 1 (Kubernetes retries it);
 * - once connected, a dropped connection is reconnected with backoff for as long as the run's
 *   reconnection window lasts (the runtime sets it just short of activeDeadlineSeconds), and
 *   commands wait in the offline queue meanwhile: giving up after two tries loses a run's work,
 *   its ledger entry and its lock release to a restart of a few seconds.
 * `rediss://` URLs turn TLS on (DigitalOcean managed Redis accepts nothing else). The client
 * itself is core/redis.ts.
 */
import { isIP } from 'node:net';
import { PontualError } from './errors.ts';
import { Redis, ReplyError, type RedisOptions } from './redis.ts';

export { Redis } from './redis.ts';

/**
 * Until when (epoch ms) a connected client keeps reconnecting. Undefined: not connected yet, fail
 * fast. Mutable, read by the retry strategy at each attempt.
 */
export interface ReconnectWindow {
  until: number | undefined;
}

export type RedisFactory = (url: string, window?: ReconnectWindow) => Redis;

/** 100 ms, 200 ms, 400 ms, ... capped at 2 s between reconnection attempts. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(2_000, 100 * 2 ** Math.max(0, attempt - 1));
}

/** The retry strategy: fail fast before the first connection, then back off until the window closes. */
export function reconnectStrategy(window: ReconnectWindow, now: () => number = Date.now): (attempt: number) => number | null {
  return (attempt) => {
    if (window.until === undefined) return attempt > 2 ? null : 300 * attempt;
    const delay = reconnectDelayMs(attempt);
    return now() + delay < window.until ? delay : null;
  };
}

/**
 * With a reconnection window (a job run): commands wait for a reconnection while the window is
 * open, and every wait is bounded by the run's deadline or cleanup budget. Without one (the CLI
 * reading the ledger): fail fast throughout, 5 s per command, nothing queued.
 */
export function redisOptions(window?: ReconnectWindow): RedisOptions {
  if (window === undefined) {
    return { connectTimeoutMs: 3_000, commandTimeoutMs: 5_000, offlineQueue: false, retryStrategy: reconnectStrategy({ until: undefined }) };
  }
  return { connectTimeoutMs: 3_000, offlineQueue: true, retryStrategy: reconnectStrategy(window) };
}

export const createRedisClient: RedisFactory = (url, window) => new Redis(url, redisOptions(window));

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
 * Connects or fails with REDIS_UNAVAILABLE naming the endpoint and the last socket error; a URL
 * Redis cannot serve is CONFIG_INVALID naming REDIS_URL instead (exit 2: no retry fixes it): a
 * database index Redis rejects, or a rediss:// URL whose port does not speak TLS.
 */
export async function connectRedis(redis: Redis, url: string): Promise<void> {
  try {
    await redis.connect();
  } catch (error) {
    if (error instanceof ReplyError && error.command === 'SELECT') {
      const database = new URL(url).pathname.slice(1);
      throw new PontualError('CONFIG_INVALID', `REDIS_URL is invalid: Redis at ${describeRedisUrl(url)} refused database ${database} (${error.message})`, {
        cause: error,
      });
    }
    const mismatch = new URL(url).protocol === 'rediss:' ? await tlsMismatch(url) : undefined;
    if (mismatch !== undefined) throw new PontualError('CONFIG_INVALID', `REDIS_URL is invalid: ${mismatch}`, { cause: error });
    const reason = error instanceof Error ? error.message : 'connection closed';
    throw new PontualError('REDIS_UNAVAILABLE', `Redis at ${describeRedisUrl(url)} is unreachable: ${reason}`, { cause: error });
  }
}

/**
 * Why a rediss:// endpoint is not a TLS one, or undefined when it is (or cannot be reached at
 * all, which is REDIS_UNAVAILABLE): the TCP connection opens but the TLS handshake fails or stays
 * unanswered, which is what a plain Redis port does with a ClientHello.
 */
async function tlsMismatch(url: string): Promise<string | undefined> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let tcpOpen = false;
    // SNI only for names: Node deprecates setting it to an IP address.
    const socket = process.getBuiltinModule('node:tls').connect({
      host: hostname,
      port: Number(port || 6379),
      ...(isIP(hostname) === 0 ? { servername: hostname } : {}),
      rejectUnauthorized: false,
    });
    const done = (answer: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const notTls = (how: string) => `rediss:// asks for TLS, but ${describeRedisUrl(url)} ${how} the TLS handshake: is it a plain redis:// port?`;
    const timer = setTimeout(() => {
      done(tcpOpen ? notTls('did not answer') : undefined);
    }, 3_000);
    socket.once('connect', () => {
      tcpOpen = true;
    });
    socket.once('secureConnect', () => {
      done(undefined);
    });
    socket.once('error', (error: Error & { code?: string }) => {
      done(tcpOpen ? notTls(`failed (${error.code ?? error.message}) in`) : undefined);
    });
  });
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
