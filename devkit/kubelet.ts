import { PatchStrategy, setHeaderOptions, type CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { kubeClients, waitFor } from './kube.ts';

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
