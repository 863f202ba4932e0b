/**
 * Start-up overhead of a job run: how long from process start until the job's `run` is called
 * (config, logger, Redis connect, lock and ledger included), and until the process exits, against
 * a local redis-server. Next to it, in the same run, bare node: from its start to its first line
 * of user code, from its start to its exit (`node -e ""` timed inside the process), and from spawn
 * to exit; the last lines give issue 15's ratio (at most 2×) against each. Cases: a trivial job (the real runtime around
 * a `run` that only reports when it was called) and the real entrypoint running bonus-calc on an
 * empty month, each from the TypeScript sources and bundled as the image runs them
 * (scripts/bundle.ts, with a compile cache filled by the warm-up run, as the image's is at build
 * time); with `--image`, the same entrypoint and bare node inside the built image under podman
 * (host network, read-only root as the pods run it), where the figure is from node's start inside
 * the container (the container's own start, podman and runc, is in the spawn → exit column).
 *
 *   npm run bench:startup [-- --runs 10] [-- --image localhost/pontual:0.1.0]
 *
 * The real entrypoint reports its start-up in its `calling the job` debug line (run-job.ts); in
 * `--child` mode this file is the trivial job.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { child: { type: 'boolean', default: false }, runs: { type: 'string', default: '5' }, image: { type: 'string' } },
});

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

/** Where a case's process reports reaching `run()` (or bare node its first line of user code). */
function runCalledMs(output: string): number | undefined {
  const marker = /RUN_CALLED_MS=([\d.]+)/u.exec(output)?.[1] ?? /"startupMs":([\d.]+)/u.exec(output)?.[1];
  return marker === undefined ? undefined : Number(marker);
}

async function measure(command: string, args: readonly string[], extraEnv: Readonly<Record<string, string>>): Promise<Sample> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const totalMs = performance.now() - started;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${output}`);
  const called = runCalledMs(output);
  return called === undefined ? { totalMs } : { totalMs, runCalledMs: called };
}

const runs = Number(values.runs);
const cache = { NODE_COMPILE_CACHE: join(bundled, 'compile-cache') };
const debug = { LOG_LEVEL: 'debug' };
const bare = ['-e', 'process.stderr.write(`RUN_CALLED_MS=${performance.now()}`)'];
// `node -e ""` timed from inside: its start to its exit, the whole life of a process that does nothing.
const bareLife = ['-e', 'process.on("exit", () => process.stderr.write(`RUN_CALLED_MS=${performance.now()}`))'];
const node = process.execPath;
const BARE_LIFE = 'bare node: start → exit of node -e "" (timed inside the process)';
const JOB = 'jobs/main.mjs bonus-calc (empty month), bundled + compile cache';
const IMAGE_BARE_LIFE = `image: ${BARE_LIFE}`;
const IMAGE_JOB = 'image: jobs/main.mjs bonus-calc (empty month)';
const cases: [string, string, readonly string[], Readonly<Record<string, string>>][] = [
  ['bare node: start → first line of user code', node, bare, {}],
  [BARE_LIFE, node, bareLife, {}],
  ['node -e "" (spawn → exit)', node, ['-e', ''], {}],
  ['trivial job, real runtime, sources', node, [join('bench', 'job-startup.ts'), '--child'], {}],
  ['trivial job, real runtime, bundled + compile cache', node, [join(bundled, 'app', 'bench', 'job-startup.mjs'), '--child'], cache],
  ['jobs/main.ts bonus-calc (empty month), sources', node, [join('jobs', 'main.ts'), 'bonus-calc'], debug],
  [JOB, node, [join(bundled, 'app', 'jobs', 'main.mjs'), 'bonus-calc'], { ...cache, ...debug }],
];
if (values.image !== undefined) {
  // As the pods run it: read-only root, an emptyDir-like /tmp, no capabilities.
  const podman = ['--runtime', 'runc', 'run', '--rm', '--network', 'host', '--read-only', '--tmpfs', '/tmp', '--cap-drop', 'ALL'];
  const inImage = Object.entries({ ...env, ...debug })
    .filter(([name]) => name !== 'PATH')
    .flatMap(([name, value]) => ['--env', `${name}=${value}`]);
  const podmanEnv = { CONTAINERS_CONF: join(ROOT, 'devkit', 'containers.conf') };
  cases.push(
    [`image: bare node, start → first line of user code`, 'podman', [...podman, '--entrypoint', 'node', values.image, ...bare], podmanEnv],
    [IMAGE_BARE_LIFE, 'podman', [...podman, '--entrypoint', 'node', values.image, ...bareLife], podmanEnv],
    [IMAGE_JOB, 'podman', [...podman, ...inImage, values.image, 'bonus-calc'], podmanEnv],
  );
}

// Round-robin: every case once per round, so a burst of load on this shared machine hits all of
// them alike rather than one case's whole series.
const samples: Sample[][] = cases.map(() => []);
try {
  for (const [, command, args, extraEnv] of cases) await measure(command, args, extraEnv); // warm the file system cache (and fill the compile cache)
  for (let i = 0; i < runs; i++) {
    for (const [index, [, command, args, extraEnv]] of cases.entries()) samples[index]?.push(await measure(command, args, extraEnv));
  }
} finally {
  await redis.stop();
  rmSync(bundled, { recursive: true, force: true });
}
const rows = cases.map(([label], index) => {
  const series = samples[index] ?? [];
  const called = series.flatMap((sample) => (sample.runCalledMs === undefined ? [] : [sample.runCalledMs]));
  return [label, stats(called), stats(series.map((sample) => sample.totalMs))];
});

const header = ['case', 'start → run() called ms (min / median / p95)', 'spawn → exit ms (min / median / p95)'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
console.log(`node ${process.version}, ${runs} rounds of every case\n`);
console.log(line(header));
console.log(line(widths.map((width) => '-'.repeat(width))));
for (const row of rows) console.log(line(row));

// Issue 15's bar: a job's start → run() at most twice bare node's. Against both yardsticks: the
// process life of `node -e ""` timed inside it (the strict one, and the only one that holds in a
// container, whose spawn → exit is podman's), and its spawn → exit as the issue measured it.
const medianOf = (label: string, column: 'called' | 'total'): number | undefined => {
  const series = samples[cases.findIndex(([candidate]) => candidate === label)] ?? [];
  const values = series.flatMap((sample) => {
    const value = column === 'called' ? sample.runCalledMs : sample.totalMs;
    return value === undefined ? [] : [value];
  });
  return values.length === 0 ? undefined : ([...values].sort((a, b) => a - b)[Math.ceil(values.length / 2) - 1] ?? undefined);
};
const ratio = (job: string, bareLabel: string, column: 'called' | 'total'): string => {
  const [jobMs, bareMs] = [medianOf(job, 'called'), medianOf(bareLabel, column)];
  return jobMs === undefined || bareMs === undefined ? '-' : `${(jobMs / bareMs).toFixed(2)}× (${jobMs.toFixed(0)} / ${bareMs.toFixed(0)} ms)`;
};
console.log('\nmedian start → run() of bonus-calc, bundled, against bare node:');
console.log(`  checkout: ${ratio(JOB, BARE_LIFE, 'called')} its start → exit; ${ratio(JOB, 'node -e "" (spawn → exit)', 'total')} its spawn → exit`);
if (values.image !== undefined) console.log(`  image:    ${ratio(IMAGE_JOB, IMAGE_BARE_LIFE, 'called')} its start → exit`);

function stats(values: readonly number[]): string {
  if (values.length === 0) return '-';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (quantile: number) => (sorted[Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] ?? 0).toFixed(0);
  return `${(sorted[0] ?? 0).toFixed(0)} / ${at(0.5)} / ${at(0.95)}`;
}
