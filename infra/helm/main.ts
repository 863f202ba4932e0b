// Needs Node >= 24.11 (it runs this TypeScript directly): `npx node <this file>` or the npm scripts use the pinned one; a system Node 20 fails with ERR_UNKNOWN_FILE_EXTENSION.
/**
 * `npm run chart`: regenerates the Helm chart `charts/pontual/` from infra/.
 *   node infra/helm/main.ts [--out <dir>]
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { toPontualError } from '../../core/errors.ts';
import { chartFiles, CHART_NAME } from './chart-files.ts';

export const CHART_DIR = resolve(import.meta.dirname, '../../charts', CHART_NAME);

export async function writeChart(outDir: string, files: ReadonlyMap<string, string>): Promise<void> {
  await rm(outDir, { recursive: true, force: true });
  for (const [path, content] of files) {
    await mkdir(dirname(join(outDir, path)), { recursive: true });
    await writeFile(join(outDir, path), content);
  }
}

if (import.meta.main) {
  try {
    const outFlag = process.argv.indexOf('--out');
    const outDir = outFlag === -1 ? CHART_DIR : resolve(process.argv[outFlag + 1] ?? CHART_DIR);
    const files = chartFiles();
    await writeChart(outDir, files);
    console.log(`chart: wrote ${files.size} files to ${outDir}`);
  } catch (error) {
    const failure = toPontualError(error);
    console.error(`chart: ${failure.code}: ${failure.message}`);
    process.exitCode = failure.exitCode;
  }
}
