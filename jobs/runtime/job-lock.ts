/**
 * The per-job Redis lock that guarantees one run at a time, and knows whose it is. Kubernetes'
 * concurrencyPolicy Forbid does not stop a manual Job (`kubectl create job --from`) from
 * overlapping a scheduled one; the lock does.
 *
 * - The value names the holder (`runId`, `kubeJob`, `pod`) next to a random token; every change
 *   is a Lua compare-and-act, so a run never deletes or extends a lock another run holds.
 * - The TTL is short and tied to the heartbeat (extended every 3 s, expires after 10 s without
 *   one), not to the job's timeout: a holder that was SIGKILLed, OOM-killed or lost with its node
 *   stops being honoured within seconds.
 * - A retry of the same Kubernetes Job (same `KUBE_JOB_NAME`) takes the lock over at once: the Job
 *   controller starts a new pod only once the previous one failed, so that holder is not running.
 * - Taking the lock, a run also takes the open entries of runs that never recorded their end
 *   (`runs:<job>:open`, see core/run-ledger.ts): those runs were abandoned, and the caller writes
 *   them to the ledger as such.
 */
import { randomUuid } from './random-uuid.ts';
import { redisCall, type Redis } from '../../core/redis-client.ts';
import type { OpenRun } from '../../core/run-ledger.ts';

/** How often a holder extends its lock. */
export const LOCK_HEARTBEAT_MS = 3_000;
/** How long a lock outlives its holder's last heartbeat: three missed beats and a margin. */
export const LOCK_TTL_MS = 10_000;

/** Who holds a lock, as stored in its value. */
export interface LockHolder {
  readonly token: string;
  readonly runId: string;
  readonly kubeJob?: string;
  readonly pod?: string;
  readonly startedAt: string;
}

/** What a write checks to be sure this run still holds the lock (see atomic-write.ts). */
export interface LockFence {
  readonly key: string;
  readonly value: string;
}

export interface HeldLock {
  readonly fence: LockFence;
  /** Stops the heartbeat and deletes the lock if this run still holds it. */
  release(): Promise<void>;
}

export type LockAttempt =
  | {
      readonly kind: 'acquired';
      readonly lock: HeldLock;
      /** The previous holder, when this run took the lock over from an earlier pod of its Job. */
      readonly tookOverFrom?: LockHolder;
      /** Runs that started and never recorded their end: to be recorded as abandoned. */
      readonly abandoned: readonly OpenRun[];
      /** Open entries nobody can read (written by hand, or by another version): to be removed. */
      readonly unreadableOpenRuns: readonly string[];
    }
  | { readonly kind: 'held'; readonly holder: LockHolder | undefined; readonly ttlMs: number };

export interface LockOptions {
  /** The lock key, and the hash of open runs of the same job. */
  readonly key: string;
  readonly openRunsKey: string;
  /** This run, as it will appear in the lock value and its open entry. */
  readonly run: Omit<OpenRun, 'heartbeatAt'>;
  readonly ttlMs?: number;
  readonly heartbeatMs?: number;
  readonly now?: () => Date;
  /** Another run holds the lock now: this run must stop and write nothing. */
  readonly onLost?: () => void;
  /** A heartbeat could not reach Redis; the run keeps going while the TTL covers it. */
  readonly onHeartbeatProblem?: (problem: string) => void;
}

// KEYS: lock, open runs. ARGV: value, ttl, kubeJob ('' when unknown), runId, open entry.
// Returns {1, previous value or false, open runs before ours} or {0, holder value, pttl}.
// Our own value (its token is this attempt's) is this script sent again after its reply was
// lost in a reconnection (core/redis.ts resends): the lock is ours, taken from nobody.
const ACQUIRE = `
local current = redis.call('get', KEYS[1])
if current == ARGV[1] then current = false end
if current then
  local ok, holder = pcall(cjson.decode, current)
  local sameJob = ARGV[3] ~= '' and ok and type(holder) == 'table' and holder.kubeJob == ARGV[3]
  if not sameJob then return {0, current, redis.call('pttl', KEYS[1])} end
end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
local open = redis.call('hgetall', KEYS[2])
redis.call('hset', KEYS[2], ARGV[4], ARGV[5])
return {1, current or false, open}`;

// Ours: extend. Free (expired during an outage, or lost in a Redis restart): nobody else runs,
// take it back. Someone else's: lost. KEYS: lock, open runs. ARGV: value, ttl, runId, open entry.
const HEARTBEAT = `
local current = redis.call('get', KEYS[1])
if current == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2])
elseif not current then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
else return 0 end
redis.call('hset', KEYS[2], ARGV[3], ARGV[4])
return 1`;

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export async function acquireLock(redis: Redis, options: LockOptions): Promise<LockAttempt> {
  const ttlMs = options.ttlMs ?? LOCK_TTL_MS;
  const now = options.now ?? (() => new Date());
  const { run } = options;
  const holder: LockHolder = {
    token: randomUuid(),
    runId: run.runId,
    ...(run.kubeJob === undefined ? {} : { kubeJob: run.kubeJob }),
    ...(run.pod === undefined ? {} : { pod: run.pod }),
    startedAt: run.startedAt,
  };
  const value = JSON.stringify(holder);
  const openEntry = () => JSON.stringify({ ...run, heartbeatAt: now().toISOString() } satisfies OpenRun);

  const reply = (await redisCall('lock', () =>
    redis.eval(ACQUIRE, 2, options.key, options.openRunsKey, value, ttlMs, run.kubeJob ?? '', run.runId, openEntry()),
  )) as [number, string | null, number | string[]];
  if (reply[0] !== 1) return { kind: 'held', holder: parseHolder(reply[1]), ttlMs: Number(reply[2]) };

  const previous = reply[1] === null ? undefined : parseHolder(reply[1]);
  const open = parseOpenRuns(reply[2] as string[]);
  const abandoned = open.runs.filter((entry) => entry.runId !== run.runId);

  let inFlight: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const beat = () => {
    inFlight = redis.eval(HEARTBEAT, 2, options.key, options.openRunsKey, value, ttlMs, run.runId, openEntry()).then(
      (held) => {
        if (held !== 1 && !stopped) options.onLost?.();
      },
      (error: unknown) => {
        options.onHeartbeatProblem?.(`extending the lock failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  };
  const heartbeat = setInterval(beat, options.heartbeatMs ?? LOCK_HEARTBEAT_MS);
  heartbeat.unref();

  let released = false;
  return {
    kind: 'acquired',
    ...(previous === undefined ? {} : { tookOverFrom: previous }),
    abandoned,
    unreadableOpenRuns: open.unreadable,
    lock: {
      fence: { key: options.key, value },
      async release() {
        stopped = true;
        clearInterval(heartbeat);
        // A beat still on its way must not re-take the lock after the release.
        await inFlight;
        if (released) return;
        released = true;
        await redisCall('lock release', () => redis.eval(RELEASE, 1, options.key, value));
      },
    },
  };
}

/** The holder named by a lock value; undefined for a value this version did not write. */
export function parseHolder(value: string | null): LockHolder | undefined {
  if (value === null) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<LockHolder> | null;
    if (typeof parsed?.token !== 'string' || typeof parsed.runId !== 'string' || typeof parsed.startedAt !== 'string') return undefined;
    return parsed as LockHolder;
  } catch {
    return undefined;
  }
}

function parseOpenRuns(flat: readonly string[]): { runs: OpenRun[]; unreadable: string[] } {
  const runs: OpenRun[] = [];
  const unreadable: string[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const field = flat[i] ?? '';
    let parsed: Partial<OpenRun> | null;
    try {
      parsed = JSON.parse(flat[i + 1] ?? '') as Partial<OpenRun> | null;
    } catch {
      parsed = null;
    }
    if (typeof parsed?.runId === 'string' && typeof parsed.startedAt === 'string' && typeof parsed.heartbeatAt === 'string') {
      runs.push(parsed as OpenRun);
    } else {
      unreadable.push(field);
    }
  }
  return { runs, unreadable };
}
