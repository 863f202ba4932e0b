import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './kube.ts';
import { importImageInto } from './node.ts';

/** What `scripts/build-image.sh test` tags in podman's storage. */
export const BUILT_IMAGE = 'localhost/pontual:test';

/**
 * The fully qualified name CRI looks an image up by: a pod's `pontual:test` is
 * `docker.io/library/pontual:test`, as Docker's reference rules say.
 */
export function criImageName(reference: string): string {
  const slash = reference.indexOf('/');
  const first = slash === -1 ? '' : reference.slice(0, slash);
  const hasDomain = first.includes('.') || first.includes(':') || first === 'localhost';
  if (hasDomain) return reference;
  return slash === -1 ? `docker.io/library/${reference}` : `docker.io/${reference}`;
}

/**
 * Builds the project's image with `scripts/build-image.sh test` (podman's layer cache makes a
 * rebuild of unchanged sources take seconds) and imports it into the node's containerd under the
 * reference the synthesized manifests name (`image`).
 */
export async function importProjectImage(node: { readonly dir: string }, image: string): Promise<void> {
  await run('bash', [join(REPO_ROOT, 'scripts/build-image.sh'), 'test']);
  const archive = join(node.dir, 'pontual-image.tar');
  try {
    await run('podman', ['save', '--quiet', '--format', 'docker-archive', '--output', archive, BUILT_IMAGE]);
    await importImageInto(node.dir, archive, BUILT_IMAGE, criImageName(image));
  } finally {
    rmSync(archive, { force: true });
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? join(REPO_ROOT, 'devkit/containers.conf') };
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: string): void => {
      output = (output + chunk).slice(-4_000);
    };
    child.stdout.setEncoding('utf8').on('data', collect);
    child.stderr.setEncoding('utf8').on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`));
    });
  });
}
