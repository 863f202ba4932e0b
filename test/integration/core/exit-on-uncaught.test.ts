/**
 * A real process whose event listener throws an ioredis-like error (the AUTH password in its
 * command arguments): one redacted JSON line with code INTERNAL and exit 1, not Node's raw dump.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../../../devkit/kube.ts';

const PASSWORD = 'uncaught-pass-4c1d';

function runThrowing(how: 'listener' | 'rejection'): { status: number | null; output: string } {
  const script = `
    import { createLogger } from './core/logger.ts';
    import { exitOnUncaught } from './core/exit-on-uncaught.ts';
    exitOnUncaught(createLogger({ level: 'info' }));
    const error = Object.assign(new Error('WRONGPASS for redis://default:${PASSWORD}@h'), { command: { name: 'auth', args: ['default', '${PASSWORD}'] } });
    if (${JSON.stringify(how)} === 'listener') setTimeout(() => { throw error; }, 1);
    else void Promise.reject(error);
  `;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

for (const how of ['listener', 'rejection'] as const) {
  test(`an error escaping every handler (${how}) is one redacted fatal line with its code, exit 1`, () => {
    const { status, output } = runThrowing(how);
    assert.equal(status, 1, output);
    assert.ok(!output.includes(PASSWORD), output);
    const lines = output.trim().split('\n');
    assert.equal(lines.length, 1, output);
    const line = JSON.parse(lines[0] ?? '') as { level: string; code: string; err: { command: unknown } };
    assert.deepEqual([line.level, line.code, line.err.command], ['fatal', 'INTERNAL', { name: 'auth' }]);
  });
}
