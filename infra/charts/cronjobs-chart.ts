import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { NO_RETRY_EXIT_CODE } from '../../core/errors.ts';
import { COMPONENTS, jobLabels, LABELS, SUITE_NAME } from '../../core/labels.ts';
import type { JobSpec } from '../../core/catalog.ts';
import type { EnvVarSpec } from '../../core/environment.ts';
import { containerEnv } from '../job-environment.ts';
import { jobsNetworkPolicy } from '../network-policies.ts';
import { k8s } from '../plus.ts';
import {
  resourceRequirements,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  tmpVolume,
  tmpVolumeMount,
} from '../pod-security.ts';
import { imageReference, type Profile } from '../profiles.ts';

/** The old APScheduler `misfire_grace_time=300`: a run later than this is skipped, not started. */
export const STARTING_DEADLINE_SECONDS = 300;
export const JOB_CONTAINER = 'job';
export const SUCCESSFUL_JOBS_HISTORY = 3;
/** Failed Jobs are kept longer: they are what someone will want to `kubectl logs`. */
export const FAILED_JOBS_HISTORY = 5;
export const DESCRIPTION_ANNOTATION = 'pontual.io/description';
export const JOBS_NETWORK_POLICY = 'pontual-jobs';

export interface CronJobsChartProps {
  readonly profile: Profile;
  readonly catalog: readonly JobSpec[];
  readonly envVars: readonly EnvVarSpec[];
}

/** A configuration or input error (core/errors.ts) fails the Job at once; an evicted or preempted pod does not count as a failure. */
export function jobPodFailurePolicy(): k8s.PodFailurePolicy {
  // The 1.28 schema cdk8s-plus-28 ships marks onPodConditions as required; the API server has it
  // optional (and an exit-code rule must not carry any).
  const failOnConfigError = {
    action: 'FailJob',
    onExitCodes: { containerName: JOB_CONTAINER, operator: 'In', values: [NO_RETRY_EXIT_CODE] },
  } as k8s.PodFailurePolicyRule;
  return {
    rules: [failOnConfigError, { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }],
  };
}

function cronJobSpec(job: JobSpec, props: CronJobsChartProps): k8s.CronJobSpec {
  const { profile } = props;
  const labels = jobLabels(job.name);
  const pod: k8s.PodSpec = {
    restartPolicy: 'Never',
    // Jobs talk to HTTP APIs and Redis, never to the Kubernetes API.
    automountServiceAccountToken: false,
    // The pause container is PID 1, not the job: the kernel drops a signal PID 1 has no handler
    // for, so a SIGTERM during Node's start-up (a drain right after the pod starts) was lost, the
    // run took the lock and held it until SIGKILL, and the retry skipped. Not PID 1, the job dies
    // of such an early SIGTERM before it can take the lock (found by suite-node-runs' drain test).
    shareProcessNamespace: true,
    securityContext: restrictedPodSecurityContext(),
    ...(profile.image.pullSecrets.length > 0
      ? { imagePullSecrets: profile.image.pullSecrets.map((name) => ({ name })) }
      : {}),
    containers: [
      {
        name: JOB_CONTAINER,
        image: imageReference(profile.image),
        imagePullPolicy: profile.image.pullPolicy,
        args: [job.name],
        env: containerEnv(props.envVars, job.sources),
        resources: resourceRequirements(profile.jobResources ?? job.resources),
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: [tmpVolumeMount()],
        terminationMessagePolicy: 'FallbackToLogsOnError',
      },
    ],
    volumes: [tmpVolume()],
  };
  return {
    // Written as the catalog's string: a schedule built from fields would fill omitted ones with `*`.
    schedule: job.schedule,
    timeZone: job.timeZone,
    concurrencyPolicy: 'Forbid',
    startingDeadlineSeconds: STARTING_DEADLINE_SECONDS,
    suspend: profile.suspendJobs,
    successfulJobsHistoryLimit: SUCCESSFUL_JOBS_HISTORY,
    failedJobsHistoryLimit: FAILED_JOBS_HISTORY,
    jobTemplate: {
      metadata: { labels },
      spec: {
        activeDeadlineSeconds: job.timeoutSeconds,
        backoffLimit: job.backoffLimit,
        podFailurePolicy: jobPodFailurePolicy(),
        template: { metadata: { labels }, spec: pod },
      },
    },
  };
}

/** One CronJob per catalog job. */
export class CronJobsChart extends Chart {
  constructor(scope: Construct, id: string, props: CronJobsChartProps) {
    super(scope, id, { namespace: props.profile.namespace, disableResourceNameHashes: true });
    if (props.profile.networkPolicy.enabled) {
      new k8s.KubeNetworkPolicy(this, 'network-policy', {
        metadata: { name: JOBS_NETWORK_POLICY, labels: { [LABELS.partOf]: SUITE_NAME, [LABELS.component]: COMPONENTS.job } },
        spec: jobsNetworkPolicy(props.profile.networkPolicy),
      });
    }
    for (const job of props.catalog) {
      new k8s.KubeCronJob(this, job.name, {
        metadata: {
          name: job.name,
          labels: jobLabels(job.name),
          annotations: { [DESCRIPTION_ANNOTATION]: job.description },
        },
        spec: cronJobSpec(job, props),
      });
    }
  }
}
