import type { V1CronJob, V1Job, V1Pod } from '@kubernetes/client-node';
import { applyEvent, createClusterModel, toCronJobRecord, toJobRecord, toPodRecord, type ClusterModel } from '../core/model/cluster-model.ts';

/**
 * The status service's model, built once from one list of each kind instead of kept by watches:
 * `status` and `history` then summarize exactly as the service does. Pods go in before Jobs so
 * a finished Job's outcome sees its pods' exit codes, as it would after a watch has synced.
 * A snapshot has no past of its own, so schedule times are judged from each CronJob's last
 * schedule time (bounded to a day): MISSED counts the times since then the controller let pass.
 */
export function clusterSnapshot(objects: { cronJobs: readonly V1CronJob[]; jobs: readonly V1Job[]; pods: readonly V1Pod[] }, now: () => Date): ClusterModel {
  const model = createClusterModel({ now, judgeFrom: 'last-schedule' });
  for (const cronJob of objects.cronJobs) applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJob));
  for (const pod of objects.pods) applyEvent(model, 'pods', 'ADDED', toPodRecord(pod));
  for (const job of objects.jobs) applyEvent(model, 'jobs', 'ADDED', toJobRecord(job));
  return model;
}
