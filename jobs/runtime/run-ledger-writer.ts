/**
 * Appends runs to the job's capped ledger stream (contract in core/run-ledger.ts). A run's entry
 * and the removal of its open entry are one transaction: a run is either open or recorded.
 */
import { LEDGER_MAX_ENTRIES, ledgerKey, openRunsKey, toStreamFields, type LedgerEntry } from '../../core/run-ledger.ts';
import { redisCall, type Redis } from '../../core/redis-client.ts';

export async function appendToLedger(redis: Redis, prefix: string, entry: LedgerEntry): Promise<void> {
  await appendEntriesToLedger(redis, prefix, entry.job, [entry], []);
}

/** Several entries at once (the abandoned runs a run found), plus open entries nobody can read. */
export async function appendEntriesToLedger(
  redis: Redis,
  prefix: string,
  job: string,
  entries: readonly LedgerEntry[],
  unreadableOpenRuns: readonly string[],
): Promise<void> {
  const transaction = redis.multi();
  for (const entry of entries) {
    transaction.xadd(ledgerKey(prefix, job), 'MAXLEN', '~', LEDGER_MAX_ENTRIES, '*', ...toStreamFields(entry));
  }
  const done = [...entries.map((entry) => entry.runId), ...unreadableOpenRuns];
  if (done.length > 0) transaction.hdel(openRunsKey(prefix, job), ...done);
  await redisCall('ledger write', async () => {
    const results = await transaction.exec();
    const failed = results?.find(([error]) => error !== null)?.[0];
    if (results === null || failed) throw failed ?? new Error('the transaction was discarded');
  });
}
