import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ControlPlane } from './control-plane.ts';

const run = promisify(execFile);

/** The toolchain's helm against the plane, keeping its config and cache in the plane's temp dir. */
export async function helm(plane: ControlPlane, args: string[]): Promise<string> {
  const home = (name: string): string => join(plane.dir, 'helm', name);
  const env = { ...plane.env, HELM_CONFIG_HOME: home('config'), HELM_CACHE_HOME: home('cache'), HELM_DATA_HOME: home('data') };
  try {
    const { stdout } = await run(join(plane.binDir, 'helm'), args, { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`helm ${args.join(' ')} failed: ${stderr.trim()}`, { cause: error });
  }
}
