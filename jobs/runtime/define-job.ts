/**
 * A job is its catalog entry plus a `run(ctx)`. Name, schedule, timeout and resources come from
 * core/catalog.ts so that what infra deploys and what the runtime enforces cannot disagree.
 */
import { PontualError } from '../../core/errors.ts';
import { findJob, JOB_NAMES, type JobSpec } from '../../core/catalog.ts';
import type { JobContext, RunReport } from './job-context.ts';

export interface Job extends JobSpec {
  run(ctx: JobContext): Promise<RunReport>;
}

type Run = Job['run'];

/** `defineJob('embu-sla', run)` takes the catalog entry; `defineJob({ ...spec, run })` is for tests. */
export function defineJob(name: string, run: Run): Job;
export function defineJob(definition: Job): Job;
export function defineJob(nameOrDefinition: string | Job, run?: Run): Job {
  if (typeof nameOrDefinition !== 'string') return Object.freeze({ ...nameOrDefinition });
  const spec = findJob(nameOrDefinition);
  if (spec === undefined) {
    throw new PontualError('JOB_UNKNOWN', `"${nameOrDefinition}" is not in the job catalog (${JOB_NAMES.join(', ')})`);
  }
  if (run === undefined) throw new TypeError(`defineJob('${nameOrDefinition}') needs a run function`);
  return Object.freeze({ ...spec, run });
}
