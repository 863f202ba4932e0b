import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { isPontualError, type ErrorCode } from '../../../core/errors.ts';
import { CATALOG, type JobSpec } from '../../../core/catalog.ts';
import { getProfile } from '../../../infra/profiles.ts';
import { synth } from '../../../infra/synth.ts';

const production = getProfile('production');
const base = CATALOG[2] as JobSpec; // bonus-calc

function rejects(catalog: readonly JobSpec[], code: ErrorCode, message: RegExp): void {
  assert.throws(
    () => synth({ profile: production, catalog }),
    (error: unknown) => {
      assert.ok(isPontualError(error, code), `expected ${code}, got ${String(error)}`);
      assert.match(error.message, message);
      return true;
    },
  );
}

const badSchedules: [string, string][] = [
  ['day-of-week 7', '0 6 * * 7'],
  ['L', '0 6 L * *'],
  ['W', '0 6 15W * *'],
  ['#', '0 6 * * 1#2'],
  ['6 fields (seconds)', '0 0 6 * * *'],
  ['TZ= prefix', 'TZ=America/Sao_Paulo 0 6 * * *'],
  ['CRON_TZ= prefix', 'CRON_TZ=UTC 0 6 * * *'],
];

for (const [what, schedule] of badSchedules) {
  test(`a schedule with ${what} fails synth naming the job and the field`, () => {
    const escaped = schedule.replace(/[*#]/g, '\\$&');
    rejects([{ ...base, name: 'nightly-report', schedule }], 'SCHEDULE_INVALID', new RegExp(`^job "nightly-report": schedule "${escaped}" is invalid: .+`));
  });
}

test('macros and ranges Kubernetes accepts pass', () => {
  for (const schedule of ['@hourly', '@every 90m', '0 6 * * 1-6', '*/5 8-18 * * MON-SAT']) {
    assert.doesNotThrow(() => synth({ profile: production, catalog: [{ ...base, schedule }] }), schedule);
  }
});

test('a job name over 52 characters fails', () => {
  const name = `a${'-b'.repeat(26)}`;
  assert.equal(name.length, 53);
  rejects([{ ...base, name }], 'SYNTH_INVALID', new RegExp(`^job "${name}": name is 53 characters long: a CronJob name is at most 52`));
  assert.doesNotThrow(() => synth({ profile: production, catalog: [{ ...base, name: name.slice(0, 52).replace(/-$/, 'x') }] }));
});

test('a job name that is not a DNS label fails', () => {
  for (const name of ['Bonus-Calc', 'bonus_calc', '-bonus', 'bonus-', 'bonus.calc', '']) {
    rejects([{ ...base, name }], 'SYNTH_INVALID', /name is not a DNS label/);
  }
});

test('a timeout below 1 s fails', () => {
  for (const timeoutSeconds of [0, 0.5, -10]) {
    rejects([{ ...base, timeoutSeconds }], 'SYNTH_INVALID', /^job "bonus-calc": timeoutSeconds is .+ at least 1$/);
  }
});

test('duplicate job names fail', () => {
  rejects([base, { ...base, schedule: '0 7 * * *' }], 'SYNTH_INVALID', /^job "bonus-calc": name is duplicated/);
});

test('malformed resources and an unknown time zone fail', () => {
  rejects([{ ...base, resources: { ...base.resources, limits: { cpu: 'lots', memory: '1Gi' } } }], 'SYNTH_INVALID', /resources\.limits\.cpu "lots"/);
  rejects([{ ...base, timeZone: 'America/Sao_Paolo' }], 'SYNTH_INVALID', /timeZone "America\/Sao_Paolo" is not an IANA time zone/);
});

test('an invalid profile value fails naming the profile and the field', () => {
  assert.throws(() => synth({ profile: getProfile('production', { tag: 'v1 beta' }) }), /profile "production": image\.tag "v1 beta"/);
  assert.throws(() => synth({ profile: getProfile('production', { namespace: 'Pontual' }) }), /profile "production": namespace "Pontual"/);
  assert.throws(() => getProfile('staging'), /profile "staging" is unknown: use one of production, development, test/);
});

test('npm run synth prints one line and exits 2 on invalid input', async () => {
  const run = promisify(execFile);
  const failure = await run(process.execPath, ['infra/main.ts', '--profile', 'production', '--tag', 'bad tag', '--out', '/nonexistent/never-written'], {
    cwd: new URL('../../..', import.meta.url),
  }).then(
    () => assert.fail('synth succeeded'),
    (error: unknown) => error as { code: number; stdout: string; stderr: string },
  );
  assert.equal(failure.code, 2);
  assert.equal(failure.stdout, '');
  assert.equal(failure.stderr, 'synth: SYNTH_INVALID: profile "production": image.tag "bad tag" is not an image tag\n');
});

test('per-job alert settings outside their range fail synth naming the job and the field', () => {
  rejects([{ ...base, alerts: { consecutiveFailures: 0 } }], 'SYNTH_INVALID', /job "bonus-calc": alerts\.consecutiveFailures is 0/);
  rejects([{ ...base, alerts: { noRecentSuccessSeconds: 1.5 } }], 'SYNTH_INVALID', /alerts\.noRecentSuccessSeconds is 1\.5/);
  rejects([{ ...base, alerts: { team: 'ops team' } }], 'SYNTH_INVALID', /alerts\.team "ops team" is not a plain label value/);
});
