import type { V1Container, V1Job } from '@kubernetes/client-node';
import { AS_OF_ANNOTATION } from '../core/labels.ts';

/** The job runtime's "compute as of" variable (jobs/environment.ts). */
export const AS_OF_ENV = 'JOB_AS_OF';

/**
 * A manual Job that computes as of `asOf`: JOB_AS_OF set on this Job's containers only. The
 * suite's ConfigMap also declares JOB_AS_OF (empty), but a container's `env` wins over its
 * `envFrom`, and changing the ConfigMap would move every scheduled run too. The annotation lets
 * people and `backfill` see which instant a run was for.
 */
export function withAsOf(job: V1Job, asOf: Date): V1Job {
  const value = asOf.toISOString();
  // The client's model classes are plain data (the serializer reads their fields), so literals
  // and spreads build the same request as the classes would (as in manual-job.ts).
  /* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment, @typescript-eslint/no-misused-spread */
  const podSpec = job.spec?.template.spec;
  if (job.spec === undefined || podSpec === undefined) return job;
  const containers = podSpec.containers.map((container): V1Container => ({
    ...container,
    env: [...(container.env ?? []).filter((variable) => variable.name !== AS_OF_ENV), { name: AS_OF_ENV, value }],
  }));
  return {
    ...job,
    metadata: { ...job.metadata, annotations: { ...job.metadata?.annotations, [AS_OF_ANNOTATION]: value } },
    spec: { ...job.spec, template: { ...job.spec.template, spec: { ...podSpec, containers } } },
  };
  /* eslint-enable @typescript-eslint/no-unsafe-class-instance-assignment, @typescript-eslint/no-misused-spread */
}
