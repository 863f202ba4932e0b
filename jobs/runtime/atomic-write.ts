/**
 * A run's writes as one atomic step, fenced by the run's lock: a Lua script that applies every
 * command only if this run still holds the job's lock (or the lock is free: it expired during an
 * outage and nobody took it). So a crash or a stop leaves either the whole result or none of it,
 * readers never see half of it, and a run whose lock was taken over (it looked dead for 10 s)
 * writes nothing over the result of the run that took over. Checked against the run's signal
 * first, so a stopped run writes nothing unless the job asks to (store-status' final picture).
 */
import { PontualError } from '../../core/errors.ts';
import { redisCall, type Redis } from '../../core/redis-client.ts';
import { LOCK_TTL_MS, type LockFence } from './job-lock.ts';
import { luaJson } from './lua-json.ts';

/** The commands a job's result needs; all keys are replaced, never appended to. */
export interface WriteBatch {
  del(...keys: string[]): WriteBatch;
  hset(key: string, fields: Readonly<Record<string, string>>): WriteBatch;
  hdel(key: string, ...fields: string[]): WriteBatch;
}

export interface WriteScope {
  readonly redis: Redis;
  readonly signal: AbortSignal;
  readonly fence: LockFence;
}

/** Lua's unpack() takes a few thousand values at most: larger hashes go in several HSETs. */
const FIELDS_PER_HSET = 1_000;

// KEYS: lock. ARGV: lock value, lock TTL, commands as JSON [[name, ...args], ...].
const FENCED_WRITE = `
local current = redis.call('get', KEYS[1])
if current ~= ARGV[1] then
  if current then return 0 end
  redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
for _, command in ipairs(cjson.decode(ARGV[3])) do redis.call(unpack(command)) end
return 1`;

export async function writeAtomically(
  scope: WriteScope,
  build: (batch: WriteBatch) => void,
  options: { readonly evenIfStopped?: boolean } = {},
): Promise<number> {
  if (options.evenIfStopped !== true) scope.signal.throwIfAborted();
  const commands: string[][] = [];
  const batch: WriteBatch = {
    del(...keys) {
      if (keys.length > 0) commands.push(['del', ...keys]);
      return batch;
    },
    hset(key, fields) {
      const entries = Object.entries(fields);
      for (let start = 0; start < entries.length; start += FIELDS_PER_HSET) {
        commands.push(['hset', key, ...entries.slice(start, start + FIELDS_PER_HSET).flat()]);
      }
      return batch;
    },
    hdel(key, ...fields) {
      for (let start = 0; start < fields.length; start += FIELDS_PER_HSET) {
        commands.push(['hdel', key, ...fields.slice(start, start + FIELDS_PER_HSET)]);
      }
      return batch;
    },
  };
  build(batch);
  const applied = await redisCall('result write', () => scope.redis.eval(FENCED_WRITE, 1, scope.fence.key, scope.fence.value, LOCK_TTL_MS, luaJson(commands)));
  if (applied !== 1) {
    throw new PontualError('LOCK_LOST', 'another run took the lock over: this run writes nothing');
  }
  return commands.length;
}
