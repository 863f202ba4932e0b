/**
 * The kubelet stand-in (devkit/kubelet.ts) stays only where a real node cannot do the job, and each
 * use says why in one line (issue 13, item 4): every call in test/ has a `// Stand-in: <why>`
 * comment on one of the three lines above it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../../devkit/kube.ts';

const STAND_IN_CALL = /\b(finishPods|startPods|runPodsLocally)\(/;
const WHY = /^\s*\/\/ Stand-in: \S.{10,}/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

test('every use of the kubelet stand-in in test/ says in one line why a real node cannot do it', () => {
  const unexplained: string[] = [];
  let uses = 0;
  for (const file of testFiles(join(REPO_ROOT, 'test'))) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (!STAND_IN_CALL.test(line) || /^\s*(import|export|\*|\/\/)/.test(line)) return;
      uses++;
      if (!lines.slice(Math.max(0, index - 3), index).some((above) => WHY.test(above))) {
        unexplained.push(`${relative(REPO_ROOT, file)}:${index + 1}: ${line.trim()}`);
      }
    });
  }
  assert.ok(uses > 0, 'the scan finds the stand-in calls at all');
  assert.deepEqual(unexplained, [], 'stand-in calls without a `// Stand-in: <why>` line above');
});
