/**
 * A run's writes as one MULTI/EXEC: a crash or a stop request leaves either the whole result or
 * none of it. Checked against the run's signal first, so a stopped run writes nothing.
 */
import type { ChainableCommander } from 'ioredis';
import { PontualError } from '../../core/errors.ts';
import { redisCall, type Redis } from '../../core/redis-client.ts';

export async function writeAtomically(
  redis: Redis,
  signal: AbortSignal,
  build: (transaction: ChainableCommander) => void,
): Promise<number> {
  signal.throwIfAborted();
  const transaction = redis.multi();
  build(transaction);
  const commands = transaction.length;
  const results = await redisCall('MULTI/EXEC', () => transaction.exec());
  if (results === null) throw new PontualError('REDIS_UNAVAILABLE', 'Redis discarded the transaction');
  const failed = results.find(([error]) => error !== null);
  if (failed?.[0]) throw new PontualError('REDIS_UNAVAILABLE', `Redis transaction failed: ${failed[0].message}`, { cause: failed[0] });
  return commands;
}
