/**
 * A newcomer with the system's older Node learns what to run instead: every entrypoint says it
 * on its first line, and the pins (`node` dev dependency, .nvmrc, the image's base) agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../devkit/kube.ts';

const read = (file: string): string => readFileSync(join(REPO_ROOT, file), 'utf8');

test('every entrypoint names the Node it needs and how to get it on its first line', () => {
  for (const file of ['jobs/main.ts', 'status/main.ts', 'cli/main.ts', 'infra/main.ts', 'infra/helm/main.ts']) {
    assert.match(read(file).split('\n')[0] ?? '', /^\/\/ Needs Node >= 24\.11 .*`npx node <this file>`.*ERR_UNKNOWN_FILE_EXTENSION/u, file);
  }
});

test('the pinned Node is the same in package.json, .nvmrc and the image', () => {
  const pinned = (JSON.parse(read('package.json')) as { devDependencies: Record<string, string> }).devDependencies.node;
  assert.equal(read('.nvmrc').trim(), pinned);
  assert.match(read('Dockerfile'), new RegExp(`^FROM node:${String(pinned).replaceAll('.', '\\.')}-`, 'mu'));
});
