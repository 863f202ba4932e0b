/**
 * kube-score on what an operator applies: the synthesized manifests of every profile and the
 * chart's `helm template`. Every finding is either fixed or one of the checks docs/deploy.md
 * justifies ("kube-score"), which are switched off here by name; anything new fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CHART_DIR } from '../../infra/helm/main.ts';
import { toYaml } from '../../infra/manifest-yaml.ts';
import { getProfile, PROFILE_NAMES } from '../../infra/profiles.ts';
import { synth } from '../../infra/synth.ts';
import { toolchainBinaries } from '../../devkit/control-plane.ts';
import { toolPath } from '../../devkit/tools.ts';

const run = promisify(execFile);

/** The checks docs/deploy.md explains pontual does not follow, and why. */
const JUSTIFIED_CHECKS = ['container-image-pull-policy', 'container-ephemeral-storage-request-and-limit', 'deployment-has-host-podantiaffinity'] as const;

const kubeScore = (): string => toolPath('kube-score');

/** Development and the tests run one status replica on purpose (small clusters); production runs two. */
const SINGLE_REPLICA = 'deployment-replicas';

async function findings(files: readonly string[], alsoIgnored: readonly string[] = []): Promise<string[]> {
  const ignored = [...JUSTIFIED_CHECKS, ...alsoIgnored].flatMap((check) => ['--ignore-test', check]);
  const result = await run(kubeScore(), ['score', '--output-format', 'ci', ...ignored, ...files], { maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: unknown) => error as { stdout: string },
  );
  return result.stdout.split('\n').filter((line) => /^\[(CRITICAL|WARNING)\]/.test(line));
}

test('kube-score finds nothing but the justified checks in the synthesized manifests of every profile', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pontual-kube-score-'));
  try {
    for (const name of PROFILE_NAMES) {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, toYaml(synth({ profile: getProfile(name) }).flatMap((manifest) => manifest.objects)));
      assert.deepEqual(await findings([file], name === 'production' ? [] : [SINGLE_REPLICA]), [], name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kube-score finds nothing but the justified checks in the chart with every optional object on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pontual-kube-score-'));
  try {
    const { stdout } = await run(
      toolchainBinaries().helm,
      [
        'template',
        'pontual',
        CHART_DIR,
        '-n',
        'pontual',
        '--kube-version',
        '1.30.0',
        '--set',
        'createNamespace=true',
        '--set',
        'alerting.heartbeat.enabled=true',
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const file = join(dir, 'chart.yaml');
    writeFileSync(file, stdout);
    assert.deepEqual(await findings([file]), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the check names kube-score is told to ignore exist, so a typo cannot hide a finding', async () => {
  const { stdout } = await run(kubeScore(), ['list'], { maxBuffer: 4 * 1024 * 1024 });
  for (const check of [...JUSTIFIED_CHECKS, SINGLE_REPLICA]) assert.match(stdout, new RegExp(`^${check},`, 'm'), check);
});
