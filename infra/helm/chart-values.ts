import type { JobResources, JobSpec } from '../../core/catalog.ts';
import { SECRET_NAME, type EnvVarSpec } from '../../core/environment.ts';
import { DEFAULT_JOB_ALERTS, type JobAlertSettings } from '../../observability/alert-rules.ts';
import type { AlertingSettings } from '../../observability/alert-routing.ts';
import { FAILED_JOBS_HISTORY, SUCCESSFUL_JOBS_HISTORY } from '../charts/cronjobs-chart.ts';
import { configMapData } from '../job-environment.ts';
import type { NetworkPolicySettings } from '../network-policies.ts';
import type { Profile } from '../profiles.ts';

/** Scheduling and pod metadata, the same shape for the jobs and for the status service. */
export interface PodValues {
  podAnnotations: Record<string, string>;
  podLabels: Record<string, string>;
  nodeSelector: Record<string, string>;
  tolerations: Record<string, unknown>[];
  affinity: Record<string, unknown>;
  priorityClassName: string;
}

export interface JobValues {
  schedule: string;
  suspend: boolean;
  timeoutSeconds: number;
  backoffLimit: number;
  successfulJobsHistoryLimit: number;
  failedJobsHistoryLimit: number;
  resources: JobResources;
  /** Extra environment variables of this job's container (after the declared ones, so they win). */
  env: Record<string, string>;
  alerts: JobAlertSettings;
}

/** The Helm chart's values.yaml: the settings an operator changes per install. */
export interface ChartValues {
  /** Namespace of every object; empty: the release namespace (`helm install -n`). */
  namespace: string;
  /** Create the Namespace (kept on uninstall); off by default, the namespace usually exists first. */
  createNamespace: boolean;
  /** The Secret with the jobs' credentials, created by the operator (docs/deploy.md). */
  existingSecret: string;
  image: { repository: string; tag: string; digest: string; pullPolicy: string; pullSecrets: string[] };
  jobDefaults: PodValues;
  jobs: Record<string, JobValues>;
  config: Record<string, string>;
  status: { replicas: number; resources: JobResources } & PodValues;
  networkPolicy: NetworkPolicySettings;
  monitoring: {
    enabled: boolean;
    selectorLabels: Record<string, string>;
    serviceMonitor: { enabled: boolean };
    prometheusRule: { enabled: boolean };
    dashboards: { enabled: boolean; grafanaFolder: string };
  };
  alerting: { enabled: boolean; runbookUrl: string; statusUrl: string } & AlertingSettings;
}

const podValues = (): PodValues => ({ podAnnotations: {}, podLabels: {}, nodeSelector: {}, tolerations: [], affinity: {}, priorityClassName: '' });

export interface ChartValuesOptions {
  /** The release namespace is the default; a values file for one profile names its namespace. */
  readonly namespace: string;
  readonly createNamespace: boolean;
}

/** The values that reproduce `profile`'s synth exactly (plus Helm's own labels and annotations). */
export function chartValues(
  profile: Profile,
  catalog: readonly JobSpec[],
  envVars: readonly EnvVarSpec[],
  options: ChartValuesOptions = { namespace: '', createNamespace: false },
): ChartValues {
  return {
    namespace: options.namespace,
    createNamespace: options.createNamespace,
    existingSecret: SECRET_NAME,
    image: {
      repository: profile.image.repository,
      tag: profile.image.tag,
      digest: profile.image.digest ?? '',
      pullPolicy: profile.image.pullPolicy,
      pullSecrets: [...profile.image.pullSecrets],
    },
    jobDefaults: podValues(),
    jobs: Object.fromEntries(
      catalog.map((job): [string, JobValues] => [
        job.name,
        {
          schedule: job.schedule,
          suspend: profile.suspendJobs,
          timeoutSeconds: job.timeoutSeconds,
          backoffLimit: job.backoffLimit,
          successfulJobsHistoryLimit: SUCCESSFUL_JOBS_HISTORY,
          failedJobsHistoryLimit: FAILED_JOBS_HISTORY,
          resources: structuredClone(profile.jobResources ?? job.resources),
          env: {},
          alerts: { ...DEFAULT_JOB_ALERTS, ...job.alerts },
        },
      ]),
    ),
    config: configMapData(envVars, profile.config),
    status: { replicas: profile.status.replicas, resources: structuredClone(profile.status.resources), ...podValues() },
    networkPolicy: structuredClone(profile.networkPolicy),
    monitoring: {
      enabled: profile.monitoring.enabled,
      selectorLabels: { ...profile.monitoring.selectorLabels },
      serviceMonitor: { enabled: true },
      prometheusRule: { enabled: true },
      dashboards: { enabled: true, grafanaFolder: profile.monitoring.grafanaFolder },
    },
    alerting: {
      enabled: profile.alerting.enabled,
      runbookUrl: profile.alerting.runbookUrl,
      statusUrl: profile.alerting.statusUrl ?? '',
      ...structuredClone(profile.alerting.settings),
    },
  };
}
