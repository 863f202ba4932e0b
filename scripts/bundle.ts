/**
 * Bundles the image's two entrypoints with esbuild: `jobs/main.ts` and `status/main.ts` into
 * `<out>/jobs/main.mjs` and `<out>/status/main.mjs`, each with its dependencies inlined and its
 * dynamic imports split into chunks (a job pod loads only its own job's code; the status service
 * parses YAML only outside a pod). Why: Node's type stripping alone costs each process about 13 MiB
 * of RSS and a few tens of milliseconds of start-up, and resolving hundreds of package files costs
 * more (docs/image.md, docs/status.md). The image then needs no node_modules at all.
 *
 *   node scripts/bundle.ts [outdir]      # default build/bundle/ (dist/ is npm run synth's)
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
export const BUNDLE_ENTRYPOINTS = ['jobs/main.ts', 'status/main.ts'] as const;

/** Bundles `entryPoints` (paths from the repository root; default the image's two) into `outdir`, replacing it. */
export async function bundle(outdir: string, entryPoints: readonly string[] = BUNDLE_ENTRYPOINTS): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: [...entryPoints],
    outdir,
    outbase: ROOT,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    // Whitespace and syntax only: function names stay readable in logged stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    // CommonJS dependencies (ioredis, pino, ...) call require() for Node's built-ins.
    banner: { js: "import { createRequire as __pontualRequire } from 'node:module'; const require = __pontualRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
}

if (import.meta.main) await bundle(resolve(process.argv[2] ?? join(ROOT, 'build', 'bundle')));
