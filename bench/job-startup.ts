/**
 * Start-up overhead of a job run: how long from process start until the job's `run` is called,
 * and until the process exits, for a trivial job against a local redis-server. Compares with bare
 * node and with the real entrypoint running bonus-calc on an empty month, each from the
 * TypeScript sources and bundled as the image runs them (scripts/bundle.ts, with a compile cache
 * filled by the warm-up run, as the image's is at build time).
 *
 *   npm run bench:startup [-- --runs 10]
 *
 * In `--child` mode this file is the trivial job: the real runtime (config, Redis connect, lock,
 * ledger) around a `run` that only reports when it was called.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { child: { type: 'boolean', default: false }, runs: { type: 'string', default: '5' } } });

if (values.child) {
  // performance.now() counts from this process' start: everything below is start-up cost.
  const { findJob } = await import('../core/catalog.ts');
  const { defineJob } = await import('../jobs/runtime/define-job.ts');
  const { runJob } = await import('../jobs/runtime/run-job.ts');
  const spec = findJob('store-status');
  if (spec === undefined) throw new Error('store-status is not in the catalog');
  const job = defineJob({
    ...spec,
    name: 'bench-startup',
    run: () => {
      process.stderr.write(`RUN_CALLED_MS=${performance.now().toFixed(1)}\n`);
      return Promise.resolve({});
    },
  });
  process.exitCode = await runJob(job, { env: process.env, logDestination: { write: () => undefined } });
  process.exit();
}

const { startRedis } = await import('../devkit/redis.ts');
const { bundle } = await import('../scripts/bundle.ts');
const bundled = mkdtempSync(join(tmpdir(), 'pontual-startup-'));
await bundle(join(bundled, 'app'), ['jobs/main.ts', 'bench/job-startup.ts']);
const redis = await startRedis();
const env: Record<string, string> = {
  PATH: process.env.PATH ?? '',
  REDIS_URL: redis.url,
  WMS_API_URL: 'http://127.0.0.1:9',
  WMS_API_TOKEN: 'bench',
  OMS_API_URL: 'http://127.0.0.1:9',
  OMS_API_TOKEN: 'bench',
  JOB_AS_OF: '2026-11-24T06:00:00-03:00',
  LOG_LEVEL: 'warn',
};

interface Sample {
  readonly totalMs: number;
  readonly runCalledMs?: number;
}

async function measure(args: readonly string[], extraEnv: Readonly<Record<string, string>>): Promise<Sample> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const totalMs = performance.now() - started;
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}: ${stderr}`);
  const match = /RUN_CALLED_MS=([\d.]+)/.exec(stderr);
  return match?.[1] === undefined ? { totalMs } : { totalMs, runCalledMs: Number(match[1]) };
}

const runs = Number(values.runs);
const cache = { NODE_COMPILE_CACHE: join(bundled, 'compile-cache') };
const cases: [string, readonly string[], Readonly<Record<string, string>>][] = [
  ['node -e "" (baseline)', ['-e', ''], {}],
  ['trivial job, real runtime, sources', [join('bench', 'job-startup.ts'), '--child'], {}],
  ['trivial job, real runtime, bundled + compile cache', [join(bundled, 'app', 'bench', 'job-startup.mjs'), '--child'], cache],
  ['jobs/main.ts bonus-calc (empty month), sources', [join('jobs', 'main.ts'), 'bonus-calc'], {}],
  ['jobs/main.mjs bonus-calc (empty month), bundled + compile cache', [join(bundled, 'app', 'jobs', 'main.mjs'), 'bonus-calc'], cache],
];

const rows: string[][] = [];
try {
  for (const [label, args, extraEnv] of cases) {
    await measure(args, extraEnv); // warm the file system cache (and fill the compile cache)
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await measure(args, extraEnv));
    const called = samples.flatMap((sample) => (sample.runCalledMs === undefined ? [] : [sample.runCalledMs]));
    rows.push([label, stats(called), stats(samples.map((sample) => sample.totalMs))]);
  }
} finally {
  await redis.stop();
  rmSync(bundled, { recursive: true, force: true });
}

const header = ['case', 'start → run() called ms (min / median / max)', 'spawn → exit ms (min / median / max)'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
console.log(`node ${process.version}, ${runs} runs each\n`);
console.log(line(header));
console.log(line(widths.map((width) => '-'.repeat(width))));
for (const row of rows) console.log(line(row));

function stats(values: readonly number[]): string {
  if (values.length === 0) return '-';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (index: number) => (sorted[index] ?? 0).toFixed(0);
  return `${at(0)} / ${at(Math.floor(sorted.length / 2))} / ${at(sorted.length - 1)}`;
}
