import type { Writable } from 'node:stream';
import { BatchV1Api, CoreV1Api, VersionApi, type VersionInfo, type CoreV1Event, type V1CronJob, type V1Job, type V1Pod } from '@kubernetes/client-node';
import { PontualError } from '../core/errors.ts';
import type { KubeTarget } from './kube-config.ts';
import { translateKubeError, type KubeRequest } from './kube-errors.ts';
import { streamPodLog } from './pod-log-stream.ts';

/** The few Kubernetes calls the CLI makes, in the target namespace, with errors a person can act on. */
export interface KubeClient {
  readonly namespace: string;
  readonly context: string;
  readonly server: string;
  /** In the target namespace, or in every namespace with `everywhere` (`-A`). */
  listCronJobs(labelSelector: string, everywhere?: boolean): Promise<V1CronJob[]>;
  getCronJob(name: string): Promise<V1CronJob>;
  setSuspended(name: string, suspend: boolean): Promise<V1CronJob>;
  createJob(job: V1Job): Promise<V1Job>;
  getJob(name: string): Promise<V1Job>;
  listJobs(labelSelector: string, everywhere?: boolean): Promise<V1Job[]>;
  listPods(labelSelector: string, everywhere?: boolean): Promise<V1Pod[]>;
  /** The API server's `/version`. */
  serverVersion(): Promise<VersionInfo>;
  listEvents(kind: string, name: string): Promise<CoreV1Event[]>;
  /**
   * Writes a container's log into `out` (left open); with `follow`, until the container stops.
   * False when the API server has no log for the pod (it never ran on a node).
   */
  podLog(pod: string, container: string, out: Writable, options: { follow: boolean }): Promise<boolean>;
}

/** The field manager recorded in managedFields for what the CLI writes. */
export const FIELD_MANAGER = 'kubectl-pontual';

export interface KubeClientOptions {
  /** --request-timeout: how long one request may take before the command gives up (none when absent). */
  readonly requestTimeoutMs?: number;
}

export function createKubeClient(target: KubeTarget, options: KubeClientOptions = {}): KubeClient {
  const batch = target.kubeConfig.makeApiClient(BatchV1Api);
  const core = target.kubeConfig.makeApiClient(CoreV1Api);
  const version = target.kubeConfig.makeApiClient(VersionApi);
  const namespace = target.namespace;
  const endpoint = { context: target.context, server: target.server };

  async function call<T>(request: Omit<KubeRequest, 'namespace'>, action: () => Promise<T>, timeoutMs = options.requestTimeoutMs): Promise<T> {
    try {
      return await withTimeout(action(), timeoutMs, request, endpoint);
    } catch (error) {
      throw translateKubeError(error, { ...request, namespace }, endpoint);
    }
  }

  return {
    namespace,
    context: target.context,
    server: target.server,
    listCronJobs: (labelSelector, everywhere = false) =>
      call(
        { verb: 'list', resource: 'cronjobs', group: 'batch' },
        async () =>
          (everywhere ? await batch.listCronJobForAllNamespaces({ labelSelector }) : await batch.listNamespacedCronJob({ namespace, labelSelector })).items,
      ),
    getCronJob: (name) => call({ verb: 'get', resource: 'cronjobs', group: 'batch', name }, () => batch.readNamespacedCronJob({ name, namespace })),
    setSuspended: (name, suspend) =>
      call({ verb: 'patch', resource: 'cronjobs', group: 'batch', name }, () =>
        // A JSON patch (the library's default content type); "add" also replaces an existing value.
        batch.patchNamespacedCronJob({ name, namespace, body: [{ op: 'add', path: '/spec/suspend', value: suspend }], fieldManager: FIELD_MANAGER }),
      ),
    createJob: (job) =>
      call({ verb: 'create', resource: 'jobs', group: 'batch', ...(job.metadata?.name === undefined ? {} : { name: job.metadata.name }) }, () =>
        batch.createNamespacedJob({ namespace, body: job, fieldManager: FIELD_MANAGER }),
      ),
    getJob: (name) => call({ verb: 'get', resource: 'jobs', group: 'batch', name }, () => batch.readNamespacedJob({ name, namespace })),
    listJobs: (labelSelector, everywhere = false) =>
      call(
        { verb: 'list', resource: 'jobs', group: 'batch' },
        async () => (everywhere ? await batch.listJobForAllNamespaces({ labelSelector }) : await batch.listNamespacedJob({ namespace, labelSelector })).items,
      ),
    listPods: (labelSelector, everywhere = false) =>
      call(
        { verb: 'list', resource: 'pods', group: '' },
        async () => (everywhere ? await core.listPodForAllNamespaces({ labelSelector }) : await core.listNamespacedPod({ namespace, labelSelector })).items,
      ),
    serverVersion: () => call({ verb: 'get', resource: 'version', group: '' }, () => version.getCode()),
    listEvents: (kind, name) =>
      call(
        { verb: 'list', resource: 'events', group: '' },
        async () => (await core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}` })).items,
      ),
    podLog: (pod, container, out, logOptions) =>
      call(
        { verb: 'get', resource: 'pods/log', group: '', name: pod },
        () => streamPodLog(target.kubeConfig, { server: target.server, namespace, pod, container, follow: logOptions.follow }, out),
        // A followed log lasts as long as the container runs: the timeout is for answers, not streams.
        logOptions.follow ? undefined : options.requestTimeoutMs,
      ),
  };
}

/**
 * kubectl's --request-timeout, for one request: the command stops waiting and says so (exit 3).
 * The request itself is abandoned, not cancelled; the process exits right after.
 */
async function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number | undefined,
  request: Omit<KubeRequest, 'namespace'>,
  endpoint: { context: string; server: string },
): Promise<T> {
  if (timeoutMs === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new PontualError(
          'KUBE_UNAVAILABLE',
          `the Kubernetes API did not answer ${request.verb} ${request.resource} within --request-timeout ${timeoutMs / 1000}s (context "${endpoint.context}", server ${endpoint.server})`,
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
