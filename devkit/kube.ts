import { BatchV1Api, CoreV1Api, KubeConfig, type V1Job } from '@kubernetes/client-node';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { ControlPlane } from './control-plane.ts';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Typed API clients for a kubeconfig file (never `loadFromDefault`, which falls back to localhost:8080). */
export interface KubeClients {
  readonly config: KubeConfig;
  readonly core: CoreV1Api;
  readonly batch: BatchV1Api;
}

export function kubeClients(kubeconfigPath: string): KubeClients {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfigPath);
  return { config, core: config.makeApiClient(CoreV1Api), batch: config.makeApiClient(BatchV1Api) };
}

export interface WaitOptions {
  readonly timeoutMs: number;
  /** Poll interval; keep it short so tests react as soon as the cluster does. */
  readonly intervalMs?: number;
  /** Completes "timed out after N ms waiting for ...". */
  readonly what: string;
}

/**
 * Polls `check` until it returns a value other than false/undefined/null and returns that value.
 * An error thrown by `check` stops the wait at once.
 */
export async function waitFor<T>(check: () => T | Promise<T>, options: WaitOptions): Promise<Exclude<T, false | undefined | null>> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== false && value !== undefined && value !== null) return value as Exclude<T, false | undefined | null>;
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await sleep(options.intervalMs ?? 200);
  }
}

/** HTTP status of an error thrown by the generated client (it throws ApiException with `code`). */
export function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number') return error.code;
  return undefined;
}

/** kubectl that must succeed: returns stdout, or throws with the command and its stderr. */
export async function kubectlOk(plane: Pick<ControlPlane, 'kubectl'>, args: string[], input?: string): Promise<string> {
  const result = await plane.kubectl(args, input === undefined ? undefined : { input });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
  return result.stdout;
}

/**
 * Synthesizes the manifests exactly as `npm run synth` does (`node infra/main.ts`), into a fresh
 * temp dir so parallel test files never share (or clobber) `dist/`. Returns the directory.
 */
export function synthManifests(options: { profile?: string; namespace?: string; config?: Readonly<Record<string, string>> } = {}): string {
  const out = mkdtempSync(join(tmpdir(), 'pontual-synth-'));
  const args = ['infra/main.ts', '--out', out];
  if (options.profile !== undefined) args.push('--profile', options.profile);
  if (options.namespace !== undefined) args.push('--namespace', options.namespace);
  for (const [key, value] of Object.entries(options.config ?? {})) args.push('--config', `${key}=${value}`);
  const result = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.trim()}`);
  return out;
}

/**
 * The prometheus-operator CRDs kube-prometheus-stack installs on DOKS (vendored in infra/crds/),
 * so the monitoring chart's ServiceMonitor and PrometheusRule apply as they would there.
 */
export async function installMonitoringCrds(plane: Pick<ControlPlane, 'kubectl'>): Promise<void> {
  await kubectlOk(plane, ['apply', '--server-side', '-f', join(REPO_ROOT, 'infra/crds')]);
  const crds = ['servicemonitors', 'prometheusrules', 'alertmanagerconfigs'].map((name) => `crd/${name}.monitoring.coreos.com`);
  // `kubectl wait` fails at once (rather than waiting) while a new CRD has no status conditions yet.
  await waitFor(async () => (await plane.kubectl(['wait', '--for=condition=Established', '--timeout=30s', ...crds])).code === 0, {
    timeoutMs: 90_000,
    intervalMs: 500,
    what: 'the monitoring CRDs to be established',
  });
}

export type JobEnd = { readonly type: 'Complete' | 'Failed'; readonly reason: string; readonly job: V1Job };

/** Waits for the Job's terminal condition (Complete or Failed) and returns it with the Job. */
export async function waitForJobEnd(batch: BatchV1Api, namespace: string, name: string, timeoutMs = 60_000): Promise<JobEnd> {
  return waitFor(
    async () => {
      const job = await batch.readNamespacedJob({ name, namespace });
      const end = job.status?.conditions?.find((condition) => (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True');
      return end === undefined ? undefined : { type: end.type as JobEnd['type'], reason: end.reason ?? '', job };
    },
    { timeoutMs, intervalMs: 200, what: `Job ${namespace}/${name} to complete or fail` },
  );
}

/** Jobs the CronJob owns (scheduled runs and `kubectl create job --from` runs alike). */
export async function jobsOfCronJob(batch: BatchV1Api, namespace: string, cronJob: string): Promise<V1Job[]> {
  const list = await batch.listNamespacedJob({ namespace });
  return list.items.filter((job) => job.metadata?.ownerReferences?.some((owner) => owner.kind === 'CronJob' && owner.name === cronJob));
}
