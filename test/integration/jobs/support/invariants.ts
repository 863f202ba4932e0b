/**
 * What must hold after any scenario, however hostile the world was (issue 11): every exit code is
 * the documented one for its outcome, every run that started is in the ledger (by itself, or as
 * abandoned by the run that found it), no run is left open, the lock is free once nobody runs,
 * each job's result is either the old or the new complete value, and store-status shows no store
 * up, degraded or down that its latest run did not check.
 */
import assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { lockKey, openRunsKey } from '../../../../core/run-ledger.ts';
import { ledgerEntries, type JobExit } from './spawn-job.ts';

/** docs/jobs.md, "Exit codes": the exit codes each ledger outcome may come with. */
export const DOCUMENTED_EXIT_CODES: Readonly<Record<string, readonly number[]>> = {
  succeeded: [0],
  skipped: [0],
  failed: [1, 2],
  deadline: [1],
  terminated: [143],
  refused: [1],
};

export type Results = Record<string, Record<string, string>>;

/** Every hash of one job's results: keys starting with one of `prefixes`. */
export async function readResults(redis: Redis, prefixes: readonly string[]): Promise<Results> {
  const keys = new Set<string>();
  for (const prefix of prefixes) for (const key of await redis.keys(`${prefix}*`)) keys.add(key);
  const results: Results = {};
  for (const key of [...keys].sort()) results[key] = await redis.hgetall(key);
  return results;
}

export interface Scenario {
  readonly redis: Redis;
  readonly job: string;
  /** Every process the scenario started, in order; a SIGKILLed one has no finish line. */
  readonly exits: readonly JobExit[];
  /**
   * Result key prefixes of the job (e.g. `pontual:sla:embu:`), with the job's result before the
   * scenario and the complete result it computes from a sane source. store-status has its own
   * invariant instead (assertNoUncheckedStatus): its result is per store, by design.
   */
  readonly results?: { readonly prefixes: readonly string[]; readonly old: Results; readonly fresh: Results };
}

export async function assertInvariants(scenario: Scenario): Promise<void> {
  const { redis, job, exits } = scenario;
  const ledger = await ledgerEntries(redis, job);
  for (const exit of exits) {
    const started = exit.lines.find((line) => line.msg === 'run started');
    const finish = exit.lines.at(-1);
    if (started === undefined) continue; // a configuration error: one line, no run
    const entry = ledger.find((candidate) => candidate.runId === started.runId);
    assert.ok(entry !== undefined, `run ${String(started.runId)} is in the ledger:\n${exit.stdout}`);
    if (exit.signal === 'SIGKILL') {
      assert.equal(entry.outcome, 'abandoned', 'a killed run is recorded as abandoned by the run that found it');
      continue;
    }
    if (entry.outcome === 'abandoned') {
      // Only a run that said it could not record itself (Redis gone for good) may be recorded so.
      assert.ok(
        exit.lines.some((line) => String(line.msg).startsWith('the run could not be recorded')),
        exit.stdout,
      );
      assert.ok(DOCUMENTED_EXIT_CODES.failed?.includes(exit.code ?? -1) || exit.code === 143);
      continue;
    }
    const outcome = String(finish?.outcome);
    assert.ok(DOCUMENTED_EXIT_CODES[outcome]?.includes(exit.code ?? -1), `outcome ${outcome} exited ${String(exit.code)}:\n${exit.stdout}`);
    assert.equal(entry.outcome, outcome, 'the ledger says what the finish line says');
    assert.equal(entry.exitCode, exit.code);
  }
  assert.equal(await redis.hlen(openRunsKey('pontual:', job)), 0, 'no run is left open');
  assert.equal(await redis.exists(lockKey('pontual:', job)), 0, 'the lock is free once nobody runs');

  if (scenario.results === undefined) return;
  const now = await readResults(redis, scenario.results.prefixes);
  const asOld = JSON.stringify(now) === JSON.stringify(scenario.results.old);
  const asNew = JSON.stringify(now) === JSON.stringify(scenario.results.fresh);
  assert.ok(asOld || asNew, `the result is the old or the new complete value, not:\n${JSON.stringify(now, null, 1)}`);
}

/**
 * store-status: every store shown up, degraded or down was checked by the latest run (its check
 * time is that run's, and the health server saw the request), and the summary counts the hash.
 */
export async function assertNoUncheckedStatus(redis: Redis, checkedAt: string, healthRequests: readonly string[]): Promise<void> {
  const hash = await redis.hgetall('pontual:stores:status');
  const counts: Record<string, number> = { up: 0, degraded: 0, down: 0, unknown: 0 };
  for (const [id, json] of Object.entries(hash)) {
    const stored = JSON.parse(json) as { status: string; checkedAt: string | null; healthUrl?: string };
    counts[stored.status] = (counts[stored.status] ?? 0) + 1;
    if (stored.status === 'unknown') continue;
    assert.equal(stored.checkedAt, checkedAt, `store ${id} is ${stored.status} from a check of this run`);
    assert.ok(id === 's-07' || healthRequests.includes(`/health/${id}`), `store ${id} was checked`);
  }
  const summary = await redis.hgetall('pontual:stores:summary');
  if (Object.keys(hash).length === 0 && Object.keys(summary).length === 0) return;
  assert.deepEqual(
    { total: summary.total, up: summary.up, degraded: summary.degraded, down: summary.down, unknown: summary.unknown },
    {
      total: String(Object.keys(hash).length),
      up: String(counts.up),
      degraded: String(counts.degraded),
      down: String(counts.down),
      unknown: String(counts.unknown),
    },
    'the summary counts exactly the hash',
  );
}
