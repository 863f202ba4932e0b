/**
 * Minimal copies of watched objects: what the informer cache keeps (name, namespace and
 * resourceVersion for its own bookkeeping) plus what records.ts reads. A Job's full spec and a
 * Pod's spec, managed fields and env never stay in memory.
 */
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- objects from a watch stream are plain
   JSON, never instances of the generated model classes; these copies have the same shape. */
import type { V1CronJob, V1Job, V1ObjectMeta, V1Pod } from '@kubernetes/client-node';
import { JOB_NAME_LABEL, LABELS, LEGACY_JOB_NAME_LABEL, MANUAL_INSTANTIATE_ANNOTATION, SCHEDULED_TIMESTAMP_ANNOTATION } from '../../core/labels.ts';
import { MESSAGE_LIMIT } from '../../core/model/records.ts';

const JOB_NAME_LABELS = [JOB_NAME_LABEL, LEGACY_JOB_NAME_LABEL] as const;

function pick(source: Record<string, string> | undefined, keys: readonly string[]): Record<string, string> | undefined {
  if (source === undefined) return undefined;
  const picked: Record<string, string> = {};
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}

function slimMeta(metadata: V1ObjectMeta | undefined, labels: readonly string[], annotations: readonly string[], owner: string): V1ObjectMeta {
  return {
    name: metadata?.name,
    namespace: metadata?.namespace,
    uid: metadata?.uid,
    resourceVersion: metadata?.resourceVersion,
    creationTimestamp: metadata?.creationTimestamp,
    labels: pick(metadata?.labels, labels),
    annotations: pick(metadata?.annotations, annotations),
    ownerReferences: metadata?.ownerReferences
      ?.filter((ref) => ref.kind === owner)
      .map((ref) => ({ apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid })),
  };
}

export function slimCronJob(obj: V1CronJob): V1CronJob {
  return {
    metadata: slimMeta(obj.metadata, [], [], ''),
    spec: {
      schedule: obj.spec.schedule,
      timeZone: obj.spec.timeZone,
      suspend: obj.spec.suspend,
      concurrencyPolicy: obj.spec.concurrencyPolicy,
      startingDeadlineSeconds: obj.spec.startingDeadlineSeconds,
      jobTemplate: { spec: { activeDeadlineSeconds: obj.spec.jobTemplate.spec?.activeDeadlineSeconds, template: {} } },
    },
    status: { lastScheduleTime: obj.status?.lastScheduleTime, lastSuccessfulTime: obj.status?.lastSuccessfulTime },
  };
}

export function slimJob(obj: V1Job): V1Job {
  return {
    metadata: slimMeta(obj.metadata, [LABELS.job], [MANUAL_INSTANTIATE_ANNOTATION, SCHEDULED_TIMESTAMP_ANNOTATION], 'CronJob'),
    status: {
      startTime: obj.status?.startTime,
      completionTime: obj.status?.completionTime,
      conditions: obj.status?.conditions
        ?.filter((condition) => (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True')
        .map((condition) => ({
          type: condition.type,
          status: condition.status,
          reason: condition.reason,
          message: condition.message?.slice(0, MESSAGE_LIMIT),
          lastTransitionTime: condition.lastTransitionTime,
        })),
    },
  };
}

export function slimPod(obj: V1Pod): V1Pod {
  const status = obj.status?.containerStatuses?.find((container) => container.state?.terminated !== undefined);
  const terminated = status?.state?.terminated;
  return {
    metadata: slimMeta(obj.metadata, JOB_NAME_LABELS, [], 'Job'),
    status: {
      phase: obj.status?.phase,
      containerStatuses:
        terminated === undefined
          ? undefined
          : [
              {
                name: status?.name ?? '',
                image: '',
                imageID: '',
                ready: false,
                restartCount: 0,
                state: { terminated: { exitCode: terminated.exitCode, message: terminated.message?.slice(0, MESSAGE_LIMIT), finishedAt: terminated.finishedAt } },
              },
            ],
    },
  };
}
