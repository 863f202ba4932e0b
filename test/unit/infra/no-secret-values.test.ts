/**
 * Secrets reach pods only as references to the Secret operators create: whatever is in the
 * environment of whoever runs synth, no value lands in dist/ or in the Helm chart. Synth never
 * reads secret values from its environment; the one way a value could reach a manifest is a
 * profile's ConfigMap settings, and that is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { isPontualError } from '../../../core/errors.ts';
import { CATALOG } from '../../../core/catalog.ts';
import { ENV_VARS } from '../../../jobs/environment.ts';
import { chartValues } from '../../../infra/helm/chart-values.ts';
import { configMapData } from '../../../infra/job-environment.ts';
import { getProfile, type Profile } from '../../../infra/profiles.ts';
import { synth } from '../../../infra/synth.ts';
import { SECRET_NEEDLES, SECRET_VALUES, secretsInFile } from '../../../devkit/secret-values.ts';

const run = promisify(execFile);
const repo = new URL('../../..', import.meta.url).pathname;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

function assertNoSecrets(file: string, text: string): void {
  for (const needle of SECRET_NEEDLES) assert.equal(text.includes(needle), false, `${file} contains the secret value "${needle}"`);
  for (const document of parseAllDocuments(text.replace(/\{\{.*?\}\}/g, 'x'))) {
    const object = document.toJS() as { kind?: string } | null;
    assert.notEqual(object?.kind, 'Secret', `${file} defines a Secret`);
  }
  // A secret variable is never given a literal value.
  for (const spec of ENV_VARS.filter((v) => v.secretKey !== undefined)) {
    assert.doesNotMatch(text, new RegExp(`name: ${spec.name}\\n\\s*value:`), `${file} sets ${spec.name} literally`);
  }
}

test('no secret value appears anywhere in dist/ or the Helm chart', async () => {
  const out = await mkdtemp(join(tmpdir(), 'pontual-dist-'));
  try {
    for (const profile of ['production', 'development', 'test']) {
      await run(process.execPath, ['infra/main.ts', '--profile', profile, '--out', out], {
        cwd: repo,
        env: { ...process.env, ...SECRET_VALUES },
      });
      const files = await filesUnder(out);
      assert.ok(files.length >= 4, `synth wrote ${files.length} files`);
      for (const file of files) assertNoSecrets(file, await readFile(file, 'utf8'));
    }
    const chartFiles = await filesUnder(join(repo, 'charts'));
    assert.ok(chartFiles.some((file) => file.endsWith('values.yaml')));
    for (const file of chartFiles) assertNoSecrets(file, await readFile(file, 'utf8'));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('a profile setting a secret variable as ConfigMap config is refused, by synth and by the Helm values', () => {
  const secretNames = ENV_VARS.filter((spec) => spec.secretKey !== undefined).map((spec) => spec.name);
  assert.deepEqual(secretNames.sort(), Object.keys(SECRET_VALUES).sort());
  for (const [name, value] of Object.entries(SECRET_VALUES)) {
    const refused = (error: unknown): boolean =>
      isPontualError(error, 'SYNTH_INVALID') && new RegExp(`^profile config: ${name} is not a ConfigMap setting$`).test(error.message);
    assert.throws(() => configMapData(ENV_VARS, { [name]: value }), refused);
    // The same through whole profiles (the synth CLI has no flag for config values).
    const production = getProfile('production');
    const leaky: Profile = { ...production, config: { ...production.config, [name]: value } };
    assert.throws(() => synth({ profile: leaky }), refused);
    assert.throws(() => chartValues(leaky, CATALOG, ENV_VARS), refused);
  }
});

test('the layer scanner finds a secret value anywhere in a large file, also across its read chunks', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'pontual-scan-'));
  try {
    const file = join(dir, 'layer.tar');
    const chunk = 8 * 1024 * 1024;
    const needle = SECRET_VALUES.WMS_API_TOKEN;
    const bytes = Buffer.alloc(chunk + 4096, 0x61);
    bytes.write(needle, chunk - 5);
    bytes.write('leaked-redis-password', 10);
    await writeFile(file, bytes);
    assert.deepEqual((await secretsInFile(file)).sort(), ['leaked-redis-password', needle].sort());
    await writeFile(file, Buffer.alloc(chunk * 2, 0x61));
    assert.deepEqual(await secretsInFile(file), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
