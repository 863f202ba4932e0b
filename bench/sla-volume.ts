/**
 * The SLA job at volume: 200,000 Embu orders over the two deadline days, served by a minimal WMS
 * stand-in in pages of 500 (its pages serialized in advance, so serving costs next to nothing),
 * computed by the real entrypoint against a real redis-server. Prints the job process' peak RSS
 * and CPU time (user + system), measured inside it (bench/support/report-usage.ts), per run and
 * the median.
 *
 *   npm run bench:sla [-- --orders 200000 --runs 3 --node-options=--max-semi-space-size=4 --root <other checkout>]
 *
 * The figure is the README's "Measured here" row; the SLA jobs' memory limit is 256Mi.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRedis } from '../devkit/redis.ts';

const { values } = parseArgs({
  options: {
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

async function runOnce(): Promise<Usage> {
  const nodeOptions = values['node-options'] === '' ? [] : values['node-options'].split(' ');
  const child = spawn(
    process.execPath,
    [...nodeOptions, '--import', join(import.meta.dirname, 'support', 'report-usage.ts'), join(ROOT, 'jobs', 'main.ts'), 'embu-sla'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        REDIS_URL: redis.url,
        WMS_API_URL: `http://127.0.0.1:${port}`,
        WMS_API_TOKEN: 'bench',
        OMS_API_URL: `http://127.0.0.1:${port}`,
        OMS_API_TOKEN: 'bench',
        JOB_AS_OF: AS_OF,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const line = /^USAGE (.*)$/m.exec(stderr)?.[1];
  if (code !== 0 || line === undefined) throw new Error(`the job failed (exit ${String(code)}):\n${stdout}${stderr}`);
  return JSON.parse(line) as Usage;
}

const runs: Usage[] = [];
try {
  for (let i = 0; i < Number(values.runs); i++) runs.push(await runOnce());
} finally {
  wms.close();
  await redis.stop();
}
const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)] ?? 0;
const mib = (kib: number) => (kib / 1024).toFixed(0);
console.log(`embu-sla, ${ORDERS.toLocaleString('en')} orders in pages of ${PAGE}, ${runs.length} runs`);
console.log('run  peak RSS  CPU (user + system)');
runs.forEach((run, i) => {
  console.log(
    `${String(i + 1).padEnd(4)} ${mib(run.maxRssKiB).padStart(4)} MiB  ${((run.userMs + run.systemMs) / 1000).toFixed(2)} s (${run.userMs} + ${run.systemMs} ms)`,
  );
});
console.log(
  `median: peak RSS ${mib(median(runs.map((run) => run.maxRssKiB)))} MiB, CPU ${(median(runs.map((run) => run.userMs + run.systemMs)) / 1000).toFixed(2)} s`,
);
