/**
 * An SLA job at volume: 200,000 orders over the two deadline days, served by a minimal WMS
 * stand-in in pages of 500 (its pages serialized in advance, so serving costs next to nothing),
 * computed by the real entrypoint against a real redis-server. Prints the job process' peak RSS
 * and CPU time (user + system), measured inside it (bench/support/report-usage.ts), per run and
 * the median.
 *
 *   npm run bench:sla [-- --job extrema-sla --orders 200000 --runs 3 --node-options=--max-semi-space-size=4 --root <other checkout>]
 *   npm run bench:sla -- --image localhost/pontual:0.1.0 [--job extrema-sla]
 *
 * With `--image`, the job runs inside the built image under podman as its CronJob runs it: read-only
 * root, /tmp on a tmpfs, no capabilities, and the memory limit its catalog entry gives it
 * (`--memory` = `--memory-swap`: no swap), in a cgroup of its own whose peak (cgroup v1
 * `memory.max_usage_in_bytes`, v2 `memory.peak`) outlives the container; it prints the exit code,
 * podman's OOMKilled and that peak next to the process' own. Then one control run under a 32 MiB
 * limit, which must be killed: it shows the limit is enforced here, so a run that passes under the
 * real one was not merely unlimited. Needs root (cgroups) and podman (`npm run setup`); build the
 * image first (scripts/build-image.sh).
 *
 * The figures are the README's "Measured here" rows; the catalog's SLA_RESOURCES come from them.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findJob } from '../core/catalog.ts';
import { startRedis } from '../devkit/redis.ts';
import { podLikeFlags } from './support/pod-like-flags.ts';

const { values } = parseArgs({
  options: {
    job: { type: 'string', default: 'embu-sla' },
    image: { type: 'string' },
    orders: { type: 'string', default: '200000' },
    runs: { type: 'string', default: '3' },
    'node-options': { type: 'string', default: '' },
    // Another checkout's jobs/main.ts, e.g. an older commit's, to compare.
    root: { type: 'string', default: join(import.meta.dirname, '..') },
  },
});
const ROOT = values.root;
const ORDERS = Number(values.orders);
const PAGE = 500;
const AS_OF = '2026-11-23T15:00:00-03:00'; // Monday: deadline days Sat 2026-11-21 and Mon 2026-11-23
const JOB = values.job;
const SPEC = findJob(JOB);
if (SPEC?.warehouse === undefined) throw new Error(`--job ${JOB} is not an SLA job: embu-sla or extrema-sla`);
const LIMIT = SPEC.resources.limits.memory;
/** Far below what the job needs (its cgroup peak is about 60 MiB at 20,000 orders): must be killed. */
const CONTROL_LIMIT = '32Mi';

/** Orders spread over the window (Fri 14:00 → Mon 14:00 local), all statuses, 60 pickers and 40 packers. */
function order(i: number): Record<string, unknown> {
  const created = Date.parse('2026-11-20T17:00:00Z') + Math.floor((i * 259_200_000) / ORDERS);
  const kind = i % 10;
  const status = kind === 0 ? 'cancelled' : kind < 7 ? 'shipped' : kind < 9 ? 'packed' : 'picking';
  return {
    id: `o-${i}`,
    createdAt: new Date(created).toISOString(),
    shippedAt: status === 'shipped' ? new Date(created + (kind % 3) * 30 * 3_600_000).toISOString() : null,
    status,
    pickerId: `p-${i % 60}`,
    packerId: status === 'picking' ? null : `k-${i % 40}`,
  };
}

const pages: string[] = [];
for (let start = 0; start < ORDERS; start += PAGE) {
  const orders = Array.from({ length: Math.min(PAGE, ORDERS - start) }, (_, j) => order(start + j));
  const next = start + PAGE < ORDERS ? `c${start + PAGE}` : null;
  pages.push(JSON.stringify({ orders, nextCursor: next }));
}
const wms = createServer((request, response) => {
  const cursor = new URL(request.url ?? '/', 'http://wms').searchParams.get('cursor');
  const body = pages[cursor === null ? 0 : Number(cursor.slice(1)) / PAGE] ?? '{"orders":[],"nextCursor":null}';
  response.writeHead(200, { 'content-type': 'application/json' }).end(body);
});
await new Promise<void>((resolve) => wms.listen(0, '127.0.0.1', resolve));
const address = wms.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
const redis = await startRedis();

interface Usage {
  readonly maxRssKiB: number;
  readonly userMs: number;
  readonly systemMs: number;
}

const jobEnv = {
  REDIS_URL: redis.url,
  WMS_API_URL: `http://127.0.0.1:${port}`,
  WMS_API_TOKEN: 'bench',
  OMS_API_URL: `http://127.0.0.1:${port}`,
  OMS_API_TOKEN: 'bench',
  JOB_AS_OF: AS_OF,
  LOG_LEVEL: 'warn',
};

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

async function exec(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Exit> {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr };
}

function usageOf(exit: Exit): Usage {
  const line = /^USAGE (.*)$/m.exec(exit.stderr)?.[1];
  if (exit.code !== 0 || line === undefined) throw new Error(`the job failed (exit ${String(exit.code)}):\n${exit.stdout}${exit.stderr}`);
  return JSON.parse(line) as Usage;
}

async function runOnce(): Promise<Usage> {
  const nodeOptions = values['node-options'] === '' ? [] : values['node-options'].split(' ');
  const args = [...nodeOptions, '--import', join(import.meta.dirname, 'support', 'report-usage.ts'), join(ROOT, 'jobs', 'main.ts'), JOB];
  return usageOf(await exec(process.execPath, args, { PATH: process.env.PATH ?? '', ...jobEnv }));
}

interface ContainerRun {
  readonly exitCode: number;
  readonly oomKilled: boolean;
  /** The cgroup's peak over the container's life (the container and its conmon), bytes. */
  readonly cgroupPeak: number;
  readonly usage?: Usage;
}

/** A Kubernetes memory quantity in bytes (the forms the catalog uses). */
function bytesOf(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi)$/u.exec(quantity);
  if (match?.[1] === undefined || match[2] === undefined) throw new Error(`cannot read the memory quantity ${quantity}`);
  return Number(match[1]) * 1024 ** { Ki: 1, Mi: 2, Gi: 3 }[match[2] as 'Ki' | 'Mi' | 'Gi'];
}

const CGROUP_V2 = existsSync('/sys/fs/cgroup/cgroup.controllers');
const cgroupDir = (name: string) => (CGROUP_V2 ? join('/sys/fs/cgroup', name) : join('/sys/fs/cgroup/memory', name));

/** Removes a cgroup directory once its processes are gone (children first: cgroup dirs only go empty). */
function removeCgroup(dir: string): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) removeCgroup(join(dir, entry.name));
  rmdirSync(dir);
}

async function runInImage(image: string, memoryBytes: number): Promise<ContainerRun> {
  const name = `pontual-bench-sla-${process.pid}-${Date.now()}`;
  const parent = cgroupDir(name);
  mkdirSync(parent);
  const podmanEnv = { ...process.env, CONTAINERS_CONF: join(ROOT, 'devkit', 'containers.conf') };
  try {
    const run = await exec(
      'podman',
      [
        '--runtime',
        'runc',
        'run',
        '--name',
        name,
        '--cgroup-parent',
        `/${name}`,
        ...podLikeFlags(String(memoryBytes)),
        '--volume',
        `${join(import.meta.dirname, 'support', 'report-usage.ts')}:/bench/report-usage.ts:ro`,
        '--env',
        'NODE_OPTIONS=--import=/bench/report-usage.ts',
        ...Object.entries(jobEnv).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
        image,
        JOB,
      ],
      podmanEnv,
    );
    const state = await exec('podman', ['inspect', '--format', '{{.State.ExitCode}} {{.State.OOMKilled}}', name], podmanEnv);
    const [exitCode, oomKilled] = state.stdout.trim().split(' ');
    await exec('podman', ['rm', '--force', name], podmanEnv);
    const peakFile = join(parent, CGROUP_V2 ? 'memory.peak' : 'memory.max_usage_in_bytes');
    const cgroupPeak = Number(readFileSync(peakFile, 'utf8').trim());
    return { exitCode: Number(exitCode), oomKilled: oomKilled === 'true', cgroupPeak, ...(run.code === 0 ? { usage: usageOf(run) } : {}) };
  } finally {
    removeCgroup(parent);
  }
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] ?? 0;
const mib = (kib: number) => (kib / 1024).toFixed(0);
const cpu = (usage: Usage) => `${((usage.userMs + usage.systemMs) / 1000).toFixed(2)} s (${usage.userMs} + ${usage.systemMs} ms)`;

if (values.image === undefined) {
  const runs: Usage[] = [];
  try {
    for (let i = 0; i < Number(values.runs); i++) runs.push(await runOnce());
  } finally {
    wms.close();
    await redis.stop();
  }
  console.log(`${JOB}, ${ORDERS.toLocaleString('en')} orders in pages of ${PAGE}, ${runs.length} runs`);
  console.log('run  peak RSS  CPU (user + system)');
  runs.forEach((run, i) => {
    console.log(`${String(i + 1).padEnd(4)} ${mib(run.maxRssKiB).padStart(4)} MiB  ${cpu(run)}`);
  });
  console.log(
    `median: peak RSS ${mib(median(runs.map((run) => run.maxRssKiB)))} MiB, CPU ${(median(runs.map((run) => run.userMs + run.systemMs)) / 1000).toFixed(2)} s`,
  );
} else {
  const image = values.image;
  const runs: ContainerRun[] = [];
  let control: ContainerRun;
  try {
    for (let i = 0; i < Number(values.runs); i++) runs.push(await runInImage(image, bytesOf(LIMIT)));
    control = await runInImage(image, bytesOf(CONTROL_LIMIT));
  } finally {
    wms.close();
    await redis.stop();
  }
  console.log(`${JOB} in ${image}, ${ORDERS.toLocaleString('en')} orders in pages of ${PAGE}, limit ${LIMIT} (the CronJob's), ${runs.length} runs`);
  console.log('run      limit   exit  OOMKilled  cgroup peak  process peak RSS  CPU (user + system)');
  const row = (label: string, limit: string, run: ContainerRun) => {
    console.log(
      `${label.padEnd(8)} ${limit.padEnd(7)} ${String(run.exitCode).padEnd(5)} ${String(run.oomKilled).padEnd(10)} ${mib(run.cgroupPeak / 1024).padStart(7)} MiB  ${
        run.usage === undefined ? '-'.padStart(16) : `${mib(run.usage.maxRssKiB).padStart(12)} MiB`
      }  ${run.usage === undefined ? '-' : cpu(run.usage)}`,
    );
  };
  runs.forEach((run, i) => {
    row(String(i + 1), LIMIT, run);
  });
  row('control', CONTROL_LIMIT, control);
  const peak = Math.max(...runs.map((run) => run.cgroupPeak));
  const limitBytes = bytesOf(LIMIT);
  const survived = runs.every((run) => run.exitCode === 0 && !run.oomKilled);
  console.log(
    `${survived ? 'no run was killed' : 'A RUN WAS KILLED OR FAILED'}; highest cgroup peak ${mib(peak / 1024)} MiB = ${((100 * peak) / limitBytes).toFixed(0)} % of ${LIMIT}; ` +
      `control under ${CONTROL_LIMIT}: exit ${control.exitCode}${control.exitCode === 137 ? ' (SIGKILL: the limit is enforced)' : ' (NOT KILLED: the limit may not be enforced here)'}`,
  );
  if (!survived || control.exitCode !== 137) process.exitCode = 1;
}
