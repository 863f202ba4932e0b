import { loadYaml, type V1CronJob, type V1Job, type V1Pod } from '@kubernetes/client-node';

/**
 * Kubernetes objects as the CLI receives them from the API: JSON deserialized by the client
 * library into its model classes (timestamps become Dates). Fixtures go through here so tests see
 * what production sees.
 */
type Fields = Record<string, unknown>;

export function cronJobFromApi(fields: Fields): V1CronJob {
  return loadYaml<V1CronJob>(JSON.stringify({ apiVersion: 'batch/v1', kind: 'CronJob', ...fields }));
}

export function jobFromApi(fields: Fields): V1Job {
  return loadYaml<V1Job>(JSON.stringify({ apiVersion: 'batch/v1', kind: 'Job', ...fields }));
}

export function podFromApi(fields: Fields): V1Pod {
  return loadYaml<V1Pod>(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', ...fields }));
}
