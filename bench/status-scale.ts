/**
 * `npm run bench:status`: the status service at scale on a real API server. Creates 500 CronJobs
 * and 20,000 finished Jobs (small objects, parallel creates), starts the service as its own
 * process, and reports its memory, its /metrics latency, and how long a Job's terminal condition
 * takes to show in /metrics. No controllers run, so nothing changes what the benchmark writes.
 *
 *   npm run bench:status -- [--cronjobs 500] [--jobs 20000] [--scrapes 30]
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBenchObjects, percentile } from './bench-objects.ts';
import { parseExposition } from '../devkit/parse-exposition.ts';
import { startControlPlane } from '../devkit/control-plane.ts';
import { freePort } from '../devkit/ports.ts';
import { REPO_ROOT } from '../devkit/kube.ts';

const { values: args } = parseArgs({
  options: {
    cronjobs: { type: 'string', default: '500' },
    jobs: { type: 'string', default: '20000' },
    scrapes: { type: 'string', default: '30' },
    'node-options': { type: 'string', default: '' },
  },
});
const CRONJOBS = Number(args.cronjobs);
const JOBS = Number(args.jobs);
const SCRAPES = Number(args.scrapes);
const NAMESPACE = 'pontual-bench';

const plane = await startControlPlane({ controllers: false });
let service: ReturnType<typeof spawn> | undefined;
try {
  await plane.createNamespace(NAMESPACE);
  const { cronName, load, createJob, finish } = createBenchObjects(plane.kubeconfigPath, NAMESPACE);
  const { cronSeconds, jobSeconds } = await load(CRONJOBS, JOBS);

  // The service as its own process, so its RSS is its own.
  const port = await freePort();
  const started = Date.now();
  service = spawn(process.execPath, ['status/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      KUBECONFIG: plane.kubeconfigPath,
      WATCH_NAMESPACE: NAMESPACE,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_OPTIONS: args['node-options'],
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() - started > 300_000) throw new Error('the status service did not become ready in 5 minutes');
    await sleep(100);
  }
  const readySeconds = (Date.now() - started) / 1000;
  const metricsOnce = async (): Promise<{ ms: number; text: string }> => {
    const t0 = performance.now();
    const text = await (await fetch(`${url}/metrics`)).text();
    return { ms: performance.now() - t0, text };
  };
  // Every Job is in the model once the run counters add up.
  for (;;) {
    const parsed = parseExposition((await metricsOnce()).text);
    const runs = parsed.find('pontual_cronjob_runs_total').reduce((sum, sample) => sum + sample.value, 0);
    if (runs >= JOBS) break;
    await sleep(500);
  }
  const latencies: number[] = [];
  let lastText = '';
  for (let i = 0; i < SCRAPES; i++) {
    const { ms, text } = await metricsOnce();
    latencies.push(ms);
    lastText = text;
  }
  latencies.sort((a, b) => a - b);
  const scraped = parseExposition(lastText);
  const rssMiB = (scraped.value('process_resident_memory_bytes') ?? NaN) / 2 ** 20;
  const heapMiB = (scraped.value('nodejs_heap_size_used_bytes') ?? NaN) / 2 ** 20;
  const apiT0 = performance.now();
  await (await fetch(`${url}/api/cronjobs`)).text();
  const apiMs = performance.now() - apiT0;

  // Condition to metric: fail a fresh Job and watch its counter move.
  const reflect: number[] = [];
  for (let i = 0; i < 5; i++) {
    const cron = cronName(i);
    const name = `${cron}-probe-${i}`;
    await createJob(cron, name, new Date());
    const labels = { namespace: NAMESPACE, cronjob: cron, outcome: 'failed', reason: 'BackoffLimitExceeded' };
    const before = parseExposition((await metricsOnce()).text).value('pontual_cronjob_runs_total', labels) ?? 0;
    const t0 = performance.now();
    await finish(name, 'Failed', new Date());
    for (;;) {
      const now = parseExposition((await metricsOnce()).text).value('pontual_cronjob_runs_total', labels) ?? 0;
      if (now > before) break;
      if (performance.now() - t0 > 30_000) throw new Error('the failed Job never showed in /metrics');
    }
    reflect.push(performance.now() - t0);
  }
  reflect.sort((a, b) => a - b);

  const rows: [string, string][] = [
    ['CronJobs / Jobs in the namespace', `${CRONJOBS} / ${JOBS}`],
    ['create CronJobs / Jobs (s)', `${cronSeconds.toFixed(1)} / ${jobSeconds.toFixed(1)}`],
    ['service start to /readyz (s)', readySeconds.toFixed(1)],
    ['RSS after sync (MiB)', rssMiB.toFixed(0)],
    ['JS heap used (MiB)', heapMiB.toFixed(0)],
    [`/metrics latency p50 / p95 over ${SCRAPES} scrapes (ms)`, `${percentile(latencies, 0.5).toFixed(0)} / ${percentile(latencies, 0.95).toFixed(0)}`],
    ['/metrics size (KiB)', (lastText.length / 1024).toFixed(0)],
    ['/api/cronjobs latency (ms)', apiMs.toFixed(0)],
    ['Job condition to /metrics, median / max of 5 (ms)', `${percentile(reflect, 0.5).toFixed(0)} / ${(reflect.at(-1) ?? NaN).toFixed(0)}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n| ${'measure'.padEnd(width)} | value |\n|${'-'.repeat(width + 2)}|-------|`);
  for (const [label, value] of rows) console.log(`| ${label.padEnd(width)} | ${value} |`);
} finally {
  service?.kill('SIGTERM');
  await plane.stop();
}
