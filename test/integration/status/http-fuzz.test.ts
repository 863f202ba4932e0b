/**
 * A small HTTP fuzzer against the status service's server (real model, summaries, metrics and
 * page, in its own process): random methods, paths (traversal, broken percent-encoding, absolute
 * and invalid targets, 100 KB URLs, odd query values) and headers (huge, duplicated, malformed,
 * lying about the body), sent raw over TCP. Nothing answers 5xx, the process lives, and its
 * memory stays flat across thousands of requests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../../../devkit/kube.ts';

/** Enough for RSS to reach its working size (allocator arenas, buffers of the 100 KB URLs). */
const WARMUP = 4_000;
/** Memory is measured after the warm-up and after each of two rounds. */
const ROUND = 4_000;
const CONCURRENCY = 8;
const MiB = 1024 * 1024;

/** mulberry32: the same requests on every run, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METHODS = ['GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'BREW', 'get', 'CONNECT'];
const ROUTES = [
  '/',
  '/?refresh=on',
  '/healthz',
  '/readyz',
  '/health',
  '/metrics',
  '/api/cronjobs',
  '/api/cronjobs/embu-sla',
  '/api/cronjobs/embu-sla/runs',
  '/api/cronjobs/nope/runs',
  '/jobs/embu-sla',
  '/jobs/nope',
  '/jobs',
];
const SEGMENTS = [
  '..',
  '%2e%2e',
  '%',
  '%E0%A4%A',
  '%00',
  '%ff',
  '%C0%AF',
  '<script>alert(1)</script>',
  '%3Cimg%3E',
  'caf%C3%A9',
  '//',
  ';x=1',
  '\'"',
  'runs',
  'embu-sla',
  '*',
  '~',
  '%25',
  '..%2f..%2fetc%2fpasswd',
];
const QUERIES = [
  '',
  '?limit=-1',
  '?limit=0',
  '?limit=1e309',
  '?limit=NaN',
  '?limit=99999999999',
  '?limit=%',
  '?limit=5&limit=6',
  '?a[b]=c',
  '?%E0%A4%A=1',
  '#frag',
];
const TARGET_FORMS = ['http://[', 'http://evil.example/api/cronjobs', '*', '//double/slash', 'http://localhost:1/%'];

function request(next: () => number): { text: string; label: string } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const method = pick(METHODS);
  let path = pick(ROUTES);
  const roll = next();
  if (roll < 0.4) for (let i = Math.floor(next() * 3) + 1; i > 0; i--) path += `/${pick(SEGMENTS)}`;
  else if (roll < 0.5) path = pick(TARGET_FORMS);
  else if (roll < 0.52) path = `/api/cronjobs/${'a'.repeat(100_000)}`;
  else if (roll < 0.55) path = `/${'%41'.repeat(2_000)}`;
  path += pick(QUERIES);
  const headers: string[] = [];
  if (next() < 0.9) headers.push(`Host: ${pick(['localhost', 'status.pontual', '', 'a'.repeat(300), '[::1]:99999'])}`);
  if (next() < 0.1) headers.push('Host: second-host');
  if (next() < 0.2) headers.push(`X-Big: ${'x'.repeat(Math.floor(next() * 20_000))}`);
  if (next() < 0.1) headers.push('Content-Length: abc');
  if (next() < 0.1) headers.push('Content-Length: 5', 'Transfer-Encoding: chunked');
  if (next() < 0.1) headers.push('Transfer-Encoding: chunked');
  if (next() < 0.1) headers.push('Bad Header: x');
  if (next() < 0.1) headers.push(`Authorization: Bearer ${'t'.repeat(64)}`);
  if (next() < 0.2) headers.push(`Accept: ${pick(['*/*', 'text/html', 'application/json', '\u00ff'])}`);
  if (next() < 0.1) headers.push(`User-Agent: ${'<script>'.repeat(10)}`);
  const body = next() < 0.15 ? '{"suspend":true}' : '';
  if (body !== '' && next() < 0.5) headers.push(`Content-Length: ${body.length}`);
  headers.push('Connection: close');
  const version = next() < 0.05 ? pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'JUNK']) : 'HTTP/1.1';
  return { text: `${method} ${path} ${version}\r\n${headers.join('\r\n')}\r\n\r\n${body}`, label: `${method} ${path.slice(0, 80)} ${version}` };
}

/** Sends one raw request; resolves with the status code, or undefined when the server closed without answering. */
function send(port: number, text: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let head = '';
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      if (head.length < 64) head += chunk.toString('latin1');
    });
    socket.once('connect', () => {
      socket.end(text);
    });
    socket.once('close', () => {
      const match = /^HTTP\/1\.[01] (\d{3})/u.exec(head);
      resolve(match === null ? undefined : Number(match[1]));
    });
    socket.once('error', () => {
      // EPIPE/ECONNRESET once the server has answered and closed: the status read so far stands.
    });
  });
}

test('fuzzed methods, paths and headers: no 5xx, the server lives, memory stays flat', async (t) => {
  // A fixed young generation: V8 otherwise grows it under this allocation rate, and the RSS
  // that adds (tens of MiB, once) would hide or fake a leak.
  const child = spawn(process.execPath, ['--expose-gc', '--max-semi-space-size=4', join(REPO_ROOT, 'test/integration/status/support/status-server-child.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, MALLOC_ARENA_MAX: '1' },
  });
  const lines = createInterface({ input: child.stdout });
  const pending: ((line: string) => void)[] = [];
  lines.on('line', (line) => pending.shift()?.(line));
  const nextLine = (): Promise<string> => new Promise((resolve) => pending.push(resolve));
  try {
    const { port } = JSON.parse(await nextLine()) as { port: number };
    const memory = async (): Promise<{ rss: number; heapUsed: number }> => {
      const reply = nextLine();
      child.stdin.write('memory\n');
      return JSON.parse(await reply) as { rss: number; heapUsed: number };
    };
    const next = random(20_261_201);
    const statuses = new Map<string, number>();
    const serverErrors: string[] = [];
    const fire = async (count: number): Promise<void> => {
      let index = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (index < count) {
            index += 1;
            const { text, label } = request(next);
            const status = await send(port, text);
            const key = status === undefined ? 'closed' : String(status);
            statuses.set(key, (statuses.get(key) ?? 0) + 1);
            if (status !== undefined && status >= 500) serverErrors.push(`${status} ${label}`);
          }
        }),
      );
    };

    await fire(WARMUP);
    const before = await memory();
    await fire(ROUND);
    const middle = await memory();
    await fire(ROUND);
    const after = await memory();
    t.diagnostic(`statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    const mib = (samples: { rss: number; heapUsed: number }[], key: 'rss' | 'heapUsed'): string =>
      samples.map((sample) => (sample[key] / MiB).toFixed(1)).join(' → ');
    t.diagnostic(
      `after warm-up and each round of ${ROUND}: rss ${mib([before, middle, after], 'rss')} MiB, heap after GC ${mib([before, middle, after], 'heapUsed')} MiB`,
    );

    assert.deepEqual(serverErrors.slice(0, 20), [], 'no request answered 5xx');
    assert.equal(child.exitCode, null, 'the server process is alive');
    assert.equal(await send(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 200);
    assert.ok(
      (statuses.get('200') ?? 0) > 500 && (statuses.get('400') ?? 0) > 100 && (statuses.get('405') ?? 0) > 100,
      'the fuzzer reached the routes and the rejections',
    );
    // A leak of 1 KiB per request would add 4 MiB per round to the heap and keep RSS climbing.
    assert.ok(
      after.heapUsed - before.heapUsed < 2 * MiB,
      `heap after GC grew ${((after.heapUsed - before.heapUsed) / MiB).toFixed(1)} MiB over ${2 * ROUND} requests`,
    );
    assert.ok(after.rss - before.rss < 8 * MiB, `RSS grew ${((after.rss - before.rss) / MiB).toFixed(1)} MiB over ${2 * ROUND} requests`);
  } finally {
    child.stdin.end();
    await new Promise((resolve) => child.once('exit', resolve));
  }
});
