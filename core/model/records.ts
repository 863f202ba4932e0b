/**
 * Compact records: the few fields of CronJobs, Jobs and Pods the status service derives
 * everything from. Memory and scrape cost grow with these, never with whole objects.
 *
 * Objects from a typed list call carry `Date`s, objects from a watch stream carry RFC 3339
 * strings: every timestamp goes through `toMs` so both work.
 */
import type { V1CronJob, V1Job, V1Pod } from '@kubernetes/client-node';
import { redactText } from '../redact.ts';
import { JOB_NAME_LABEL, LABELS, LEGACY_JOB_NAME_LABEL, MANUAL_INSTANTIATE_ANNOTATION, SCHEDULED_TIMESTAMP_ANNOTATION } from '../labels.ts';

export interface CronJobRecord {
  readonly namespace: string;
  readonly name: string;
  readonly schedule: string;
  /** `spec.timeZone`; unset means the controller's local zone, UTC in practice. */
  readonly timeZone: string | undefined;
  readonly suspended: boolean;
  readonly concurrencyPolicy: string;
  readonly startingDeadlineSeconds: number | undefined;
  /** The Job template's activeDeadlineSeconds. */
  readonly timeoutSeconds: number | undefined;
  readonly createdAt: number | undefined;
  readonly lastScheduleTime: number | undefined;
  readonly lastSuccessfulTime: number | undefined;
}

export type JobConditionType = 'Complete' | 'Failed';

export interface JobRecord {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  /** The CronJob this Job runs for: the suite's job label, else the owning CronJob. */
  readonly cronJob: string | undefined;
  /** Created by `kubectl create job --from` or `kubectl pontual run`, not by the schedule. */
  readonly manual: boolean;
  /** The schedule time the CronJob controller created this Job for. */
  readonly scheduledAt: number | undefined;
  readonly createdAt: number | undefined;
  readonly startedAt: number | undefined;
  /** The terminal condition, once the Job has one. */
  readonly finished:
    { readonly type: JobConditionType; readonly reason: string | undefined; readonly message: string | undefined; readonly at: number | undefined } | undefined;
}

export interface PodRecord {
  readonly namespace: string;
  readonly name: string;
  readonly jobName: string | undefined;
  readonly phase: string | undefined;
  /** From the first terminated container (jobs run one). */
  readonly exitCode: number | undefined;
  readonly terminationMessage: string | undefined;
  /** The kubelet's word for how the container ended: `Completed`, `Error`, `OOMKilled`... */
  readonly terminationReason: string | undefined;
  readonly finishedAt: number | undefined;
}

export function toMs(value: Date | string | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Long messages are cut: a termination message can be 4 KiB and thousands of Jobs are kept. */
export const MESSAGE_LIMIT = 300;

/** Redacted before it is cut: a cut can leave a password without the `@` that marks it. */
function clip(message: string | undefined): string | undefined {
  if (message === undefined || message === '') return undefined;
  const trimmed = redactText(message).trim();
  return trimmed.length > MESSAGE_LIMIT ? `${trimmed.slice(0, MESSAGE_LIMIT - 1)}…` : trimmed;
}

export function toCronJobRecord(obj: V1CronJob): CronJobRecord {
  return {
    namespace: obj.metadata?.namespace ?? '',
    name: obj.metadata?.name ?? '',
    schedule: obj.spec.schedule,
    timeZone: obj.spec.timeZone,
    suspended: obj.spec.suspend === true,
    concurrencyPolicy: obj.spec.concurrencyPolicy ?? 'Allow',
    startingDeadlineSeconds: obj.spec.startingDeadlineSeconds,
    timeoutSeconds: obj.spec.jobTemplate.spec?.activeDeadlineSeconds,
    createdAt: toMs(obj.metadata?.creationTimestamp),
    lastScheduleTime: toMs(obj.status?.lastScheduleTime),
    lastSuccessfulTime: toMs(obj.status?.lastSuccessfulTime),
  };
}

export function toJobRecord(obj: V1Job): JobRecord {
  const metadata = obj.metadata;
  const owner = metadata?.ownerReferences?.find((ref) => ref.kind === 'CronJob');
  const terminal = obj.status?.conditions?.find((condition) => (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True');
  return {
    namespace: metadata?.namespace ?? '',
    name: metadata?.name ?? '',
    uid: metadata?.uid ?? `${metadata?.namespace ?? ''}/${metadata?.name ?? ''}`,
    cronJob: metadata?.labels?.[LABELS.job] ?? owner?.name,
    manual: metadata?.annotations?.[MANUAL_INSTANTIATE_ANNOTATION] !== undefined,
    scheduledAt: toMs(metadata?.annotations?.[SCHEDULED_TIMESTAMP_ANNOTATION]),
    createdAt: toMs(metadata?.creationTimestamp),
    startedAt: toMs(obj.status?.startTime),
    finished:
      terminal === undefined
        ? undefined
        : {
            type: terminal.type as JobConditionType,
            reason: terminal.reason,
            message: clip(terminal.message),
            at: toMs(terminal.type === 'Complete' ? (obj.status?.completionTime ?? terminal.lastTransitionTime) : terminal.lastTransitionTime),
          },
  };
}

export function toPodRecord(obj: V1Pod): PodRecord {
  const metadata = obj.metadata;
  const terminated = obj.status?.containerStatuses?.find((status) => status.state?.terminated !== undefined)?.state?.terminated;
  return {
    namespace: metadata?.namespace ?? '',
    name: metadata?.name ?? '',
    jobName:
      metadata?.labels?.[JOB_NAME_LABEL] ?? metadata?.labels?.[LEGACY_JOB_NAME_LABEL] ?? metadata?.ownerReferences?.find((ref) => ref.kind === 'Job')?.name,
    phase: obj.status?.phase,
    exitCode: terminated?.exitCode,
    terminationMessage: clip(terminated?.message),
    terminationReason: terminated?.reason,
    finishedAt: toMs(terminated?.finishedAt),
  };
}
