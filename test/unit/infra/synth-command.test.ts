import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { isPontualError } from '../../../core/errors.ts';
import { parseSynthCommand } from '../../../infra/main.ts';
import { getProfile } from '../../../infra/profiles.ts';

test('defaults: production profile into dist/', () => {
  const command = parseSynthCommand([], {});
  assert.equal(command.profile, 'production');
  assert.equal(command.outDir, resolve('dist'));
  assert.deepEqual(
    Object.values(command.overrides).filter((value) => value !== undefined),
    [],
  );
});

test('PONTUAL_PROFILE and the image variables choose the profile and image; flags win over variables', () => {
  const env = {
    PONTUAL_PROFILE: 'development',
    PONTUAL_REGISTRY: 'acme',
    PONTUAL_IMAGE_TAG: '1.2.3',
    PONTUAL_PULL_SECRETS: 'registry-acme,other',
  };
  const fromEnv = parseSynthCommand([], env);
  assert.equal(fromEnv.profile, 'development');
  assert.equal(fromEnv.overrides.registry, 'acme');
  assert.equal(fromEnv.overrides.tag, '1.2.3');
  assert.deepEqual(fromEnv.overrides.pullSecrets, ['registry-acme', 'other']);

  const fromFlags = parseSynthCommand(['--profile', 'test', '--tag', '9.9.9', '--out', 'elsewhere', '--pull-secret', 'x'], env);
  assert.equal(fromFlags.profile, 'test');
  assert.equal(fromFlags.overrides.tag, '9.9.9');
  assert.equal(fromFlags.overrides.registry, 'acme');
  assert.deepEqual(fromFlags.overrides.pullSecrets, ['x']);
  assert.equal(fromFlags.outDir, resolve('elsewhere'));
});

test('an unknown flag is a SYNTH_INVALID error', () => {
  assert.throws(
    () => parseSynthCommand(['--profle', 'development'], {}),
    (error: unknown) => isPontualError(error, 'SYNTH_INVALID'),
  );
});

test('--config sets ConfigMap values over the profile, keeping = and commas in the value; a pair without = is SYNTH_INVALID', () => {
  const command = parseSynthCommand(['--profile', 'test', '--config', 'WMS_API_URL=http://10.88.10.1:4000/wms', '--config', 'SLA_HOLIDAYS=a=b,c'], {});
  assert.deepEqual(command.overrides.config, { WMS_API_URL: 'http://10.88.10.1:4000/wms', SLA_HOLIDAYS: 'a=b,c' });
  const profile = getProfile(command.profile, command.overrides);
  assert.equal(profile.config.WMS_API_URL, 'http://10.88.10.1:4000/wms');
  assert.equal(profile.config.OMS_API_URL, getProfile('test').config.OMS_API_URL, 'the profile keeps what is not overridden');
  assert.throws(
    () => parseSynthCommand(['--config', 'WMS_API_URL'], {}),
    (error: unknown) => isPontualError(error, 'SYNTH_INVALID'),
  );
});
