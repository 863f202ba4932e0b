/**
 * `npm run cluster:down`: stops the control plane `npm run cluster:up` started, by the pids in its
 * state file, and removes its temp dir.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stopPid } from '../devkit/control-plane.ts';
import { cleanNodeLeftovers } from '../devkit/node.ts';

/**
 * Where `cluster:up` records the running plane: `PONTUAL_CLUSTER_STATE` when set, else
 * `${PONTUAL_CACHE:-~/.cache/pontual}/cluster/state.json`. A variable of its own, because
 * PONTUAL_CACHE also locates the toolchain binaries (toolchain/build.sh).
 */
export function clusterStateFile(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.PONTUAL_CLUSTER_STATE;
  if (explicit !== undefined && explicit !== '') return explicit;
  return join(env.PONTUAL_CACHE ?? join(homedir(), '.cache/pontual'), 'cluster/state.json');
}

export interface ClusterState {
  readonly kubeconfigPath: string;
  readonly server: string;
  readonly binDir: string;
  readonly dir: string;
  readonly pids: readonly number[];
  readonly startedAt: string;
  /** The real node, unless started with --no-node: its run directory and the address pods reach the host at. */
  readonly node?: { readonly dir: string; readonly gateway: string };
  /** Written while `cluster:up` still starts the plane: what it launched so far, for `cluster:down`. */
  readonly starting?: boolean;
}

export function readClusterState(text: string): ClusterState {
  const state = JSON.parse(text) as ClusterState;
  if (!Array.isArray(state.pids) || typeof state.dir !== 'string') throw new Error(`malformed cluster state: ${text}`);
  return state;
}

/** Only signal a pid that still runs one of our binaries: pids are reused after a reboot. */
export function isOurs(pid: number, state: ClusterState): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(state.dir);
  } catch {
    return false;
  }
}

async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const stateFile = clusterStateFile(env);
  if (!existsSync(stateFile)) {
    console.error(`no cluster is up (no state file at ${stateFile})`);
    return;
  }
  const state = readClusterState(readFileSync(stateFile, 'utf8'));
  // Reverse start order: controller-manager, apiserver, then etcd.
  for (const pid of [...state.pids].reverse()) {
    if (isOurs(pid, state)) await stopPid(pid);
  }
  // The node (even one a killed cluster:up never recorded) is stopped by its run directory in the
  // plane's; its bridge and cgroups are removed here.
  cleanNodeLeftovers({ reclaim: state.dir });
  rmSync(state.dir, { recursive: true, force: true });
  rmSync(stateFile, { force: true });
  rmSync(`${stateFile}.partial`, { force: true });
  console.error(`cluster at ${state.server} stopped`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main(process.env);
