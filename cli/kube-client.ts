import type { Writable } from 'node:stream';
import {
  BatchV1Api,
  CoreV1Api,
  type CoreV1Event,
  type V1CronJob,
  type V1Job,
  type V1Pod,
} from '@kubernetes/client-node';
import type { KubeTarget } from './kube-config.ts';
import { translateKubeError, type KubeRequest } from './kube-errors.ts';
import { streamPodLog } from './pod-log-stream.ts';

/** The few Kubernetes calls the CLI makes, in the target namespace, with errors a person can act on. */
export interface KubeClient {
  readonly namespace: string;
  readonly context: string;
  readonly server: string;
  listCronJobs(labelSelector: string): Promise<V1CronJob[]>;
  getCronJob(name: string): Promise<V1CronJob>;
  setSuspended(name: string, suspend: boolean): Promise<V1CronJob>;
  createJob(job: V1Job): Promise<V1Job>;
  getJob(name: string): Promise<V1Job>;
  listJobs(labelSelector: string): Promise<V1Job[]>;
  listPods(labelSelector: string): Promise<V1Pod[]>;
  listEvents(kind: string, name: string): Promise<CoreV1Event[]>;
  /**
   * Writes a container's log into `out` (left open); with `follow`, until the container stops.
   * False when the API server has no log for the pod (it never ran on a node).
   */
  podLog(pod: string, container: string, out: Writable, options: { follow: boolean }): Promise<boolean>;
}

/** The field manager recorded in managedFields for what the CLI writes. */
export const FIELD_MANAGER = 'kubectl-pontual';

export function createKubeClient(target: KubeTarget): KubeClient {
  const batch = target.kubeConfig.makeApiClient(BatchV1Api);
  const core = target.kubeConfig.makeApiClient(CoreV1Api);
  const namespace = target.namespace;
  const endpoint = { context: target.context, server: target.server };

  async function call<T>(request: Omit<KubeRequest, 'namespace'>, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw translateKubeError(error, { ...request, namespace }, endpoint);
    }
  }

  return {
    namespace,
    context: target.context,
    server: target.server,
    listCronJobs: (labelSelector) =>
      call({ verb: 'list', resource: 'cronjobs', group: 'batch' }, async () => (await batch.listNamespacedCronJob({ namespace, labelSelector })).items),
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
    listJobs: (labelSelector) =>
      call({ verb: 'list', resource: 'jobs', group: 'batch' }, async () => (await batch.listNamespacedJob({ namespace, labelSelector })).items),
    listPods: (labelSelector) =>
      call({ verb: 'list', resource: 'pods', group: '' }, async () => (await core.listNamespacedPod({ namespace, labelSelector })).items),
    listEvents: (kind, name) =>
      call(
        { verb: 'list', resource: 'events', group: '' },
        async () => (await core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=${kind},involvedObject.name=${name}` })).items,
      ),
    podLog: (pod, container, out, options) =>
      call({ verb: 'get', resource: 'pods/log', group: '', name: pod }, () =>
        streamPodLog(target.kubeConfig, { server: target.server, namespace, pod, container, follow: options.follow }, out),
      ),
  };
}
