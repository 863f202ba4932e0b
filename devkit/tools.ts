import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './kube.ts';

/** Path of a manifest checker the toolchain builds; fails with what to do when it is missing, never skips. */
export function toolPath(name: 'kube-score' | 'kubeconform'): string {
  const printed = spawnSync('bash', [join(REPO_ROOT, 'toolchain/build.sh'), '--print-tool', name], { encoding: 'utf8' });
  const path = printed.stdout.trim();
  if (printed.status !== 0 || !existsSync(path)) throw new Error(`${name} is not built (${path}): run npm run setup (toolchain/build.sh)`);
  return path;
}
