/**
 * Writes the Grafana dashboards and the Prometheus rules file to observability/generated/ (or the
 * directory given with --out). CI regenerates into a temp dir and fails on drift.
 *
 *   npm run generate:observability [-- --out <dir>]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generatedFiles } from '../observability/generated-files.ts';

const DEFAULT_OUT = resolve(import.meta.dirname, '..', 'observability', 'generated');

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const outDir = resolve(values.out ?? DEFAULT_OUT);
mkdirSync(outDir, { recursive: true });
for (const [name, content] of Object.entries(generatedFiles())) {
  writeFileSync(join(outDir, name), content);
  console.log(`wrote ${join(outDir, name)}`);
}
