/**
 * The three watches the status service keeps on one namespace (the suite's CronJobs, their Jobs
 * and their Pods, selected by the suite's labels), feeding the cluster model.
 */
import { BatchV1Api, CoreV1Api, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { JOB_SELECTOR } from '../../core/labels.ts';
import { applyEvent, toCronJobRecord, toJobRecord, toPodRecord, type ClusterModel } from '../../core/model/cluster-model.ts';
import { createResourceWatcher, type ListPage, type ResourceWatcher, type WatchHealth } from './resource-watcher.ts';
import { slimCronJob, slimJob, slimPod } from './slim-objects.ts';

const PAGE_SIZE = 500;

export interface ClusterWatchOptions {
  readonly kubeConfig: KubeConfig;
  readonly namespace: string;
  readonly model: ClusterModel;
  readonly logger: Logger;
  readonly watchdogMs?: number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
}

export interface ClusterWatch {
  readonly health: readonly WatchHealth[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createClusterWatch(options: ClusterWatchOptions): ClusterWatch {
  const { kubeConfig, namespace, model, logger } = options;
  const batch = kubeConfig.makeApiClient(BatchV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const page = <T extends KubernetesObject>(list: { items: T[]; metadata?: { resourceVersion?: string; _continue?: string } }): ListPage<T> => ({
    items: list.items,
    resourceVersion: list.metadata?.resourceVersion,
    continueToken: list.metadata?._continue,
  });
  const query = (continueToken: string | undefined) => ({
    namespace,
    labelSelector: JOB_SELECTOR,
    limit: PAGE_SIZE,
    ...(continueToken === undefined ? {} : { _continue: continueToken }),
  });
  const common = {
    kubeConfig,
    labelSelector: JOB_SELECTOR,
    logger,
    ...(options.watchdogMs === undefined ? {} : { watchdogMs: options.watchdogMs }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
  };
  const watchers: ResourceWatcher[] = [
    createResourceWatcher({
      ...common,
      resource: 'cronjobs',
      path: `/apis/batch/v1/namespaces/${namespace}/cronjobs`,
      listPage: async (token) => page(await batch.listNamespacedCronJob(query(token))),
      slim: slimCronJob,
      onEvent: (type, obj) => {
        applyEvent(model, 'cronjobs', type, toCronJobRecord(obj));
      },
    }),
    createResourceWatcher({
      ...common,
      resource: 'jobs',
      path: `/apis/batch/v1/namespaces/${namespace}/jobs`,
      listPage: async (token) => page(await batch.listNamespacedJob(query(token))),
      slim: slimJob,
      onEvent: (type, obj) => {
        applyEvent(model, 'jobs', type, toJobRecord(obj));
      },
    }),
    createResourceWatcher({
      ...common,
      resource: 'pods',
      path: `/api/v1/namespaces/${namespace}/pods`,
      listPage: async (token) => page(await core.listNamespacedPod(query(token))),
      slim: slimPod,
      onEvent: (type, obj) => {
        applyEvent(model, 'pods', type, toPodRecord(obj));
      },
    }),
  ];
  return {
    health: watchers.map((watcher) => watcher.health),
    async start() {
      // Pods before Jobs before CronJobs would be ideal; the model copes with any order.
      await Promise.all(watchers.map((watcher) => watcher.start()));
    },
    async stop() {
      await Promise.all(watchers.map((watcher) => watcher.stop()));
    },
  };
}
