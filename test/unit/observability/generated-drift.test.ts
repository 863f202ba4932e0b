import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const COMMITTED = join(ROOT, 'observability', 'generated');

test('observability/generated matches what the generator writes from the source', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pontual-observability-'));
  try {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'generate-observability.ts'), '--out', dir], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const fresh = readdirSync(dir).sort();
    assert.deepEqual(readdirSync(COMMITTED).sort(), fresh, 'generated file set differs: run npm run generate:observability');
    for (const name of fresh) {
      assert.equal(
        readFileSync(join(COMMITTED, name), 'utf8'),
        readFileSync(join(dir, name), 'utf8'),
        `observability/generated/${name} is out of date: run npm run generate:observability`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
