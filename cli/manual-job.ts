import { randomBytes } from 'node:crypto';
import type { V1CronJob, V1Job } from '@kubernetes/client-node';
import { PontualError } from '../core/errors.ts';
import { MANUAL_INSTANTIATE_ANNOTATION } from '../core/labels.ts';

/**
 * The Job `kubectl pontual run` creates: the same object `kubectl create job --from=cronjob/<name>`
 * builds in kubectl 1.36 (createJobFromCronJob in create_job.go), so the status service, the
 * CronJob controller and the run ledger treat both the same way.
 */
export function buildManualJob(cronJob: V1CronJob, jobName: string): V1Job {
  const name = cronJob.metadata?.name;
  const uid = cronJob.metadata?.uid;
  const template = cronJob.spec.jobTemplate;
  if (name === undefined || uid === undefined || template.spec === undefined) {
    throw new PontualError('INPUT_INVALID', `CronJob ${name ?? '(unnamed)'} has no name, uid or jobTemplate.spec`);
  }
  // The client's model classes are plain data (the serializer reads their fields), so a literal
  // is as good as `new V1Job()` here and reads like the manifest it is.
  /* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment */
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName,
      // kubectl sets "manual" first and then copies the template's annotations over it.
      annotations: { [MANUAL_INSTANTIATE_ANNOTATION]: 'manual', ...template.metadata?.annotations },
      ...(template.metadata?.labels === undefined ? {} : { labels: template.metadata.labels }),
      ownerReferences: [
        // Not blockOwnerDeletion: kubectl leaves it out because it needs the cronjobs/finalizers
        // permission, which an operator's Role usually lacks.
        { apiVersion: 'batch/v1', kind: 'CronJob', name, uid, controller: true },
      ],
    },
    spec: template.spec,
  };
  /* eslint-enable @typescript-eslint/no-unsafe-class-instance-assignment */
}

/** Longest name a Job may have: the job controller copies it into a pod label value. */
export const MAX_JOB_NAME_LENGTH = 63;
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const SUFFIX_LENGTH = 5;

/**
 * `<cronjob>-manual-<suffix>`, at most 63 characters. The random suffix uses the alphabet
 * Kubernetes uses for generateName (no vowels, so no accidental words). A 52-character CronJob
 * name is shortened to fit.
 */
export function manualJobName(cronJobName: string, randomSource: (size: number) => Uint8Array = randomBytes): string {
  const bytes = randomSource(SUFFIX_LENGTH);
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i += 1) suffix += SUFFIX_ALPHABET.charAt((bytes[i] ?? 0) % SUFFIX_ALPHABET.length);
  const tail = `-manual-${suffix}`;
  const base = cronJobName.slice(0, MAX_JOB_NAME_LENGTH - tail.length).replace(/-+$/, '');
  return `${base}${tail}`;
}
