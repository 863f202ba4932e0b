/**
 * The per-job Redis lock that guarantees one run at a time. Kubernetes' concurrencyPolicy Forbid
 * does not stop a manual Job (`kubectl create job --from`) from overlapping a scheduled one.
 *
 * SET NX PX with a random token; release and extension are Lua compare-and-act so a run never
 * deletes or extends a lock another run took over after its own expired. The TTL is above the
 * job's timeout, so a run killed without cleanup (SIGKILL, node loss) blocks the next runs for at
 * most one timeout plus the margin; the heartbeat keeps a long, healthy run covered regardless.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from '../../core/redis-client.ts';
import { redisCall } from '../../core/redis-client.ts';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/** TTL margin above the job's timeout. */
export const LOCK_MARGIN_MS = 30_000;

export function lockTtlMs(timeoutSeconds: number): number {
  return timeoutSeconds * 1000 + LOCK_MARGIN_MS;
}

export interface HeldLock {
  readonly key: string;
  readonly token: string;
  /** Stops the heartbeat and deletes the lock if this run still holds it. */
  release(): Promise<void>;
}

export interface LockOptions {
  readonly ttlMs: number;
  /** How often the heartbeat extends the TTL; defaults to a third of it. */
  readonly heartbeatMs?: number;
  /** Told when a heartbeat fails or finds the lock gone; the run keeps going. */
  readonly onHeartbeatProblem?: (problem: string) => void;
}

/** Takes the lock, or returns undefined when another run holds it. */
export async function acquireLock(redis: Redis, key: string, options: LockOptions): Promise<HeldLock | undefined> {
  const token = randomUUID();
  const taken = await redisCall('lock', () => redis.set(key, token, 'PX', options.ttlMs, 'NX'));
  if (taken !== 'OK') return undefined;

  const heartbeat = setInterval(() => {
    redis.eval(EXTEND, 1, key, token, options.ttlMs).then(
      (extended) => {
        if (extended !== 1) options.onHeartbeatProblem?.('the lock is no longer held by this run');
      },
      (error: unknown) => {
        options.onHeartbeatProblem?.(`extending the lock failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }, options.heartbeatMs ?? Math.floor(options.ttlMs / 3));
  heartbeat.unref();

  let released = false;
  return {
    key,
    token,
    async release() {
      clearInterval(heartbeat);
      if (released) return;
      released = true;
      await redisCall('lock release', () => redis.eval(RELEASE, 1, key, token));
    },
  };
}
