/**
 * The layer rule (eslint-rules/layers.ts) fires on wrong-way imports, and the project's lint
 * config has it on for every file: fixtures with wrong imports on purpose, linted as if they sat
 * in cli/ and scripts/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import layers from '../../../eslint-rules/layers.ts';
import { REPO_ROOT as ROOT_URL_PATH } from '../../../devkit/kube.ts';

const REPO_ROOT = resolve(ROOT_URL_PATH);

const FIXTURES = join(import.meta.dirname, 'fixtures');

async function layerErrors(fixture: string, asIf: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: REPO_ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { pontual: layers },
        rules: { 'pontual/layers': ['error', { root: REPO_ROOT }] },
      },
    ],
  });
  const [result] = await eslint.lintText(readFileSync(join(FIXTURES, fixture), 'utf8'), { filePath: join(REPO_ROOT, asIf) });
  assert.ok(result !== undefined);
  return result.messages.map((message) => `${message.line}: ${message.ruleId ?? 'parse'}: ${message.message}`);
}

test('cli/ importing status/, jobs/ or devkit/ is an error; core/ and its own files are not', async () => {
  assert.deepEqual(await layerErrors('cli-wrong-way.ts', 'cli/wrong-way.ts'), [
    '5: pontual/layers: cli/ may not import status/status-service.ts: cli/ imports only core/, cli/, package.json (docs/design.md, "Layers")',
    '6: pontual/layers: cli/ may not import jobs/environment.ts: cli/ imports only core/, cli/, package.json (docs/design.md, "Layers")',
    '7: pontual/layers: cli/ may not import devkit/control-plane.ts: cli/ imports only core/, cli/, package.json (docs/design.md, "Layers")',
    '8: pontual/layers: cli/ may not import status/metrics/status-metrics.ts: cli/ imports only core/, cli/, package.json (docs/design.md, "Layers")',
  ]);
});

test('imports are judged by where they land: the same text one folder deeper lands elsewhere', async () => {
  const errors = await layerErrors('cli-wrong-way.ts', 'cli/commands/wrong-way.ts');
  // From cli/commands/, '../status/...' is cli/status/ (own layer) and '../core/...' is cli/core/.
  assert.deepEqual(errors, []);
});

test('other spellings are judged the same: import type, template literals (by their fixed folder), require and createRequire, import.meta.resolve, absolute paths and file: URLs', async () => {
  const wrongWay = (line: number, target: string) =>
    `${String(line)}: pontual/layers: cli/ may not import ${target}: cli/ imports only core/, cli/, package.json (docs/design.md, "Layers")`;
  assert.deepEqual(await layerErrors('cli-around-the-rule.ts', 'cli/around.ts'), [
    wrongWay(4, 'status/config.ts'),
    wrongWay(5, 'status/status-service.ts'),
    wrongWay(6, 'jobs'),
    wrongWay(8, 'jobs/catalog.ts'),
    wrongWay(9, 'status/environment.ts'),
    wrongWay(10, 'status/main.ts'),
    wrongWay(11, relative(REPO_ROOT, '/nowhere/outside/the/repository.ts')),
    wrongWay(12, relative(REPO_ROOT, '/nowhere/outside/the/repository.ts')),
  ]);
});

test('scripts/ may use the devkit but never the test tree', async () => {
  assert.deepEqual(await layerErrors('scripts-from-test.ts', 'scripts/from-test.ts'), [
    '3: pontual/layers: scripts/ may not import test/unit/cli/kube-object.ts: nothing outside test/ imports from test/',
  ]);
});

test('the project lint has the rule on everywhere and leaves only the fixtures out', async () => {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  for (const file of ['cli/main.ts', 'status/main.ts', 'jobs/main.ts', 'core/errors.ts', 'infra/main.ts', 'scripts/cluster-up.ts']) {
    const config = (await eslint.calculateConfigForFile(join(REPO_ROOT, file))) as { rules: Record<string, unknown> };
    assert.deepEqual(config.rules['pontual/layers'], [2, { root: REPO_ROOT }], file);
  }
  assert.equal(await eslint.isPathIgnored(join(FIXTURES, 'cli-wrong-way.ts')), true);
  assert.equal(await eslint.isPathIgnored(join(REPO_ROOT, 'cli/main.ts')), false);
});
