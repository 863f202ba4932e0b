/** Appends one run to the job's capped ledger stream (contract in core/run-ledger.ts). */
import { LEDGER_MAX_ENTRIES, ledgerKey, toStreamFields, type LedgerEntry } from '../../core/run-ledger.ts';
import { redisCall, type Redis } from '../../core/redis-client.ts';

export async function appendToLedger(redis: Redis, prefix: string, entry: LedgerEntry): Promise<void> {
  await redisCall('ledger write', () =>
    redis.xadd(ledgerKey(prefix, entry.job), 'MAXLEN', '~', LEDGER_MAX_ENTRIES, '*', ...toStreamFields(entry)),
  );
}
