/**
 * The run ledger's contract: one capped Redis stream per job, one entry per run. The job runtime
 * writes it; the status service and the CLI read it to show history past Kubernetes' job history
 * limits. Pure: key names, the entry shape, and its (de)serialisation to stream fields.
 *
 * The error message is redacted both ways (core/redact.ts): it is served over HTTP and printed by
 * the CLI, so a credential quoted by an error must not be stored, nor shown if an older writer
 * stored it.
 */
import { redactText } from './redact.ts';

export const DEFAULT_KEY_PREFIX = 'pontual:';
/** Entries kept per job (XADD MAXLEN ~): about 10 days of a 5-minute job. */
export const LEDGER_MAX_ENTRIES = 3000;
/** Most runs one history request returns: the status API's cap and the CLI's largest --limit. */
export const MAX_HISTORY_LIMIT = 1000;

/**
 * The status service's words: a run `succeeded` in the ledger, the API and the metrics alike.
 * `refused`: the source answered with no records where the stored result has many, and the run
 * kept the stored result instead of writing the empty one (exit 1, EMPTY_RESULT).
 * `abandoned`: the run stopped without recording its end (SIGKILL, OOM kill, node lost, Redis gone
 * for good); written by the next run that takes the lock, from the run's open entry.
 */
export const LEDGER_OUTCOMES = ['succeeded', 'skipped', 'failed', 'deadline', 'terminated', 'refused', 'abandoned'] as const;
export type LedgerOutcome = (typeof LEDGER_OUTCOMES)[number];

export interface LedgerEntry {
  readonly runId: string;
  readonly job: string;
  /** Kubernetes Job and Pod names from the downward API; absent for local runs. */
  readonly kubeJob?: string;
  readonly pod?: string;
  readonly namespace?: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly outcome: LedgerOutcome;
  /** Absent only for `abandoned` runs: nobody saw how the process ended. */
  readonly exitCode?: number;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

export function ledgerKey(prefix: string, job: string): string {
  return `${prefix}runs:${job}`;
}

/**
 * Hash: runId → the open entry (`OpenRun`) of each run that started and has not recorded its end.
 * A run adds itself when it takes the lock and removes itself with its ledger entry; whatever is
 * left there when the next run takes the lock was abandoned.
 */
export function openRunsKey(prefix: string, job: string): string {
  return `${ledgerKey(prefix, job)}:open`;
}

/** What an open run leaves behind: enough to write its `abandoned` entry. */
export interface OpenRun extends Pick<LedgerEntry, 'runId' | 'job' | 'kubeJob' | 'pod' | 'namespace' | 'startedAt'> {
  /** The run's last heartbeat: the last instant it is known to have been alive. */
  readonly heartbeatAt: string;
}

export function lockKey(prefix: string, job: string): string {
  return `${prefix}lock:${job}`;
}

/** Flat field/value list for XADD. */
export function toStreamFields(entry: LedgerEntry): string[] {
  const fields: string[] = [];
  for (const [key, value] of Object.entries(entry) as [string, string | number | undefined][]) {
    if (value !== undefined) fields.push(key, key === 'errorMessage' ? redactText(String(value)) : String(value));
  }
  return fields;
}

/** Parses one XRANGE/XREVRANGE entry; returns undefined for entries that break the contract. */
export function fromStreamFields(fields: readonly string[]): LedgerEntry | undefined {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i] ?? '', fields[i + 1] ?? '');
  const runId = map.get('runId');
  const job = map.get('job');
  const startedAt = map.get('startedAt');
  const finishedAt = map.get('finishedAt');
  const outcome = fromWrittenOutcome(map.get('outcome'));
  const durationMs = Number(map.get('durationMs'));
  const rawExitCode = map.get('exitCode');
  const exitCode = rawExitCode === undefined ? undefined : Number(rawExitCode);
  if (runId === undefined || job === undefined || startedAt === undefined || finishedAt === undefined) return undefined;
  if (!isLedgerOutcome(outcome) || !Number.isFinite(durationMs)) return undefined;
  if (exitCode === undefined ? outcome !== 'abandoned' : !Number.isInteger(exitCode)) return undefined;
  const optional = (key: string): Record<string, string> => {
    const value = map.get(key);
    return value === undefined ? {} : { [key]: value };
  };
  return {
    runId,
    job,
    startedAt,
    finishedAt,
    durationMs,
    outcome,
    ...(exitCode === undefined ? {} : { exitCode }),
    ...optional('kubeJob'),
    ...optional('pod'),
    ...optional('namespace'),
    ...optional('errorCode'),
    ...(map.has('errorMessage') ? { errorMessage: redactText(map.get('errorMessage') ?? '') } : {}),
  };
}

/** Entries written before the ledger said `succeeded` say `ok`; they stay readable for as long as they are kept. */
function fromWrittenOutcome(value: string | undefined): string | undefined {
  return value === 'ok' ? 'succeeded' : value;
}

function isLedgerOutcome(value: string | undefined): value is LedgerOutcome {
  return (LEDGER_OUTCOMES as readonly (string | undefined)[]).includes(value);
}
