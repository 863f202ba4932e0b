// Needs Node >= 24.11 (it runs this TypeScript directly): `npx node <this file>` or the npm scripts use the pinned one; a system Node 20 fails with ERR_UNKNOWN_FILE_EXTENSION.
/**
 * `npm run synth`: writes the manifests of one profile to dist/, one file per chart.
 *
 *   node infra/main.ts [--profile production|development|test] [--out dist]
 *                      [--registry <docr-registry>] [--repository <repo>] [--tag <tag>] [--digest sha256:...]
 *                      [--namespace <ns>] [--pull-secret <name>]... [--config KEY=VALUE]...
 *
 * Each flag has an environment variable: PONTUAL_PROFILE, PONTUAL_OUT, PONTUAL_REGISTRY,
 * PONTUAL_IMAGE_REPOSITORY, PONTUAL_IMAGE_TAG, PONTUAL_IMAGE_DIGEST, PONTUAL_NAMESPACE,
 * PONTUAL_PULL_SECRETS (comma-separated), except --config (a ConfigMap value over the profile's, e.g.
 * where a test cluster's sources listen; values may hold commas, so it has no variable).
 * Invalid input prints one line and exits 2.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PontualError, toPontualError } from '../core/errors.ts';
import { toYaml } from './manifest-yaml.ts';
import { getProfile, type ProfileOverrides } from './profiles.ts';
import { synth, type Manifest } from './synth.ts';

export interface SynthCommand {
  readonly profile: string;
  readonly outDir: string;
  readonly overrides: ProfileOverrides;
}

export function parseSynthCommand(argv: readonly string[], env: NodeJS.ProcessEnv): SynthCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        profile: { type: 'string' },
        out: { type: 'string' },
        registry: { type: 'string' },
        repository: { type: 'string' },
        tag: { type: 'string' },
        digest: { type: 'string' },
        namespace: { type: 'string' },
        'pull-secret': { type: 'string', multiple: true },
        config: { type: 'string', multiple: true },
      },
      strict: true,
    }));
  } catch (error) {
    throw new PontualError('SYNTH_INVALID', (error as Error).message, { cause: error });
  }
  const pick = (flag: string | undefined, variable: string): string | undefined =>
    flag ?? (env[variable] === undefined || env[variable] === '' ? undefined : env[variable]);
  const pullSecrets = values['pull-secret'] ?? pick(undefined, 'PONTUAL_PULL_SECRETS')?.split(',').filter(Boolean);
  const overrides: ProfileOverrides = {
    registry: pick(values.registry, 'PONTUAL_REGISTRY'),
    repository: pick(values.repository, 'PONTUAL_IMAGE_REPOSITORY'),
    tag: pick(values.tag, 'PONTUAL_IMAGE_TAG'),
    digest: pick(values.digest, 'PONTUAL_IMAGE_DIGEST'),
    namespace: pick(values.namespace, 'PONTUAL_NAMESPACE'),
    pullSecrets,
    config: parseConfigPairs(values.config),
  };
  return {
    profile: pick(values.profile, 'PONTUAL_PROFILE') ?? 'production',
    // CDK8S_OUTDIR: `cdk8s synth` (cdk8s.yaml) runs this app with its --output directory there.
    outDir: resolve(pick(values.out, 'PONTUAL_OUT') ?? pick(undefined, 'CDK8S_OUTDIR') ?? 'dist'),
    overrides,
  };
}

function parseConfigPairs(pairs: readonly string[] | undefined): Readonly<Record<string, string>> | undefined {
  if (pairs === undefined) return undefined;
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new PontualError('SYNTH_INVALID', `--config ${JSON.stringify(pair)} is not KEY=VALUE`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

/** Replaces the previous synth's files, so a chart that is no longer produced does not linger. */
export async function writeManifests(outDir: string, manifests: readonly Manifest[]): Promise<void> {
  await mkdir(outDir, { recursive: true });
  for (const file of await readdir(outDir)) {
    if (file.endsWith('.k8s.yaml')) await rm(join(outDir, file));
  }
  for (const manifest of manifests) await writeFile(join(outDir, manifest.file), toYaml(manifest.objects));
}

if (import.meta.main) {
  try {
    const command = parseSynthCommand(process.argv.slice(2), process.env);
    const manifests = synth({ profile: getProfile(command.profile, command.overrides) });
    await writeManifests(command.outDir, manifests);
    const files = manifests.map((manifest) => manifest.file).join(', ');
    console.log(`synth: profile ${command.profile} -> ${command.outDir}: ${files}`);
  } catch (error) {
    const failure = toPontualError(error);
    console.error(`synth: ${failure.code}: ${failure.message}`);
    process.exitCode = failure.exitCode;
  }
}
