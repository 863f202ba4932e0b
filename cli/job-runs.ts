import type { V1CronJob, V1Job } from '@kubernetes/client-node';
import { LABELS } from '../core/labels.ts';
import { toDate } from './job-result.ts';
import type { KubeClient } from './kube-client.ts';

/**
 * The Jobs (runs) of one suite CronJob still in the cluster, newest first: those the controller
 * made and those made by `run` or `kubectl create job --from`, which all carry the template's
 * `pontual.io/job` label and point at the CronJob as their controller.
 */
export async function listRuns(kube: KubeClient, cronJob: V1CronJob): Promise<V1Job[]> {
  const name = cronJob.metadata?.name ?? '';
  const uid = cronJob.metadata?.uid;
  const jobs = await kube.listJobs(`${LABELS.job}=${name}`);
  return jobs
    .filter((job) => {
      const owner = (job.metadata?.ownerReferences ?? []).find((reference) => reference.controller === true);
      // A Job without a controller reference still belongs to the job by its label.
      return owner === undefined || owner.uid === uid || owner.name === name;
    })
    .sort((a, b) => createdAt(b) - createdAt(a));
}

/** A run by Job name, or by the part after the CronJob name (`manual-x7k2p`, `29412345`). */
export function findRun(runs: readonly V1Job[], cronJobName: string, id: string): V1Job | undefined {
  return runs.find((job) => {
    const name = job.metadata?.name ?? '';
    return name === id || name === `${cronJobName}-${id}`;
  });
}

export function createdAt(job: V1Job): number {
  const timestamp = job.metadata?.creationTimestamp;
  return timestamp === undefined ? 0 : toDate(timestamp).getTime();
}
