import type { V1CronJob } from '@kubernetes/client-node';
import { isPontualError, PontualError } from '../core/errors.ts';
import { JOB_SELECTOR } from '../core/labels.ts';
import { JOB_NAMES } from '../core/catalog.ts';
import type { KubeClient } from './kube-client.ts';

/**
 * Reads the CronJob a command names. An unknown name fails with the names that would have
 * worked: the suite's CronJobs in this namespace and the jobs of the catalog.
 */
export async function getSuiteCronJob(kube: KubeClient, name: string): Promise<V1CronJob> {
  try {
    return await kube.getCronJob(name);
  } catch (error) {
    if (!isPontualError(error, 'NOT_FOUND')) throw error;
    const deployed = await kube.listCronJobs(JOB_SELECTOR).then(
      (cronJobs) => cronJobs.map((cronJob) => cronJob.metadata?.name ?? '').filter((n) => n !== ''),
      () => undefined,
    );
    throw new PontualError('JOB_UNKNOWN', unknownJobMessage({ name, deployed, catalog: JOB_NAMES, namespace: kube.namespace, context: kube.context }), {
      cause: error,
    });
  }
}

export interface UnknownJob {
  readonly name: string;
  /** Suite CronJobs in the namespace; undefined when they could not be listed. */
  readonly deployed: readonly string[] | undefined;
  readonly catalog: readonly string[];
  readonly namespace: string;
  readonly context: string;
}

export function unknownJobMessage(job: UnknownJob): string {
  const where = `namespace "${job.namespace}" (context "${job.context}")`;
  const lines = job.catalog.includes(job.name)
    ? [`job "${job.name}" is in the catalog but has no CronJob in ${where}: is the suite deployed here? (-n <namespace>)`]
    : [`unknown job "${job.name}": no CronJob "${job.name}" in ${where}`];
  if (job.deployed === undefined) lines.push('  (could not list the CronJobs of this namespace)');
  else if (job.deployed.length === 0) lines.push(`  no pontual CronJobs in ${where}: the suite is usually in namespace "pontual" (-n pontual)`);
  else lines.push(`  CronJobs here: ${job.deployed.join(', ')}`);
  lines.push(`  jobs in the catalog: ${job.catalog.join(', ')}`);
  const suggestion = closest(job.name, [...(job.deployed ?? []), ...job.catalog]);
  if (suggestion !== undefined && suggestion !== job.name) lines.push(`  did you mean "${suggestion}"?`);
  return lines.join('\n');
}

/** The candidate within 3 edits of `name`, if any: catches "embu_sla" and "store-stauts". */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of new Set(candidates)) {
    const distance = editDistance(name, candidate);
    if (distance <= 3 && (best === undefined || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
