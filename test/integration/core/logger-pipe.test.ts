/**
 * The logger's synchronous writes against what a pod's stdout can be: a pipe nobody drains for a
 * while (every line still arrives, whole and in order) and a pipe whose reader is gone (EPIPE:
 * the process carries on and exits as it would have).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '../../../devkit/kube.ts';

const LINES = 3_000;

/** A process logging LINES lines of 1 kB, then saying so on stderr and exiting 0. */
function logger() {
  const script = `
    import { createLogger } from './core/logger.ts';
    const log = createLogger({ level: 'info' });
    for (let i = 0; i < ${LINES}; i++) log.info({ i, pad: 'x'.repeat(1000) }, 'line %d', i);
    process.stderr.write('logged');
  `;
  return spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

test('a full pipe is waited out: every line arrives whole, in order', async () => {
  const child = logger();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Nobody reads until the pipe has long been full (3 MB of lines, a pipe holds 64 kB).
  child.stdout.pause();
  await sleep(300);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stdout.resume();
  const [code] = (await once(child, 'close')) as [number | null];
  assert.equal(code, 0, stderr);
  const lines = Buffer.concat(chunks).toString().trim().split('\n');
  assert.equal(lines.length, LINES);
  lines.forEach((line, index) => {
    assert.equal((JSON.parse(line) as { msg: string }).msg, `line ${index}`);
  });
});

test('a stdout whose reader is gone (EPIPE) does not stop the process', async () => {
  const child = logger();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.destroy();
  const [code] = (await once(child, 'close')) as [number | null];
  assert.equal(code, 0, stderr);
  assert.equal(stderr, 'logged');
});
