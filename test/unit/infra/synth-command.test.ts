import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { isPontualError } from '../../../core/errors.ts';
import { parseSynthCommand } from '../../../infra/main.ts';

test('defaults: production profile into dist/', () => {
  const command = parseSynthCommand([], {});
  assert.equal(command.profile, 'production');
  assert.equal(command.outDir, resolve('dist'));
  assert.deepEqual(Object.values(command.overrides).filter((value) => value !== undefined), []);
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
  assert.throws(() => parseSynthCommand(['--profle', 'development'], {}), (error: unknown) => isPontualError(error, 'SYNTH_INVALID'));
});
