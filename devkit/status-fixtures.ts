/**
 * Kubernetes objects as a watch stream delivers them (plain JSON, RFC 3339 strings), for the
 * status model's tests.
 */
import type { V1CronJob, V1Job, V1Pod } from '@kubernetes/client-node';
import { JOB_NAME_LABEL, jobLabels, MANUAL_INSTANTIATE_ANNOTATION, SCHEDULED_TIMESTAMP_ANNOTATION } from '../core/labels.ts';

export const NAMESPACE = 'pontual';

export function cronJobObject(
  name: string,
  options: {
    schedule?: string;
    suspend?: boolean;
    created?: string;
    lastSchedule?: string;
    lastSuccess?: string;
    deadline?: number;
    timeout?: number;
    timeZone?: string;
  } = {},
): V1CronJob {
  const object: unknown = {
    metadata: { name, namespace: NAMESPACE, uid: `uid-${name}`, creationTimestamp: options.created ?? '2026-01-01T00:00:00Z', labels: jobLabels(name) },
    spec: {
      schedule: options.schedule ?? '*/15 * * * *',
      timeZone: options.timeZone ?? 'America/Sao_Paulo',
      suspend: options.suspend ?? false,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: options.deadline ?? 300,
      jobTemplate: { spec: { activeDeadlineSeconds: options.timeout ?? 300, template: {} } },
    },
    status: {
      ...(options.lastSchedule === undefined ? {} : { lastScheduleTime: options.lastSchedule }),
      ...(options.lastSuccess === undefined ? {} : { lastSuccessfulTime: options.lastSuccess }),
    },
  };
  // Watch objects are JSON, not the client's model classes.
  return object as V1CronJob;
}

export interface JobShape {
  readonly cronJob: string;
  readonly scheduledAt?: string;
  readonly manual?: boolean;
  readonly started?: string;
  readonly end?: { type: 'Complete' | 'Failed'; at: string; reason?: string; message?: string };
}

export function jobObject(name: string, shape: JobShape): V1Job {
  const annotations: Record<string, string> = {};
  if (shape.scheduledAt !== undefined) annotations[SCHEDULED_TIMESTAMP_ANNOTATION] = shape.scheduledAt;
  if (shape.manual === true) annotations[MANUAL_INSTANTIATE_ANNOTATION] = 'manual';
  const object: unknown = {
    metadata: {
      name,
      namespace: NAMESPACE,
      uid: `uid-${name}`,
      creationTimestamp: shape.started ?? shape.scheduledAt,
      labels: jobLabels(shape.cronJob),
      annotations,
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: shape.cronJob, uid: `uid-${shape.cronJob}` }],
    },
    status: {
      startTime: shape.started,
      ...(shape.end?.type === 'Complete' ? { completionTime: shape.end.at } : {}),
      conditions:
        shape.end === undefined
          ? []
          : [
              { type: shape.end.type === 'Failed' ? 'FailureTarget' : 'SuccessCriteriaMet', status: 'True', lastTransitionTime: shape.end.at },
              { type: shape.end.type, status: 'True', reason: shape.end.reason, message: shape.end.message, lastTransitionTime: shape.end.at },
            ],
    },
  };
  // Watch objects are JSON, not the client's model classes.
  return object as V1Job;
}

export function podObject(name: string, job: string, terminated?: { exitCode: number; message?: string; reason?: string; finishedAt: string }): V1Pod {
  const object: unknown = {
    metadata: { name, namespace: NAMESPACE, labels: { [JOB_NAME_LABEL]: job } },
    status: {
      phase: terminated === undefined ? 'Running' : terminated.exitCode === 0 ? 'Succeeded' : 'Failed',
      containerStatuses: [
        { name: 'job', image: 'x', imageID: '', ready: false, restartCount: 0, state: terminated === undefined ? { running: {} } : { terminated } },
      ],
    },
  };
  // Watch objects are JSON, not the client's model classes.
  return object as V1Pod;
}
