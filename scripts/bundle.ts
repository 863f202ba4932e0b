/**
 * Bundles the image's two entrypoints with esbuild: `jobs/main.ts` and `status/main.ts` into
 * `<out>/jobs/main.mjs` and `<out>/status/main.mjs`, each with its dependencies inlined. Why:
 * Node's type stripping alone costs each process about 13 MiB of RSS and a few tens of
 * milliseconds of start-up, and resolving hundreds of package files costs more (docs/image.md,
 * docs/status.md). The image then needs no node_modules at all.
 *
 * The status service's dynamic imports are split into chunks: it lives for weeks and loads its
 * pages (and YAML, outside a pod) only when asked, which keeps its memory down. A job is one file:
 * it runs once and exits, and a dozen chunks cost the ESM loader about 4 ms of its start-up, more
 * than compiling the other jobs' code it never calls (V8 only pre-parses a function until it runs).
 *
 *   node scripts/bundle.ts [outdir]      # default build/bundle/ (dist/ is npm run synth's)
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
export const BUNDLE_ENTRYPOINTS = ['jobs/main.ts', 'status/main.ts'] as const;
/** The entrypoints whose dynamic imports become chunks; every other one is a single file. */
const SPLIT_ENTRYPOINTS: ReadonlySet<string> = new Set(['status/main.ts']);

/** Bundles `entryPoints` (paths from the repository root; default the image's two) into `outdir`, replacing it. */
export async function bundle(outdir: string, entryPoints: readonly string[] = BUNDLE_ENTRYPOINTS): Promise<void> {
  rmSync(outdir, { recursive: true, force: true });
  const split = entryPoints.filter((entry) => SPLIT_ENTRYPOINTS.has(entry));
  const whole = entryPoints.filter((entry) => !SPLIT_ENTRYPOINTS.has(entry));
  await Promise.all([
    ...(split.length === 0 ? [] : [build(options(outdir, split, true))]),
    ...(whole.length === 0 ? [] : [build(options(outdir, whole, false))]),
  ]);
}

function options(outdir: string, entryPoints: readonly string[], splitting: boolean): BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints: [...entryPoints],
    outdir,
    outbase: ROOT,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    // Whitespace and syntax only: function names stay readable in logged stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    // CommonJS dependencies (prom-client, ...) call require() for Node's built-ins.
    banner: { js: "import { createRequire as __pontualRequire } from 'node:module'; const require = __pontualRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  };
}

if (import.meta.main) await bundle(resolve(process.argv[2] ?? join(ROOT, 'build', 'bundle')));
