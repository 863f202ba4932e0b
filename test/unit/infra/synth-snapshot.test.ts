/**
 * The synthesized manifests of each profile, as reviewed YAML. A change to infra/ that changes
 * what gets applied shows up here as a diff; accept it with `UPDATE_SNAPSHOTS=1`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { toYaml } from '../../../infra/manifest-yaml.ts';
import { getProfile, PROFILE_NAMES } from '../../../infra/profiles.ts';
import { synth } from '../../../infra/synth.ts';

const update = process.env.UPDATE_SNAPSHOTS === '1';

// The rules and dashboards belong to observability/ (asserted in synth-invariants); a fixed pair
// keeps this snapshot about infra's wiring, including a literal `{{ }}`.
const alertRuleGroups = [
  {
    name: 'snapshot',
    rules: [{ alert: 'Example', expr: 'vector(1)', for: '5m', annotations: { summary: '{{ $labels.cronjob }} failed' } }],
  },
];
const dashboards = { 'example.json': { title: 'Example', panels: [{ targets: [{ legendFormat: '{{cronjob}}' }] }] } };

for (const name of PROFILE_NAMES) {
  test(`the ${name} manifests match the snapshot`, async () => {
    const actual = synth({ profile: getProfile(name), alertRuleGroups, dashboards })
      .map((manifest) => `# ${manifest.file}\n${toYaml(manifest.objects)}`)
      .join('---\n');
    const file = new URL(`__snapshots__/${name}.yaml`, import.meta.url);
    if (update) await writeFile(file, actual);
    const expected = await readFile(file, 'utf8').catch(() => '');
    assert.ok(expected !== '', `no snapshot ${file.pathname}: run with UPDATE_SNAPSHOTS=1`);
    assert.equal(actual, expected, 'manifests changed: review the diff, then run with UPDATE_SNAPSHOTS=1');
  });
}
