/**
 * `npm run bench:ksm`: the status service and kube-state-metrics side by side on one real API
 * server holding N CronJobs and M finished Jobs (bench-objects.ts). Each runs alone in turn (two
 * cores: running both at once would measure their contention), against the same objects, and is
 * measured the same way:
 *
 * - ready: process start until its /metrics shows every Job;
 * - RSS from /proc/<pid>/status after the scrapes (VmRSS) and its peak (VmHWM);
 * - /metrics latency p50/p95 over S scrapes, and the last scrape's series count and size;
 * - condition to metric: a fresh Job's Failed condition written, until the metric that says so
 *   changes (pontual_cronjob_runs_total{outcome="failed"}, kube_job_failed{condition="true"});
 * - API requests by verb on cronjobs/jobs/pods during a quiet window after all that (the API
 *   server's apiserver_request_total: nothing else writes or reads then).
 *
 * The status service runs as the Deployment runs it: the image's bundle (scripts/bundle.ts, built
 * into a temporary directory), NODE_OPTIONS and MALLOC_ARENA_MAX as infra sets them (status/environment.ts), and a Redis run ledger (a local
 * redis-server) unless --no-redis; `--sources` runs status/main.ts instead. kube-state-metrics is limited to the namespace and to
 * cronjobs, jobs and pods, and is built from source by toolchain/kube-state-metrics.sh.
 *
 * `--variant="TOKENS"` (repeatable) adds a status contender: tokens starting with `--` go on node's
 * command line after the Deployment's (STATUS_NODE_FLAGS; `--opt` undoes its `--no-opt`), `KEY=VALUE`
 * tokens set its environment (e.g. `--variant="MALLOC_ARENA_MAX=8 --opt"`). CPU per scrape (user +
 * system time of the process over the scrapes, from /proc/<pid>/stat) says what a scrape costs
 * even when the machine is loaded and latencies are not comparable between runs.
 * `--repeat R` measures every contender R times, interleaved, and prints medians with the spread.
 * `--memory` is the container limit the runs stand for (default: the production Deployment's): the
 * heap's share of it (status/environment.ts) on the host, the limit itself in podman.
 * `--podman IMAGE` adds the status service run in that image under podman with that limit
 * (bench/support/status-container.ts), and reports its cgroup's memory.peak and whether it was OOM-killed.
 * For each status run the RSS is broken down from /proc: RssAnon, RssFile (of which the pages of
 * the node binary, from /proc/<pid>/smaps) and RssShmem.
 *
 *   npm run bench:ksm -- [--cronjobs 4] [--jobs 40] [--scrapes 30] [--quiet 60] [--only status|ksm|podman] [--variant="..."]... [--repeat 1] [--podman localhost/pontual:TAG [--memory 256Mi]]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { STATUS_MALLOC_ARENA_MAX, STATUS_NODE_FLAGS, STATUS_NODE_OPTIONS, statusOldSpaceMiB } from '../status/environment.ts';
import { parseExposition, type ParsedMetrics } from '../devkit/parse-exposition.ts';
import { startControlPlane, type ControlPlane } from '../devkit/control-plane.ts';
import { freePort } from '../devkit/ports.ts';
import { REPO_ROOT } from '../devkit/kube.ts';
import { startRedis, type RedisServer } from '../devkit/redis.ts';
import { bundle } from '../scripts/bundle.ts';
import { createBenchObjects, percentile, type BenchObjects } from './bench-objects.ts';
import { podmanMemory, startStatusContainer, type ContainerEnd } from './support/status-container.ts';
import { getProfile } from '../infra/profiles.ts';

const { values: args } = parseArgs({
  options: {
    cronjobs: { type: 'string', default: '4' },
    jobs: { type: 'string', default: '40' },
    scrapes: { type: 'string', default: '30' },
    quiet: { type: 'string', default: '60' },
    probes: { type: 'string', default: '5' },
    only: { type: 'string' },
    'no-redis': { type: 'boolean', default: false },
    sources: { type: 'boolean', default: false },
    'node-options': { type: 'string', default: STATUS_NODE_OPTIONS },
    variant: { type: 'string', multiple: true, default: [] },
    repeat: { type: 'string', default: '1' },
    podman: { type: 'string' },
    memory: { type: 'string', default: getProfile('production').status.resources.limits.memory },
  },
});
const REPEAT = Number(args.repeat);
const CRONJOBS = Number(args.cronjobs);
const JOBS = Number(args.jobs);
const SCRAPES = Number(args.scrapes);
const QUIET_SECONDS = Number(args.quiet);
const PROBES = Number(args.probes);
const NAMESPACE = 'pontual-bench';
const KSM_BIN_SCRIPT = 'toolchain/kube-state-metrics.sh';

interface Contender {
  readonly name: string;
  start(port: number): Running;
  /** Every Job of the namespace is in this scrape. */
  complete(metrics: ParsedMetrics): boolean;
  /** The number that grows when a Job of `cron` named `job` fails. */
  failures(metrics: ParsedMetrics, cron: string, job: string): number;
}

/** A started contender: its process as the host sees it, and how to stop it. */
interface Running {
  readonly pid: number;
  running(): boolean;
  /** The container's cgroup memory.peak (MiB), for a contender in podman. */
  cgroupPeakMiB?(): number;
  stop(): Promise<ContainerEnd | undefined>;
}

function runningProcess(child: ChildProcess): Running {
  return {
    pid: child.pid ?? 0,
    running: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve(undefined);
        else child.once('exit', resolve);
      });
      return undefined;
    },
  };
}

interface Result {
  readonly readySeconds: number;
  readonly rssMiB: number;
  /** RssAnon, RssFile, the node binary's resident pages, RssShmem (MiB). */
  readonly breakdown: readonly [number, number, number, number];
  readonly peakMiB: number;
  readonly p50: number;
  readonly p95: number;
  readonly series: number;
  readonly kib: number;
  readonly conditionMs: readonly number[];
  readonly requests: ReadonlyMap<string, number>;
  readonly cgroupPeakMiB: number;
  readonly end: ContainerEnd | undefined;
  readonly cpuPerScrapeMs: number;
}

function ksmBinary(): string {
  const path = execFileSync(KSM_BIN_SCRIPT, ['--print'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  if (!existsSync(path)) {
    throw new Error(
      `kube-state-metrics is not built (${path}): run ${KSM_BIN_SCRIPT} (builds it from source in about 4 minutes; it says how to get the source when it cannot)`,
    );
  }
  return path;
}

function procMiB(pid: number, field: 'VmRSS' | 'VmHWM' | 'RssAnon' | 'RssFile' | 'RssShmem'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'mu').exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'));
  return Number(match?.[1] ?? NaN) / 1024;
}

/** User + system CPU time of a process so far (ms), from /proc/<pid>/stat (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident pages of the node binary's mappings (/proc/<pid>/smaps), MiB. */
function binaryMiB(pid: number): number {
  // As the process' own mount namespace names it (in a container: /usr/local/bin/node), as smaps does.
  const binary = readlinkSync(`/proc/${String(pid)}/exe`);
  let kib = 0;
  let inBinary = false;
  for (const line of readFileSync(`/proc/${String(pid)}/smaps`, 'utf8').split('\n')) {
    if (/^[0-9a-f]+-[0-9a-f]+ /u.test(line)) inBinary = line.endsWith(` ${binary}`);
    else if (inBinary && line.startsWith('Rss:')) kib += Number(/(\d+)/u.exec(line)?.[1] ?? 0);
  }
  return kib / 1024;
}

async function scrape(url: string): Promise<{ ms: number; text: string }> {
  const t0 = performance.now();
  const text = await (await fetch(url)).text();
  return { ms: performance.now() - t0, text };
}

function seriesCount(text: string): number {
  let count = 0;
  for (const line of text.split('\n')) if (line !== '' && !line.startsWith('#')) count += 1;
  return count;
}

/** apiserver_request_total on the three resources, summed by verb. */
async function requestsByVerb(plane: ControlPlane): Promise<Map<string, number>> {
  const { stdout, code, stderr } = await plane.kubectl(['get', '--raw', '/metrics']);
  if (code !== 0) throw new Error(`kubectl get --raw /metrics failed: ${stderr}`);
  const byVerb = new Map<string, number>();
  for (const sample of parseExposition(stdout).find('apiserver_request_total')) {
    if (!['cronjobs', 'jobs', 'pods'].includes(sample.labels.resource ?? '')) continue;
    const verb = sample.labels.verb ?? '?';
    byVerb.set(verb, (byVerb.get(verb) ?? 0) + sample.value);
  }
  return byVerb;
}

async function measure(plane: ControlPlane, objects: BenchObjects, contender: Contender, probeOffset: number): Promise<Result> {
  const port = await freePort();
  const url = `http://127.0.0.1:${String(port)}/metrics`;
  const started = Date.now();
  const child = contender.start(port);
  const pid = child.pid;
  let end: ContainerEnd | undefined;
  try {
    for (;;) {
      if (!child.running()) throw new Error(`${contender.name} exited`);
      const text = await scrape(url).then(
        ({ text: body }) => body,
        () => '',
      );
      if (text !== '' && contender.complete(parseExposition(text))) break;
      if (Date.now() - started > 600_000) throw new Error(`${contender.name} did not show every Job in 10 minutes`);
      await sleep(100);
    }
    const readySeconds = (Date.now() - started) / 1000;
    const latencies: number[] = [];
    const cpuBefore = cpuMs(pid);
    let last = '';
    for (let i = 0; i < SCRAPES; i++) {
      const { ms, text } = await scrape(url);
      latencies.push(ms);
      last = text;
    }
    const cpuPerScrapeMs = (cpuMs(pid) - cpuBefore) / SCRAPES;
    latencies.sort((a, b) => a - b);
    const rssMiB = procMiB(pid, 'VmRSS');
    const breakdown = [procMiB(pid, 'RssAnon'), procMiB(pid, 'RssFile'), binaryMiB(pid), procMiB(pid, 'RssShmem')] as const;

    const conditionMs: number[] = [];
    for (let i = 0; i < PROBES; i++) {
      const cron = objects.cronName(i % CRONJOBS);
      const name = `${cron}-probe-${String(probeOffset + i)}`;
      await objects.createJob(cron, name, new Date());
      await sleep(300);
      const before = contender.failures(parseExposition((await scrape(url)).text), cron, name);
      const t0 = performance.now();
      await objects.finish(name, 'Failed', new Date());
      for (;;) {
        if (contender.failures(parseExposition((await scrape(url)).text), cron, name) > before) break;
        if (performance.now() - t0 > 60_000) throw new Error(`${contender.name}: a failed Job never showed in /metrics`);
      }
      conditionMs.push(performance.now() - t0);
    }
    conditionMs.sort((a, b) => a - b);

    // Quiet: nothing writes; what the contender asks the API server for now is its steady cost.
    const before = await requestsByVerb(plane);
    await sleep(QUIET_SECONDS * 1000);
    const after = await requestsByVerb(plane);
    const rssAfterMiB = procMiB(pid, 'VmRSS');
    const peakMiB = procMiB(pid, 'VmHWM');
    const cgroupPeakMiB = child.cgroupPeakMiB?.() ?? NaN;
    end = await child.stop();
    const requests = new Map<string, number>();
    for (const [verb, count] of after) if (count - (before.get(verb) ?? 0) > 0) requests.set(verb, count - (before.get(verb) ?? 0));
    return {
      readySeconds,
      rssMiB: Math.max(rssMiB, rssAfterMiB),
      breakdown,
      peakMiB,
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      series: seriesCount(last),
      kib: Buffer.byteLength(last) / 1024,
      conditionMs,
      requests,
      cgroupPeakMiB,
      end,
      cpuPerScrapeMs,
    };
  } finally {
    if (child.running() && end === undefined) await child.stop();
  }
}

const bundleDir = mkdtempSync(join(tmpdir(), 'pontual-bench-bundle-'));
const statusEntry = args.sources ? 'status/main.ts' : join(bundleDir, 'status', 'main.mjs');
if (!args.sources) await bundle(bundleDir);
const plane = await startControlPlane({ controllers: false });
let redis: RedisServer | undefined;
try {
  await plane.createNamespace(NAMESPACE);
  const objects = createBenchObjects(plane.kubeconfigPath, NAMESPACE);
  const loaded = await objects.load(CRONJOBS, JOBS);
  redis = args['no-redis'] ? undefined : await startRedis();
  const redisUrl = redis?.url;
  const statusEnv = (port: number): Record<string, string> => ({
    WATCH_NAMESPACE: NAMESPACE,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_OPTIONS: args['node-options'],
    MALLOC_ARENA_MAX: STATUS_MALLOC_ARENA_MAX,
    ...(redisUrl === undefined ? {} : { REDIS_URL: redisUrl }),
  });
  const statusComplete = (metrics: ParsedMetrics): boolean => metrics.find('pontual_cronjob_runs_total').reduce((sum, sample) => sum + sample.value, 0) >= JOBS;
  const statusFailures = (metrics: ParsedMetrics, cron: string): number =>
    metrics.value('pontual_cronjob_runs_total', { namespace: NAMESPACE, cronjob: cron, outcome: 'failed', reason: 'BackoffLimitExceeded' }) ?? 0;
  // On the host there is no container limit to take the heap's share of: the cap `--memory` would give.
  const hostNodeFlags = STATUS_NODE_FLAGS.map((flag) =>
    flag.startsWith('--max-old-space-size-percentage=')
      ? `--max-old-space-size=${String(statusOldSpaceMiB(Number.parseInt(podmanMemory(args.memory), 10)))}`
      : flag,
  );
  const statusContender = (variant: string): Contender => {
    const tokens = variant.split(/\s+/u).filter((token) => token !== '');
    // On node's command line after the Deployment's (a later flag wins: `--opt` undoes its --no-opt),
    // not in NODE_OPTIONS, which refuses some V8 flags (--single-threaded-gc).
    const nodeFlags = tokens.filter((token) => token.startsWith('--'));
    const extraEnv = Object.fromEntries(
      tokens.filter((token) => !token.startsWith('--')).map((token) => [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)]),
    );
    return {
      name: variant === '' ? 'pontual status' : `status ${variant}`,
      start: (port) =>
        runningProcess(
          spawn(process.execPath, [...hostNodeFlags, ...nodeFlags, statusEntry], {
            cwd: REPO_ROOT,
            env: { PATH: process.env.PATH ?? '', KUBECONFIG: plane.kubeconfigPath, ...statusEnv(port), ...extraEnv },
            stdio: ['ignore', 'ignore', 'inherit'],
          }),
        ),
      complete: statusComplete,
      failures: statusFailures,
    };
  };
  const podmanImage = args.podman;
  const inPodman: Contender[] =
    podmanImage === undefined
      ? []
      : [
          {
            name: `status in podman, --memory ${args.memory}`,
            start: (port) => {
              const container = startStatusContainer({
                image: podmanImage,
                name: `pontual-bench-status-${String(port)}`,
                memory: args.memory,
                kubeconfigPath: plane.kubeconfigPath,
                env: statusEnv(port),
                nodeFlags: STATUS_NODE_FLAGS,
              });
              return { pid: container.pid, running: container.running, cgroupPeakMiB: container.cgroupPeakMiB, stop: () => Promise.resolve(container.stop()) };
            },
            complete: statusComplete,
            failures: statusFailures,
          },
        ];
  const statusContenders = [...['', ...args.variant].map(statusContender), ...inPodman];
  const ksmPath = args.only === 'status' || args.only === 'podman' ? '' : ksmBinary();
  const ksm: Contender = {
    name: 'kube-state-metrics',
    start: (port) =>
      runningProcess(
        spawn(
          ksmPath,
          [
            `--kubeconfig=${plane.kubeconfigPath}`,
            `--namespaces=${NAMESPACE}`,
            '--resources=cronjobs,jobs,pods',
            '--host=127.0.0.1',
            `--port=${String(port)}`,
            '--telemetry-host=127.0.0.1',
            '--telemetry-port=0',
          ],
          { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'ignore', 'ignore'] },
        ),
      ),
    complete: (metrics) => metrics.find('kube_job_info').length >= JOBS && metrics.find('kube_cronjob_info').length >= CRONJOBS,
    failures: (metrics, _cron, job) => metrics.value('kube_job_failed', { namespace: NAMESPACE, job_name: job, condition: 'true' }) ?? 0,
  };
  const contenders = args.only === 'podman' ? inPodman : [...(args.only === 'ksm' ? [] : statusContenders), ...(args.only === 'status' ? [] : [ksm])];
  const runs: Result[][] = contenders.map(() => []);
  let probeOffset = 0;
  for (let round = 0; round < REPEAT; round++) {
    for (const [index, contender] of contenders.entries()) {
      console.error(`[bench:ksm] measuring ${contender.name} (${String(round + 1)}/${String(REPEAT)}) ...`);
      const result = await measure(plane, objects, contender, probeOffset);
      probeOffset += PROBES;
      console.error(
        `[bench:ksm]   RSS ${result.rssMiB.toFixed(0)} MiB (anon ${result.breakdown[0].toFixed(0)}, file ${result.breakdown[1].toFixed(0)}), /metrics p50 ${result.p50.toFixed(0)} ms`,
      );
      runs[index]?.push(result);
    }
  }

  /** The median over the repeats, with min-max when repeated. */
  const cell = (results: readonly Result[], figure: (result: Result) => number, digits = 0): string => {
    const values = results.map(figure).sort((a, b) => a - b);
    const median = percentile(values, 0.5).toFixed(digits);
    return values.length < 2 ? median : `${median} (${(values[0] ?? NaN).toFixed(digits)}-${(values.at(-1) ?? NaN).toFixed(digits)})`;
  };
  const verbs = [...new Set(runs.flat().flatMap((result) => [...result.requests.keys()]))].sort();
  const rows: [string, ...string[]][] = [
    ['ready: start to every Job in /metrics (s)', ...runs.map((r) => cell(r, (x) => x.readySeconds, 1))],
    ['RSS after the scrapes, /proc VmRSS (MiB)', ...runs.map((r) => cell(r, (x) => x.rssMiB))],
    ['  of which RssAnon (MiB)', ...runs.map((r) => cell(r, (x) => x.breakdown[0]))],
    ['  of which RssFile (MiB)', ...runs.map((r) => cell(r, (x) => x.breakdown[1]))],
    ['    of which the executable (MiB)', ...runs.map((r) => cell(r, (x) => x.breakdown[2]))],
    ['  of which RssShmem (MiB)', ...runs.map((r) => cell(r, (x) => x.breakdown[3]))],
    ['peak RSS, /proc VmHWM (MiB)', ...runs.map((r) => cell(r, (x) => x.peakMiB))],
    ...(podmanImage === undefined
      ? []
      : [
          ['in podman: cgroup memory.peak (MiB)', ...runs.map((r) => (r[0]?.end === undefined ? '-' : cell(r, (x) => x.cgroupPeakMiB)))] as [
            string,
            ...string[],
          ],
          [
            'in podman: OOMKilled, exit code after podman stop',
            ...runs.map((r) => r.map((x) => (x.end === undefined ? '-' : `${String(x.end.oomKilled)}, ${String(x.end.exitCode)}`)).join('; ')),
          ] as [string, ...string[]],
        ]),
    [`/metrics p50 over ${String(SCRAPES)} scrapes (ms)`, ...runs.map((r) => cell(r, (x) => x.p50))],
    [`/metrics p95 over ${String(SCRAPES)} scrapes (ms)`, ...runs.map((r) => cell(r, (x) => x.p95))],
    [`CPU per scrape over ${String(SCRAPES)} scrapes (ms)`, ...runs.map((r) => cell(r, (x) => x.cpuPerScrapeMs))],
    ['/metrics series', ...runs.map((r) => cell(r, (x) => x.series))],
    ['/metrics size (KiB)', ...runs.map((r) => cell(r, (x) => x.kib))],
    [`Job condition to metric, median of ${String(PROBES)} (ms)`, ...runs.map((r) => cell(r, (x) => percentile(x.conditionMs, 0.5)))],
    [`Job condition to metric, max of ${String(PROBES)} (ms)`, ...runs.map((r) => cell(r, (x) => x.conditionMs.at(-1) ?? NaN))],
    ...(verbs.length === 0
      ? [[`API requests in ${String(QUIET_SECONDS)} s quiet`, ...runs.map(() => 'none')] as [string, ...string[]]]
      : verbs.map((verb): [string, ...string[]] => [
          `API requests in ${String(QUIET_SECONDS)} s quiet: ${verb}`,
          ...runs.map((r) => cell(r, (x) => x.requests.get(verb) ?? 0)),
        ])),
  ];
  const header = [
    `${String(CRONJOBS)} CronJobs / ${String(JOBS)} Jobs (loaded in ${loaded.cronSeconds.toFixed(0)} + ${loaded.jobSeconds.toFixed(0)} s)`,
    ...contenders.map((c) => c.name),
  ];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((text, column) => text.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  console.log(
    `\nstatus ${args.sources ? 'from the sources' : 'bundled'}, NODE_OPTIONS="${args['node-options']}", Redis ${redisUrl === undefined ? 'off' : 'on'}; node ${process.version}; ${String(REPEAT)} run(s) each, median (min-max); load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`,
  );
  console.log(line(header));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
} finally {
  await redis?.stop();
  await plane.stop();
  rmSync(bundleDir, { recursive: true, force: true });
}
