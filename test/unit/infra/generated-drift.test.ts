/**
 * Generated code is committed and must be what its generator produces today: the prometheus-
 * operator imports (from the vendored CRDs) and the Helm chart (from infra/). On a failure,
 * regenerate: `node infra/import-crds.ts` or `npm run chart`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chartFiles } from '../../../infra/helm/chart-files.ts';
import { CHART_DIR, writeChart } from '../../../infra/helm/main.ts';
import { generateImports, IMPORTS_DIR } from '../../../infra/import-crds.ts';

async function readTree(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const entry of entries.filter((e) => e.isFile())) {
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), await readFile(path, 'utf8'));
  }
  return files;
}

async function assertSameTree(committed: string, generated: string, howToFix: string): Promise<void> {
  const [want, got] = await Promise.all([readTree(generated), readTree(committed)]);
  assert.deepEqual([...got.keys()].sort(), [...want.keys()].sort(), `files differ: ${howToFix}`);
  for (const [path, content] of want) assert.equal(got.get(path), content, `${path} differs: ${howToFix}`);
}

test('infra/imports/ is what cdk8s import generates from infra/crds/', async () => {
  const out = await mkdtemp(join(tmpdir(), 'pontual-imports-'));
  try {
    await generateImports(out);
    await assertSameTree(IMPORTS_DIR, out, 'run `node infra/import-crds.ts`');
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

test('charts/pontual/ is what the chart generator produces from infra/', async () => {
  const out = await mkdtemp(join(tmpdir(), 'pontual-chart-'));
  try {
    await writeChart(out, chartFiles());
    await assertSameTree(CHART_DIR, out, 'run `npm run chart` (node infra/helm/main.ts)');
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
