import { PatchStrategy, setHeaderOptions, type CoreV1Api, type V1Container, type V1Pod } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { kubeClients, REPO_ROOT, statusOf, waitFor } from './kube.ts';

/**
 * The kubelet stand-in: plays kubelet for a Job's pods on a control plane without a node, writing
 * pod status the way a kubelet would (as Kubernetes' own job controller tests do): Running, then
 * Succeeded or Failed with the exit code the test chooses. The end-to-end suite runs on a real
 * node (node.ts, suite-node-runs.test.ts); this stays for tests of what the status service, the
 * CLI and the alerts make of a given outcome, which need that exact exit code at the instant the
 * test picks, not a container's (each use says so).
 */

export interface PodResult {
  readonly exitCode: number;
  /** The container's termination message (`state.terminated.message`). */
  readonly terminationMessage?: string;
  /** Report Running before the final phase, as a kubelet does for any container that starts. Default true. */
  readonly runningFirst?: boolean;
  /** How long to wait for the job controller to create a pod. Default 60 s. */
  readonly timeoutMs?: number;
}

/** Finishes every pod of the Job that has not finished yet, waiting for at least one to exist. */
export async function finishPods(kubeconfigPath: string, namespace: string, jobName: string, result: PodResult): Promise<void> {
  const { core } = kubeClients(kubeconfigPath);
  const pods = await awaitUnfinishedPods(core, namespace, jobName, result.timeoutMs);
  await Promise.all(
    pods.map(async (name) => {
      const startedAt = new Date();
      if (result.runningFirst ?? true) await patchStatus(core, namespace, name, (pod) => runningStatus(pod, startedAt));
      await patchStatus(core, namespace, name, (pod) => terminatedStatus(pod, result.exitCode, result.terminationMessage));
    }),
  );
}

/** Reports the Job's unfinished pods as Running (an active run) and returns their names. */
export async function startPods(kubeconfigPath: string, namespace: string, jobName: string, options: { timeoutMs?: number } = {}): Promise<string[]> {
  const { core } = kubeClients(kubeconfigPath);
  const pods = await awaitUnfinishedPods(core, namespace, jobName, options.timeoutMs);
  const startedAt = new Date();
  await Promise.all(pods.map((name) => patchStatus(core, namespace, name, (pod) => runningStatus(pod, startedAt))));
  return pods;
}

export interface LocalRun {
  readonly pod: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface LocalRunOptions {
  /** Added on top of the env resolved from the pod spec (e.g. a test's PATH-like settings). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for a pod to appear. Default 60 s. */
  readonly timeoutMs?: number;
  /** The run is killed (SIGTERM, as kubelet does at the deadline) after this long. Default 120 s. */
  readonly runTimeoutMs?: number;
}

/**
 * Runs the real job entrypoint (`node jobs/main.ts <args>`) for each unfinished pod of the Job,
 * with the env the kubelet would give the container (literal values, ConfigMap and Secret
 * references, downward API fields), reporting Running while it runs and its real exit code.
 */
export async function runPodsLocally(kubeconfigPath: string, namespace: string, jobName: string, options: LocalRunOptions = {}): Promise<LocalRun[]> {
  const { core } = kubeClients(kubeconfigPath);
  const pods = await awaitUnfinishedPods(core, namespace, jobName, options.timeoutMs);
  return Promise.all(
    pods.map(async (name) => {
      const pod = await core.readNamespacedPod({ name, namespace });
      const container = pod.spec?.containers[0];
      if (container === undefined) throw new Error(`pod ${namespace}/${name} has no container`);
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...(await resolveContainerEnv(core, pod, container)), ...options.env };
      const startedAt = new Date();
      await patchStatus(core, namespace, name, (current) => runningStatus(current, startedAt));
      const run = await runEntrypoint(container.args ?? [], env, options.runTimeoutMs ?? 120_000);
      // Like terminationMessagePolicy FallbackToLogsOnError: a failed container reports its last output.
      const message = run.exitCode === 0 ? undefined : (run.stderr || run.stdout).slice(-2048);
      await patchStatus(core, namespace, name, (current) => terminatedStatus(current, run.exitCode, message));
      return { pod: name, ...run };
    }),
  );
}

async function awaitUnfinishedPods(core: CoreV1Api, namespace: string, jobName: string, timeoutMs = 60_000): Promise<string[]> {
  return waitFor(
    async () => {
      const list = await core.listNamespacedPod({ namespace, labelSelector: `batch.kubernetes.io/job-name=${jobName}` });
      const names = list.items
        .filter((pod) => !pod.metadata?.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed')
        .map((pod) => pod.metadata?.name ?? '');
      return names.length > 0 ? names : undefined;
    },
    { timeoutMs, intervalMs: 150, what: `an unfinished pod of Job ${namespace}/${jobName}` },
  );
}

/**
 * A JSON merge patch of the status subresource: lists (conditions, containerStatuses) are
 * replaced whole, and no resourceVersion is sent, so the job controller's own writes never conflict.
 */
async function patchStatus(core: CoreV1Api, namespace: string, name: string, status: (pod: V1Pod) => PodStatusPatch): Promise<void> {
  const pod = await core.readNamespacedPod({ name, namespace });
  await core.patchNamespacedPodStatus({ name, namespace, body: { status: status(pod) } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
}

/** Plain JSON for the patch body: timestamps as RFC 3339 strings. */
interface PodStatusPatch {
  readonly phase: 'Running' | 'Succeeded' | 'Failed';
  readonly startTime: string;
  readonly conditions: readonly Record<string, string>[];
  readonly containerStatuses: readonly Record<string, unknown>[];
}

function runningStatus(pod: V1Pod, startedAt: Date): PodStatusPatch {
  return {
    phase: 'Running',
    startTime: (pod.status?.startTime ?? startedAt).toISOString(),
    conditions: conditions(startedAt, true),
    containerStatuses: containerNames(pod).map((container) => ({
      ...containerStatus(container),
      ready: true,
      started: true,
      state: { running: { startedAt: startedAt.toISOString() } },
    })),
  };
}

function terminatedStatus(pod: V1Pod, exitCode: number, message: string | undefined): PodStatusPatch {
  const finishedAt = new Date();
  const startedAt = (pod.status?.startTime ?? finishedAt).toISOString();
  return {
    phase: exitCode === 0 ? 'Succeeded' : 'Failed',
    startTime: startedAt,
    conditions: conditions(finishedAt, false),
    containerStatuses: containerNames(pod).map((container) => ({
      ...containerStatus(container),
      ready: false,
      started: false,
      state: {
        terminated: {
          exitCode,
          reason: exitCode === 0 ? 'Completed' : 'Error',
          ...(message === undefined ? {} : { message }),
          startedAt,
          finishedAt: finishedAt.toISOString(),
        },
      },
    })),
  };
}

function containerNames(pod: V1Pod): { name: string; image: string }[] {
  return (pod.spec?.containers ?? []).map((container) => ({ name: container.name, image: container.image ?? '' }));
}

function containerStatus(container: { name: string; image: string }): Record<string, unknown> {
  return { name: container.name, image: container.image, imageID: '', restartCount: 0 };
}

function conditions(at: Date, ready: boolean): Record<string, string>[] {
  const lastTransitionTime = at.toISOString();
  const readiness: Record<string, string> = ready ? { status: 'True' } : { status: 'False', reason: 'PodCompleted' };
  return [
    { type: 'PodScheduled', status: 'True', lastTransitionTime },
    { type: 'Initialized', status: 'True', lastTransitionTime },
    { type: 'ContainersReady', ...readiness, lastTransitionTime },
    { type: 'Ready', ...readiness, lastTransitionTime },
  ];
}

/** The container's environment as the kubelet builds it: envFrom first, then env in order with $(VAR) expansion. */
export async function resolveContainerEnv(core: CoreV1Api, pod: V1Pod, container: V1Container): Promise<Record<string, string>> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const configMaps = new Map<string, Promise<Record<string, string> | undefined>>();
  const secrets = new Map<string, Promise<Record<string, string> | undefined>>();
  const configMap = (name: string): Promise<Record<string, string> | undefined> =>
    cached(configMaps, name, async () => (await core.readNamespacedConfigMap({ name, namespace })).data ?? {});
  const secret = (name: string): Promise<Record<string, string> | undefined> =>
    cached(secrets, name, async () => {
      const data = (await core.readNamespacedSecret({ name, namespace })).data ?? {};
      return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]));
    });
  const required = (what: string): never => {
    // The kubelet would leave the pod in CreateContainerConfigError: make the test say why.
    throw new Error(`pod ${namespace}/${pod.metadata?.name ?? ''}: ${what} not found`);
  };

  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? '';
    const configMapName = source.configMapRef?.name ?? '';
    const secretName = source.secretRef?.name ?? '';
    const [data, what, optional] = source.configMapRef
      ? [await configMap(configMapName), `ConfigMap ${configMapName}`, source.configMapRef.optional]
      : source.secretRef
        ? [await secret(secretName), `Secret ${secretName}`, source.secretRef.optional]
        : [undefined, 'envFrom source', true];
    if (data === undefined && optional !== true) required(what);
    for (const [key, value] of Object.entries(data ?? {})) env[prefix + key] = value;
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    let value: string | undefined;
    if (from === undefined) {
      value = expand(variable.value ?? '', env);
    } else if (from.fieldRef) {
      value = fieldValue(pod, from.fieldRef.fieldPath);
    } else if (from.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      value = (await configMap(ref.name ?? ''))?.[ref.key];
      if (value === undefined && ref.optional !== true) required(`ConfigMap ${ref.name ?? ''} key ${ref.key}`);
    } else if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      value = (await secret(ref.name ?? ''))?.[ref.key];
      if (value === undefined && ref.optional !== true) required(`Secret ${ref.name ?? ''} key ${ref.key}`);
    } else {
      throw new Error(`env ${variable.name}: only fieldRef, configMapKeyRef and secretKeyRef are played by this kubelet`);
    }
    if (value !== undefined) env[variable.name] = value;
  }
  return env;
}

async function cached(
  cache: Map<string, Promise<Record<string, string> | undefined>>,
  name: string,
  read: () => Promise<Record<string, string>>,
): Promise<Record<string, string> | undefined> {
  let entry = cache.get(name);
  if (entry === undefined) {
    entry = read().catch((error: unknown) => {
      if (statusOf(error) === 404) return undefined;
      throw error;
    });
    cache.set(name, entry);
  }
  return entry;
}

/** Kubernetes' $(VAR) expansion: defined variables are substituted, `$$` escapes, the rest stays. */
function expand(value: string, env: Readonly<Record<string, string>>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => (name === undefined ? '$' : (env[name] ?? match)));
}

function fieldValue(pod: V1Pod, path: string): string {
  const subscript = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (subscript) {
    const map = subscript[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations;
    return map?.[subscript[2] ?? ''] ?? '';
  }
  const fields: Record<string, string | undefined> = {
    'metadata.name': pod.metadata?.name,
    'metadata.namespace': pod.metadata?.namespace,
    'metadata.uid': pod.metadata?.uid,
    'spec.nodeName': pod.spec?.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.podIP': '127.0.0.1',
    'status.hostIP': '127.0.0.1',
  };
  if (!(path in fields)) throw new Error(`fieldRef ${path} is not played by this kubelet`);
  return fields[path] ?? '';
}

async function runEntrypoint(args: string[], env: Record<string, string>, timeoutMs: number): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['jobs/main.ts', ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // A container killed by a signal reports 128 + the signal number, as the runtime does.
      const exitCode = code ?? 128 + (signal === 'SIGKILL' ? 9 : 15);
      resolve({ exitCode, stdout, stderr });
    });
  });
}
