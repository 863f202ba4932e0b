import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { COMPONENTS, LABELS, STATUS_METRICS_PORT, STATUS_SERVICE_NAME, STATUS_SERVICE_PORT, SUITE_NAME } from '../../core/labels.ts';
import { containerEnv } from '../job-environment.ts';
import { STATUS_ENV_VARS, STATUS_NODE_FLAGS } from '../../status/environment.ts';
import { k8s, ServiceAccount } from '../plus.ts';
import {
  resourceRequirements,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  tmpVolume,
  tmpVolumeMount,
} from '../pod-security.ts';
import { statusNetworkPolicy } from '../network-policies.ts';
import { imageReference, type Profile } from '../profiles.ts';

export const STATUS_NAME = STATUS_SERVICE_NAME;
export const STATUS_PORT = STATUS_SERVICE_PORT;
export const STATUS_PORT_NAME = 'http';
/** Only /metrics, so Prometheus' namespace can be let in without reaching the API (network policy). */
export const METRICS_PORT = STATUS_METRICS_PORT;
export const METRICS_PORT_NAME = 'metrics';

/**
 * What the status service uses, and nothing more: its informers list and watch the suite's
 * CronJobs, Jobs and Pods (status/watch/cluster-watch.ts). No get, no events, no secrets, no
 * wildcards, no writes; a cluster test runs the service with only this and compares
 * `kubectl auth can-i --list` with a declared list.
 */
export const STATUS_RBAC_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: ['list', 'watch'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
];

export function statusLabels(): Record<string, string> {
  return { [LABELS.name]: STATUS_NAME, [LABELS.partOf]: SUITE_NAME, [LABELS.component]: COMPONENTS.status };
}

export interface StatusChartProps {
  readonly profile: Profile;
}

function statusPod(profile: Profile): k8s.PodSpec {
  const port = k8s.IntOrString.fromString(STATUS_PORT_NAME);
  return {
    serviceAccountName: STATUS_NAME,
    // The service watches the Kubernetes API with this account's token.
    automountServiceAccountToken: true,
    securityContext: restrictedPodSecurityContext(),
    ...(profile.image.pullSecrets.length > 0
      ? { imagePullSecrets: profile.image.pullSecrets.map((name) => ({ name })) }
      : {}),
    // Two replicas on one node would go down together.
    topologySpreadConstraints: [
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: statusLabels() },
      },
    ],
    containers: [
      {
        name: 'status',
        image: imageReference(profile.image),
        imagePullPolicy: profile.image.pullPolicy,
        command: ['node', ...STATUS_NODE_FLAGS, 'status/main.mjs'],
        ports: [
          { name: STATUS_PORT_NAME, containerPort: STATUS_PORT, protocol: 'TCP' },
          { name: METRICS_PORT_NAME, containerPort: METRICS_PORT, protocol: 'TCP' },
        ],
        env: containerEnv(STATUS_ENV_VARS),
        livenessProbe: { httpGet: { path: '/healthz', port }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
        readinessProbe: { httpGet: { path: '/readyz', port }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 2 },
        resources: resourceRequirements(profile.status.resources),
        securityContext: restrictedContainerSecurityContext(),
        volumeMounts: [tmpVolumeMount()],
      },
    ],
    volumes: [tmpVolume()],
  };
}

/** The status service: least-privilege RBAC, Deployment, Service, disruption budget, network policy. */
export class StatusChart extends Chart {
  constructor(scope: Construct, id: string, props: StatusChartProps) {
    super(scope, id, { namespace: props.profile.namespace, disableResourceNameHashes: true });
    const { profile } = props;
    const labels = statusLabels();
    const metadata = { name: STATUS_NAME, labels };

    new ServiceAccount(this, 'service-account', { metadata, automountToken: true });
    new k8s.KubeRole(this, 'role', { metadata, rules: [...STATUS_RBAC_RULES] });
    new k8s.KubeRoleBinding(this, 'role-binding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: STATUS_NAME },
      subjects: [{ kind: 'ServiceAccount', name: STATUS_NAME, namespace: profile.namespace }],
    });
    new k8s.KubeDeployment(this, 'deployment', {
      metadata,
      spec: {
        replicas: profile.status.replicas,
        selector: { matchLabels: labels },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) },
        },
        template: { metadata: { labels }, spec: statusPod(profile) },
      },
    });
    new k8s.KubeService(this, 'service', {
      metadata,
      spec: {
        selector: labels,
        ports: [
          {
            name: STATUS_PORT_NAME,
            port: STATUS_PORT,
            targetPort: k8s.IntOrString.fromString(STATUS_PORT_NAME),
            protocol: 'TCP',
          },
          {
            name: METRICS_PORT_NAME,
            port: METRICS_PORT,
            targetPort: k8s.IntOrString.fromString(METRICS_PORT_NAME),
            protocol: 'TCP',
          },
        ],
      },
    });
    // maxUnavailable rather than minAvailable: with 2 replicas it keeps one up during a drain, and
    // with the development profile's single replica it does not block the drain forever.
    new k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
      metadata,
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: labels } },
    });
    // Prometheus' namespace reaches port `metrics`, the listed API readers port `http`; out only to DNS, Redis, the API server.
    if (profile.networkPolicy.enabled) {
      new k8s.KubeNetworkPolicy(this, 'network-policy', {
        metadata,
        spec: statusNetworkPolicy(profile.networkPolicy, labels, { api: STATUS_PORT_NAME, metrics: METRICS_PORT_NAME }),
      });
    }
  }
}
