/**
 * The status service in the real image under podman, as its pod runs it: read-only root, /tmp a
 * tmpfs, no capabilities, the memory limit the Deployment gives it (`--memory`, no swap), host
 * network to reach the benchmark's API server on loopback. What `npm run bench:ksm -- --podman`
 * reads from it besides /proc: the peak its cgroup was charged (memory.peak, or v1's
 * memory.max_usage_in_bytes: the figure the limit is enforced on) and, once stopped, podman's OOMKilled and exit code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../devkit/kube.ts';
import { podLikeFlags } from './pod-like-flags.ts';

export interface ContainerEnd {
  readonly oomKilled: boolean;
  readonly exitCode: number;
}

export interface StatusContainer {
  /** The container's node process, as the host sees it. */
  readonly pid: number;
  readonly running: () => boolean;
  /** Peak memory charged to the container's cgroup (memory.peak; v1: memory.max_usage_in_bytes), MiB. */
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

/**
 * The file holding the peak memory charged to a process' cgroup: cgroup v2's memory.peak, or on a
 * v1 host (such as this project's machines) the memory controller's memory.max_usage_in_bytes.
 */
function peakFile(pid: number): string {
  const lines = readFileSync(`/proc/${String(pid)}/cgroup`, 'utf8').split('\n');
  const v1 = lines.find((entry) => /^\d+:(?:[^:]*,)?memory(?:,[^:]*)?:/u.test(entry));
  if (v1 !== undefined) return join('/sys/fs/cgroup/memory', v1.slice(v1.lastIndexOf(':') + 1), 'memory.max_usage_in_bytes');
  const v2 = lines.find((entry) => entry.startsWith('0::'));
  if (v2 === undefined) throw new Error(`process ${String(pid)} has no memory cgroup`);
  return join('/sys/fs/cgroup', v2.slice(3), 'memory.peak');
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
    ...podLikeFlags(limit),
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
  const peak = peakFile(pid);
  return {
    pid,
    running: () => existsSync(`/proc/${String(pid)}`),
    cgroupPeakMiB: () => Number(readFileSync(peak, 'utf8').trim()) / 1024 / 1024,
    stop: () => {
      podman(['stop', '--time', '30', options.name]);
      const [oomKilled, exitCode] = podman(['inspect', '--format', '{{.State.OOMKilled}} {{.State.ExitCode}}', options.name]).split(' ');
      podman(['rm', '--force', options.name]);
      return { oomKilled: oomKilled === 'true', exitCode: Number(exitCode) };
    },
  };
}
