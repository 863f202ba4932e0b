import { spawnSync } from 'node:child_process';

export interface PromtoolResult {
  readonly code: number | null;
  readonly output: string;
}

/** Runs Debian's promtool; fails with what to do when it is missing, never skips. */
export function promtool(args: readonly string[], options: { cwd?: string } = {}): PromtoolResult {
  const result = spawnSync('promtool', args, { cwd: options.cwd, encoding: 'utf8' });
  if (result.error !== undefined) {
    throw new Error('promtool is not installed: run npm run setup (apt-get install prometheus)', { cause: result.error });
  }
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}
