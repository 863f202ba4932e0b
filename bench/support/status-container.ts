/**
 * The status service in the real image under podman, as its pod runs it: read-only root, /tmp a
 * tmpfs, no capabilities, the memory limit the Deployment gives it (`--memory`, no swap), host
 * network to reach the benchmark's API server on loopback. What `npm run bench:ksm -- --podman`
 * reads from it besides /proc: the cgroup's memory.peak (what the kernel charged the container,
 * the figure the limit is enforced on) and, once stopped, podman's OOMKilled and exit code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../devkit/kube.ts';

export interface ContainerEnd {
  readonly oomKilled: boolean;
  readonly exitCode: number;
}

export interface StatusContainer {
  /** The container's node process, as the host sees it. */
  readonly pid: number;
  readonly running: () => boolean;
  /** memory.peak of the container's cgroup, MiB. */
  readonly cgroupPeakMiB: () => number;
  /** `podman stop` (SIGTERM, the service drains), then what podman recorded; the container is removed. */
  readonly stop: () => ContainerEnd;
}

const PODMAN_ENV = { ...process.env, CONTAINERS_CONF: join(REPO_ROOT, 'devkit', 'containers.conf') };

function podman(args: readonly string[]): string {
  return execFileSync('podman', ['--runtime', 'runc', ...args], { env: PODMAN_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Kubernetes' quantity (`256Mi`) as podman's `--memory` (`256m`, MiB). */
export function podmanMemory(quantity: string): string {
  const match = /^(\d+)(Mi|Gi)$/u.exec(quantity);
  if (match === null) throw new Error(`memory limit "${quantity}" is not in Mi or Gi`);
  return `${String(Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1))}m`;
}

/** The cgroup v2 directory of a process (the container's own, under the libpod scope). */
function cgroupDir(pid: number): string {
  const line = readFileSync(`/proc/${String(pid)}/cgroup`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('0::'));
  if (line === undefined) throw new Error(`process ${String(pid)} is not in a cgroup v2 hierarchy`);
  return join('/sys/fs/cgroup', line.slice(3));
}

export function startStatusContainer(options: {
  readonly image: string;
  readonly name: string;
  readonly memory: string;
  readonly kubeconfigPath: string;
  readonly env: Readonly<Record<string, string>>;
  /** On node's command line, as the Deployment's command has them. */
  readonly nodeFlags: readonly string[];
}): StatusContainer {
  const limit = podmanMemory(options.memory);
  podman(['rm', '--force', '--ignore', options.name]);
  podman([
    'run',
    '--detach',
    '--name',
    options.name,
    '--network',
    'host',
    '--read-only',
    '--tmpfs',
    '/tmp',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '--memory',
    limit,
    '--memory-swap',
    limit,
    '--volume',
    `${options.kubeconfigPath}:/etc/pontual/kubeconfig:ro`,
    '--env',
    'KUBECONFIG=/etc/pontual/kubeconfig',
    ...Object.entries(options.env).flatMap(([name, value]) => ['--env', `${name}=${value}`]),
    '--entrypoint',
    'node',
    options.image,
    ...options.nodeFlags,
    'status/main.mjs',
  ]);
  const pid = Number(podman(['inspect', '--format', '{{.State.Pid}}', options.name]));
  const cgroup = cgroupDir(pid);
  return {
    pid,
    running: () => existsSync(`/proc/${String(pid)}`),
    cgroupPeakMiB: () => Number(readFileSync(join(cgroup, 'memory.peak'), 'utf8').trim()) / 1024 / 1024,
    stop: () => {
      podman(['stop', '--time', '30', options.name]);
      const [oomKilled, exitCode] = podman(['inspect', '--format', '{{.State.OOMKilled}} {{.State.ExitCode}}', options.name]).split(' ');
      podman(['rm', '--force', options.name]);
      return { oomKilled: oomKilled === 'true', exitCode: Number(exitCode) };
    },
  };
}
