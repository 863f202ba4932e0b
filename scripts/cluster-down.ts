/**
 * `npm run cluster:down`: stops the control plane `npm run cluster:up` started, by the pids in its
 * state file, and removes its temp dir.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stopPid } from '../test/support/control-plane.ts';

export const CLUSTER_STATE_FILE = join(process.env.PONTUAL_CACHE ?? join(homedir(), '.cache/pontual'), 'cluster/state.json');

export interface ClusterState {
  readonly kubeconfigPath: string;
  readonly server: string;
  readonly binDir: string;
  readonly dir: string;
  readonly pids: readonly number[];
  readonly startedAt: string;
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

async function main(): Promise<void> {
  if (!existsSync(CLUSTER_STATE_FILE)) {
    console.error('no cluster is up (no state file at ' + CLUSTER_STATE_FILE + ')');
    return;
  }
  const state = readClusterState(readFileSync(CLUSTER_STATE_FILE, 'utf8'));
  // Reverse start order: controller-manager, apiserver, then etcd.
  for (const pid of [...state.pids].reverse()) {
    if (isOurs(pid, state)) await stopPid(pid);
  }
  rmSync(state.dir, { recursive: true, force: true });
  rmSync(CLUSTER_STATE_FILE, { force: true });
  console.error(`cluster at ${state.server} stopped`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
