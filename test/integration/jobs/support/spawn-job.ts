/**
 * Runs the real entrypoint (`node jobs/main.ts <job>`) as a child process with the project's node
 * and only the environment given, and collects its exit code and JSON log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { fromStreamFields, ledgerKey, type LedgerEntry } from '../../../../core/run-ledger.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
export const ENTRYPOINT = join(ROOT, 'jobs', 'main.ts');
/** The entrypoint's work with shortened time scales: `startJob([job, JSON.stringify(overrides)], env, OVERRIDES_SCRIPT)`. */
export const OVERRIDES_SCRIPT = join(import.meta.dirname, 'run-with-overrides.ts');

export interface JobExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly lines: readonly Record<string, unknown>[];
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface RunningJob {
  readonly child: ChildProcess;
  readonly exited: Promise<JobExit>;
  /** Resolves when a log line with this `msg` prefix appears. */
  waitForLog(msgPrefix: string): Promise<Record<string, unknown>>;
}

export function startJob(args: readonly string[], env: Readonly<Record<string, string>>, script = ENTRYPOINT): RunningJob {
  const started = performance.now();
  const child = spawn(process.execPath, [script, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { prefix: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const line of parseLines(stdout)) {
      for (const waiter of waiters.filter((w) => typeof line.msg === 'string' && line.msg.startsWith(w.prefix))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<JobExit>((resolve) => {
    child.once('close', (code, signal) => {
      resolve({ code, signal, lines: parseLines(stdout), stdout, stderr, durationMs: performance.now() - started });
    });
  });
  return {
    child,
    exited,
    waitForLog: (prefix) =>
      new Promise((resolve, reject) => {
        waiters.push({ prefix, resolve });
        exited.then(() => {
          reject(new Error(`the job exited before logging "${prefix}":\n${stdout}${stderr}`));
        }, reject);
      }),
  };
}

export async function runJobProcess(job: string, env: Readonly<Record<string, string>>): Promise<JobExit> {
  return startJob([job], env).exited;
}

function parseLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The finish line's outcome (or the single fatal line's). */
export function outcomeOf(exit: JobExit): unknown {
  return exit.lines.at(-1)?.outcome;
}

export async function ledgerEntries(redis: Redis, job: string, prefix = 'pontual:'): Promise<LedgerEntry[]> {
  const entries = await redis.xrange(ledgerKey(prefix, job), '-', '+');
  return entries.map(([, fields]) => fromStreamFields(fields)).filter((entry) => entry !== undefined);
}

/** Every hash under the prefix, except the run ledger and locks: what the jobs wrote. */
export async function dumpResults(redis: Redis, prefix = 'pontual:'): Promise<Record<string, Record<string, string>>> {
  const keys = (await redis.keys(`${prefix}*`)).filter((key) => !key.startsWith(`${prefix}runs:`) && !key.startsWith(`${prefix}lock:`));
  const dump: Record<string, Record<string, string>> = {};
  for (const key of keys.sort()) dump[key] = await redis.hgetall(key);
  return dump;
}
