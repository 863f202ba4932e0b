/**
 * Regenerates `infra/imports/` (typed constructs for the prometheus-operator CRDs) from the CRD
 * YAML vendored in `infra/crds/`, offline: `node infra/import-crds.ts [--out <dir>]`.
 *
 * `cdk8s import` writes TypeScript with `enum`s, which Node's type stripping cannot run, so the
 * generated source is compiled to plain ESM `.js` plus `.d.ts` for the type checker.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PontualError } from '../core/errors.ts';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '..');
export const CRDS_DIR = join(REPO, 'infra', 'crds');
export const IMPORTS_DIR = join(REPO, 'infra', 'imports');
/**
 * The CRDs with typed constructs. The AlertmanagerConfig CRD is vendored only for installing and
 * validating: its generated types would be a megabyte of code for one object (an ApiObject does).
 */
export const IMPORTED_CRDS = ['monitoring.coreos.com_prometheusrules.yaml', 'monitoring.coreos.com_servicemonitors.yaml'] as const;

async function runNode(args: string[], cwd: string): Promise<void> {
  try {
    await run(process.execPath, args, { cwd, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new PontualError('INTERNAL', `${args.slice(0, 2).join(' ')} failed: ${stderr.trim()}`, { cause: error });
  }
}

export async function generateImports(outDir: string = IMPORTS_DIR): Promise<string[]> {
  const work = await mkdtemp(join(tmpdir(), 'pontual-import-'));
  try {
    const crdFiles = [...IMPORTED_CRDS];
    // One multi-document input: `cdk8s import` takes a single source per run.
    const crds = await Promise.all(crdFiles.map((file) => readFile(join(CRDS_DIR, file), 'utf8')));
    await writeFile(join(work, 'crds.yaml'), crds.join('\n'));
    await runNode([join(REPO, 'node_modules/cdk8s-cli/bin/cdk8s'), 'import', 'crds.yaml', '--output', 'src', '--language', 'typescript'], work);

    // Compile where `cdk8s` and `constructs` resolve to the project's copies, as ESM.
    await writeFile(join(work, 'package.json'), '{ "type": "module" }\n');
    await symlink(join(REPO, 'node_modules'), join(work, 'node_modules'), 'dir');
    const sources = (await readdir(join(work, 'src'))).filter((file) => file.endsWith('.ts')).map((file) => join('src', file));
    await rm(outDir, { recursive: true, force: true });
    await mkdir(outDir, { recursive: true });
    await runNode(
      [
        join(REPO, 'node_modules/typescript/bin/tsc'),
        '--declaration',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2024',
        '--skipLibCheck',
        '--removeComments',
        'false',
        '--outDir',
        outDir,
        ...sources,
      ],
      work,
    );
    return (await readdir(outDir)).sort();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const outFlag = process.argv.indexOf('--out');
  const outDir = outFlag === -1 ? IMPORTS_DIR : resolve(process.argv[outFlag + 1] ?? IMPORTS_DIR);
  const files = await generateImports(outDir);
  console.log(`wrote ${files.join(', ')} to ${outDir}`);
}
