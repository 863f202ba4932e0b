/**
 * The one reader of the run ledger (core/run-ledger.ts): the status service polls it, the CLI
 * calls it once. Newest first; entries that break the contract are skipped, not fatal, so one bad
 * writer cannot hide a job's history.
 */
import type { Redis } from './redis.ts';
import { fromStreamFields, ledgerKey, type LedgerEntry } from './run-ledger.ts';

export async function readLedger(redis: Redis, prefix: string, job: string, count: number): Promise<LedgerEntry[]> {
  const raw = await redis.xrevrange(ledgerKey(prefix, job), '+', '-', 'COUNT', count);
  return raw.map(([, fields]) => fromStreamFields(fields)).filter((entry): entry is LedgerEntry => entry !== undefined);
}
