import type { JobSpec } from '../../core/catalog.ts';
import type { EnvVarSpec } from '../../core/environment.ts';
import { configMapData } from '../job-environment.ts';
import type { Profile } from '../profiles.ts';

/** The Helm chart's values.yaml: the settings an operator changes per install. */
export interface ChartValues {
  namespace: string;
  /** The chart creates the Namespace (with its Pod Security labels) unless told otherwise. */
  createNamespace: boolean;
  image: { repository: string; tag: string; digest: string; pullPolicy: string; pullSecrets: string[] };
  jobs: Record<string, { schedule: string; suspend: boolean }>;
  config: Record<string, string>;
  status: { replicas: number };
  monitoring: { enabled: boolean; selectorLabels: Record<string, string> };
}

/** The values that reproduce `profile`'s synth exactly. */
export function chartValues(profile: Profile, catalog: readonly JobSpec[], envVars: readonly EnvVarSpec[]): ChartValues {
  return {
    namespace: profile.namespace,
    createNamespace: true,
    image: {
      repository: profile.image.repository,
      tag: profile.image.tag,
      digest: profile.image.digest ?? '',
      pullPolicy: profile.image.pullPolicy,
      pullSecrets: [...profile.image.pullSecrets],
    },
    jobs: Object.fromEntries(catalog.map((job) => [job.name, { schedule: job.schedule, suspend: profile.suspendJobs }])),
    config: configMapData(envVars, profile.config),
    status: { replicas: profile.status.replicas },
    monitoring: { enabled: profile.monitoring.enabled, selectorLabels: { ...profile.monitoring.selectorLabels } },
  };
}
