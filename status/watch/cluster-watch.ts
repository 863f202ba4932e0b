/**
 * The three watches the status service keeps on one namespace (the suite's CronJobs, their Jobs
 * and their Pods, selected by the suite's labels), each object decoded straight into the model's
 * compact record.
 */
import type { V1CronJob, V1Job, V1Pod } from '@kubernetes/client-node';
import type { Logger } from '../../core/logger.ts';
import { JOB_SELECTOR } from '../../core/labels.ts';
import { applyEvent, objectKey, toCronJobRecord, toJobRecord, toPodRecord, type ClusterModel } from '../../core/model/cluster-model.ts';
import type { KubeClient } from '../kube-client.ts';
import { createResourceWatcher, type ListSupport, type ResourceWatcher, type WatchHealth } from './resource-watcher.ts';

export interface ClusterWatchOptions {
  readonly client: KubeClient;
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

const keyOf = (record: { readonly namespace: string; readonly name: string }): string => objectKey(record.namespace, record.name);

export function createClusterWatch(options: ClusterWatchOptions): ClusterWatch {
  const { client, namespace, model, logger } = options;
  const listSupport: ListSupport = { streaming: undefined };
  const common = {
    client,
    labelSelector: JOB_SELECTOR,
    logger,
    listSupport,
    keyOf,
    ...(options.watchdogMs === undefined ? {} : { watchdogMs: options.watchdogMs }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
  };
  // Objects from the API are JSON with the shapes of the client's types (timestamps as strings, which the records read).
  const watchers: ResourceWatcher[] = [
    createResourceWatcher({
      ...common,
      resource: 'cronjobs',
      path: `/apis/batch/v1/namespaces/${namespace}/cronjobs`,
      decode: (obj) => toCronJobRecord(obj as V1CronJob),
      onEvent: (type, record) => {
        applyEvent(model, 'cronjobs', type, record);
      },
    }),
    createResourceWatcher({
      ...common,
      resource: 'jobs',
      path: `/apis/batch/v1/namespaces/${namespace}/jobs`,
      decode: (obj) => toJobRecord(obj as V1Job),
      onEvent: (type, record) => {
        applyEvent(model, 'jobs', type, record);
      },
    }),
    createResourceWatcher({
      ...common,
      resource: 'pods',
      path: `/api/v1/namespaces/${namespace}/pods`,
      decode: (obj) => toPodRecord(obj as V1Pod),
      onEvent: (type, record) => {
        applyEvent(model, 'pods', type, record);
      },
    }),
  ];
  return {
    health: watchers.map((watcher) => watcher.health),
    async start() {
      await Promise.all(watchers.map((watcher) => watcher.start()));
    },
    async stop() {
      await Promise.all(watchers.map((watcher) => watcher.stop()));
      client.close();
    },
  };
}
