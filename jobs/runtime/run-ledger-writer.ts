/**
 * Appends runs to the job's capped ledger stream (contract in core/run-ledger.ts). A run's entry
 * and the removal of its open entry are one script: a run is either open or recorded.
 *
 * Why a script and not MULTI/XADD/EXEC: a job's client sends again every command a dropped
 * connection left unanswered (core/redis.ts), and Redis may have run it already, only its reply
 * being lost; an XADD sent twice is a run recorded twice. So the script skips an entry identical,
 * field for field, to one among the stream's latest: the same append arriving again. A run
 * recorded twice on purpose (found abandoned, then its own end) differs in its fields and stays.
 */
import { LEDGER_MAX_ENTRIES, ledgerKey, openRunsKey, toStreamFields, type LedgerEntry } from '../../core/run-ledger.ts';
import { redisCall, type Redis } from '../../core/redis-client.ts';
import { luaJson } from './lua-json.ts';

/**
 * How far back a resent entry is looked for: a resend follows its first sending within the run's
 * reconnection window, and the lock lets one run of a job at a time append (the others append a
 * `skipped` entry each, one per schedule tick), so its first copy is among the last few.
 */
const RESEND_LOOKBACK = 32;

/** Lua's unpack() takes a few thousand values at most: long lists of open runs go in several HDELs. */
const FIELDS_PER_HDEL = 1_000;

// KEYS: ledger stream, open runs. ARGV: max length, lookback, entries as JSON [[field, value, ...], ...],
// open runs to remove as JSON [[runId, ...], ...]. Returns how many entries it appended.
const APPEND = `
local recent = redis.call('xrevrange', KEYS[1], '+', '-', 'COUNT', ARGV[2])
local function recorded(fields)
  for _, item in ipairs(recent) do
    local seen = item[2]
    if #seen == #fields then
      local same = true
      for i = 1, #fields do
        if seen[i] ~= fields[i] then same = false break end
      end
      if same then return true end
    end
  end
  return false
end
local appended = 0
for _, fields in ipairs(cjson.decode(ARGV[3])) do
  if not recorded(fields) then
    redis.call('xadd', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(fields))
    appended = appended + 1
  end
end
for _, runIds in ipairs(cjson.decode(ARGV[4])) do redis.call('hdel', KEYS[2], unpack(runIds)) end
return appended`;

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
  const done = [...entries.map((entry) => entry.runId), ...unreadableOpenRuns];
  const hdels: string[][] = [];
  for (let start = 0; start < done.length; start += FIELDS_PER_HDEL) hdels.push(done.slice(start, start + FIELDS_PER_HDEL));
  await redisCall('ledger write', () =>
    redis.eval(
      APPEND,
      2,
      ledgerKey(prefix, job),
      openRunsKey(prefix, job),
      LEDGER_MAX_ENTRIES,
      RESEND_LOOKBACK,
      luaJson(entries.map(toStreamFields)),
      luaJson(hdels),
    ),
  );
}
