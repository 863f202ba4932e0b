/**
 * kubeconform --strict on what an operator applies (the synthesized manifests of every profile and
 * the chart's `helm template` with every optional object on), against schemas made offline from
 * the test control plane's OpenAPI and the vendored prometheus-operator CRDs: an unknown field, a
 * wrong type or a kind without a schema fails.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CHART_DIR } from '../../infra/helm/main.ts';
import { CRDS_DIR } from '../../infra/import-crds.ts';
import { toYaml } from '../../infra/manifest-yaml.ts';
import { getProfile, PROFILE_NAMES } from '../../infra/profiles.ts';
import { synth } from '../../infra/synth.ts';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { kubectlOk } from '../../devkit/kube.ts';
import { SCHEMA_LOCATION, writeKubeSchemas } from '../../devkit/kube-schemas.ts';
import { toolPath } from '../../devkit/tools.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'pontual-kubeconform-'));
const schemas = join(dir, 'schemas');
let plane: ControlPlane | undefined;

before(async () => {
  plane = await startControlPlane({ controllers: false });
  const openApi = JSON.parse(await kubectlOk(plane, ['get', '--raw', '/openapi/v2'])) as Record<string, unknown>;
  mkdirSync(schemas);
  const crds = readdirSync(CRDS_DIR)
    .filter((file) => file.endsWith('.yaml'))
    .map((file) => join(CRDS_DIR, file));
  const written = writeKubeSchemas(schemas, openApi, crds);
  assert.ok(written.includes('alertmanagerconfig_monitoring.coreos.com_v1alpha1.json') && written.includes('cronjob_batch_v1.json'), 'schemas were written');
});

after(async () => {
  await plane?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Summary {
  summary: { valid: number; invalid: number; errors: number; skipped: number };
  resources: { filename: string; kind: string; name: string; status: string; msg: string }[];
}

async function kubeconform(files: readonly string[]): Promise<Summary> {
  const result = await run(toolPath('kubeconform'), ['-strict', '-summary', '-output', 'json', '-schema-location', join(schemas, SCHEMA_LOCATION), ...files], {
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: unknown) => error as { stdout: string });
  return JSON.parse(result.stdout) as Summary;
}

function problems(summary: Summary): string[] {
  return summary.resources.filter((resource) => resource.status !== 'statusValid').map((r) => `${r.kind}/${r.name}: ${r.status} ${r.msg}`);
}

test('kubeconform --strict accepts the synthesized manifests of every profile', async () => {
  let objects = 0;
  const files = PROFILE_NAMES.map((name) => {
    const file = join(dir, `${name}.yaml`);
    const synthesized = synth({ profile: getProfile(name) }).flatMap((manifest) => manifest.objects);
    objects += synthesized.length;
    writeFileSync(file, toYaml(synthesized));
    return file;
  });
  const summary = await kubeconform(files);
  assert.deepEqual(problems(summary), []);
  assert.equal(summary.summary.valid, objects, 'every object had a schema and passed');
});

test('kubeconform --strict accepts the chart with every optional object and value on', async () => {
  const { stdout } = await run(
    join(plane?.binDir ?? '', 'helm'),
    [
      'template',
      'pontual',
      CHART_DIR,
      '-n',
      'pontual',
      '--kube-version',
      '1.30.0',
      '--set',
      'createNamespace=true,alerting.heartbeat.enabled=true,alerting.routes.critical.pagerduty=true,alerting.routes.warning.slack=true',
      '--set',
      'alerting.routes.critical.email=true,alerting.email.authUsername=pontual,alerting.routes.warning.webhook=true',
      '--set',
      'alerting.email.to=ops@example.com,alerting.email.from=pontual@example.com,alerting.email.smarthost=smtp.example.com:587',
      '--set',
      'jobDefaults.nodeSelector.pool=jobs,jobDefaults.priorityClassName=batch,status.podLabels.team=ops,networkPolicy.apiFrom={ops}',
      '--set',
      'jobs.bonus-calc.env.LOG_LEVEL=debug',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const file = join(dir, 'chart.yaml');
  writeFileSync(file, stdout);
  const summary = await kubeconform([file]);
  assert.deepEqual(problems(summary), []);
});

test('an unknown field is refused, so --strict really is strict', async () => {
  const file = join(dir, 'typo.yaml');
  writeFileSync(
    file,
    'apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: x }\nspec: { schedule: "* * * * *", suspended: true, jobTemplate: { spec: { template: { spec: { containers: [] } } } } }\n',
  );
  const summary = await kubeconform([file]);
  assert.equal(summary.summary.invalid, 1, JSON.stringify(summary.resources));
  assert.match(summary.resources[0]?.msg ?? '', /suspended/);
});
