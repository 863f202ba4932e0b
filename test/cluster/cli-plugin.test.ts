import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { PLUGIN, runProcess, suiteCronJob } from './cli-harness.ts';

/**
 * The executable as operators get it: `npm link` puts a `kubectl-pontual` symlink on PATH, the
 * real kubectl (toolchain 1.36) discovers it as a plugin, and whatever `node` is first on PATH
 * (here Debian's Node 20) starts it.
 */
const NAMESPACE = 'plugin';
const SYSTEM_NODE = '/usr/bin/node';
let cluster: ControlPlane;
let dir: string;
let env: Record<string, string>;

before(async () => {
  cluster = await startControlPlane({ controllers: false });
  await cluster.createNamespace(NAMESPACE);
  const created = await cluster.kubectl(['create', '-n', NAMESPACE, '-f', '-'], {
    input: JSON.stringify(suiteCronJob({ name: 'store-status', schedule: '*/5 * * * *' })),
  });
  assert.equal(created.code, 0, created.stderr);
  dir = mkdtempSync(join(tmpdir(), 'pontual-plugin-'));
  mkdirSync(join(dir, 'bin'));
  symlinkSync(PLUGIN, join(dir, 'bin', 'kubectl-pontual'));
  env = { PATH: `${join(dir, 'bin')}:${cluster.binDir}:/usr/bin:/bin`, KUBECONFIG: cluster.kubeconfigPath, HOME: dir };
});

after(async () => {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('kubectl discovers kubectl-pontual on PATH', async () => {
  const listed = await runProcess('kubectl', ['plugin', 'list'], env);
  assert.match(listed.stdout, new RegExp(`${join(dir, 'bin', 'kubectl-pontual')}\\n`), listed.stderr);
});

test('`kubectl pontual status` runs the CLI, whatever node comes first on PATH', async () => {
  const result = await runProcess('kubectl', ['pontual', 'status', '-n', NAMESPACE], env);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^JOB\s+SCHEDULE/);
  assert.match(result.stdout, /\nstore-status\s+\*\/5 \* \* \* \* \(America\/Sao_Paulo\)\s+no\s+/);
});

test('the exit code reaches the shell through kubectl', async () => {
  const result = await runProcess('kubectl', ['pontual', 'why', 'store-stauts', '-n', NAMESPACE], env);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /did you mean "store-status"\?/);
});

test('on Node < 24 without the pinned Node it asks for Node 24 instead of failing on TypeScript', (t) => {
  const version = spawnSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (!/^v(1\d|2[0-3])\./.test(version)) {
    t.skip(`needs a Node older than 24 at ${SYSTEM_NODE} (found ${version || 'none'})`);
    return;
  }
  // A copy of the executable outside the package: no node_modules/node next to it.
  const lonely = join(dir, 'lonely', 'cli');
  mkdirSync(lonely, { recursive: true });
  copyFileSync(PLUGIN, join(lonely, 'kubectl-pontual.js'));
  const result = spawnSync(SYSTEM_NODE, [join(lonely, 'kubectl-pontual.js'), 'status'], { encoding: 'utf8' });
  assert.equal(result.status, 2);
  assert.match(result.stderr, new RegExp(`kubectl pontual needs Node\\.js 24 or newer \\(this is ${version.replaceAll('.', '\\.')} at ${SYSTEM_NODE}\\)`));
});

test('a copy under node_modules without the bundle (not from `npm pack`) says how to install instead', () => {
  const installed = join(dir, 'global', 'node_modules', 'pontual', 'cli');
  mkdirSync(installed, { recursive: true });
  copyFileSync(PLUGIN, join(installed, 'kubectl-pontual.js'));
  const result = spawnSync(process.execPath, [join(installed, 'kubectl-pontual.js'), 'status'], { encoding: 'utf8' });
  assert.equal(result.status, 2);
  assert.match(
    result.stderr,
    /Node does not run TypeScript under node_modules and this copy has no bundle \(.*dist\/cli\/kubectl-pontual\.cjs\)\. Install a packed tarball \(`npm pack` builds the bundle\), the single executable \(`npm run build:cli`\), or link a checkout: `npm ci && npm link`/,
  );
});
