import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

test('`cdk8s synth` (cdk8s.yaml) writes the same manifests as `npm run synth`', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pontual-cdk8s-'));
  try {
    const cli = join('node_modules', '.bin', 'cdk8s');
    await run(cli, ['synth', '--output', join(dir, 'cdk8s')], { env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
    await run(process.execPath, ['infra/main.ts', '--out', join(dir, 'npm')]);
    const files = await readdir(join(dir, 'npm'));
    assert.deepEqual((await readdir(join(dir, 'cdk8s'))).sort(), files.sort());
    assert.ok(files.includes('20-cronjobs.k8s.yaml'));
    for (const file of files) {
      assert.equal(await readFile(join(dir, 'cdk8s', file), 'utf8'), await readFile(join(dir, 'npm', file), 'utf8'), file);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
