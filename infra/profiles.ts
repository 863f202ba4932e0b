/**
 * Environment profiles: what differs between production, development and the cluster tests.
 * Everything else (the jobs, their schedules and timeouts) comes from the job catalog.
 */
import { PontualError } from '../core/errors.ts';
import type { JobResources } from '../core/catalog.ts';
import { DEFAULT_RUNBOOK_URL } from '../observability/alert-rules.ts';
import { defaultAlertingSettings, type AlertingSettings } from '../observability/alert-routing.ts';
import { DEFAULT_NETWORK_POLICY, type NetworkPolicySettings } from './network-policies.ts';
import packageJson from '../package.json' with { type: 'json' };

export const PROFILE_NAMES = ['production', 'development', 'test'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export const IMAGE_PULL_POLICIES = ['IfNotPresent', 'Always', 'Never'] as const;
export type ImagePullPolicy = (typeof IMAGE_PULL_POLICIES)[number];

/** DigitalOcean Container Registry: `registry.digitalocean.com/<registry>/<repository>`. */
export const DOCR_HOST = 'registry.digitalocean.com';
export const DEFAULT_REGISTRY = 'pontual';
export const IMAGE_NAME = 'pontual';
/** Images are tagged with the release version by default, so a new release is a new tag. */
export const DEFAULT_TAG = packageJson.version;

export interface ImageSettings {
  /** Repository without tag, e.g. `registry.digitalocean.com/pontual/pontual`. */
  readonly repository: string;
  readonly tag: string;
  /** `sha256:...`; when set it pins the image and the tag is only informative. */
  readonly digest?: string;
  readonly pullPolicy: ImagePullPolicy;
  /** Secrets for a private registry; DOKS registry integration creates `registry-<registry>`. */
  readonly pullSecrets: readonly string[];
}

export interface Profile {
  readonly name: ProfileName;
  readonly namespace: string;
  readonly image: ImageSettings;
  /** Every CronJob's `suspend`: development deploys them paused, to be run by hand. */
  readonly suspendJobs: boolean;
  /** Replaces every job's catalog resources (development runs on small nodes). */
  readonly jobResources?: JobResources;
  /** ConfigMap values that override (or supply) the env declaration's defaults. */
  readonly config: Readonly<Record<string, string>>;
  readonly status: { readonly replicas: number; readonly resources: JobResources };
  readonly monitoring: {
    /** ServiceMonitor, PrometheusRule and dashboards; off where the prometheus-operator CRDs are absent. */
    readonly enabled: boolean;
    /** Labels kube-prometheus-stack's Prometheus selects ServiceMonitors and PrometheusRules by. */
    readonly selectorLabels: Readonly<Record<string, string>>;
    /** Grafana folder of the dashboards (the sidecar's folder annotation). */
    readonly grafanaFolder: string;
  };
  readonly networkPolicy: NetworkPolicySettings;
  readonly alerting: {
    /** The AlertmanagerConfig; off where the prometheus-operator CRDs are absent. */
    readonly enabled: boolean;
    /** Where docs/runbooks.md is browsable. */
    readonly runbookUrl: string;
    /** The status service as people reach it; default its in-cluster address (`statusUrl()`). */
    readonly statusUrl?: string;
    readonly settings: AlertingSettings;
  };
}

/** Where alerts link to the status page: the profile's URL, else the Service's in-cluster address. */
export function statusUrl(profile: Profile): string {
  return profile.alerting.statusUrl ?? `http://pontual-status.${profile.namespace}.svc:8080`;
}

/**
 * The status service measured by `npm run bench:ksm` (bundled, as the Deployment runs it: the
 * flags and env of status/environment.ts, Redis; docs/status.md, "Where the memory goes"): RSS
 * 75-76 MiB (peak) at the suite's size (4 CronJobs / 40 Jobs) and at most about 150 MiB (peak) at
 * 500 / 20,000. Requests: the suite's size plus about 45 %. Limits: the 500 / 20,000 peak plus
 * about 50 %; the heap cap, 43 % of the limit (status/environment.ts: 96 MiB old space here, on
 * about 60 MiB of Node and code), bounds RSS below it, so V8 fails before the cgroup OOM-kills, and
 * raising the limit for a larger namespace raises the heap with it. `npm run bench:ksm -- --podman` runs the image
 * under this limit at 500 / 20,000.
 */
const STATUS_RESOURCES: JobResources = {
  requests: { cpu: '50m', memory: '112Mi' },
  limits: { cpu: '500m', memory: '224Mi' },
};
/** Development runs the suite's four CronJobs: the suite's size plus about 25 %, a limit about twice it. */
const STATUS_SMALL: JobResources = {
  requests: { cpu: '25m', memory: '96Mi' },
  limits: { cpu: '200m', memory: '160Mi' },
};

const SMALL: JobResources = {
  requests: { cpu: '25m', memory: '64Mi' },
  limits: { cpu: '200m', memory: '160Mi' },
};

/** The DOKS 1-click kube-prometheus-stack is installed as release `kube-prometheus-stack`. */
const KUBE_PROMETHEUS_STACK = { release: 'kube-prometheus-stack' };

export function docrRepository(registry: string): string {
  return `${DOCR_HOST}/${registry}/${IMAGE_NAME}`;
}

const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  production: {
    name: 'production',
    namespace: 'pontual',
    image: { repository: docrRepository(DEFAULT_REGISTRY), tag: DEFAULT_TAG, pullPolicy: 'IfNotPresent', pullSecrets: [] },
    suspendJobs: false,
    config: {
      WMS_API_URL: 'https://wms.warehouse.internal',
      OMS_API_URL: 'https://oms.warehouse.internal',
    },
    status: {
      replicas: 2,
      resources: STATUS_RESOURCES,
    },
    monitoring: { enabled: true, selectorLabels: KUBE_PROMETHEUS_STACK, grafanaFolder: 'pontual' },
    networkPolicy: DEFAULT_NETWORK_POLICY,
    alerting: { enabled: true, runbookUrl: DEFAULT_RUNBOOK_URL, settings: defaultAlertingSettings() },
  },
  development: {
    name: 'development',
    namespace: 'pontual-dev',
    image: { repository: docrRepository(DEFAULT_REGISTRY), tag: DEFAULT_TAG, pullPolicy: 'Always', pullSecrets: [] },
    suspendJobs: true,
    jobResources: SMALL,
    config: {
      WMS_API_URL: 'https://wms.staging.warehouse.internal',
      OMS_API_URL: 'https://oms.staging.warehouse.internal',
      LOG_LEVEL: 'debug',
    },
    status: { replicas: 1, resources: STATUS_SMALL },
    monitoring: { enabled: true, selectorLabels: KUBE_PROMETHEUS_STACK, grafanaFolder: 'pontual' },
    networkPolicy: DEFAULT_NETWORK_POLICY,
    alerting: { enabled: true, runbookUrl: DEFAULT_RUNBOOK_URL, settings: defaultAlertingSettings() },
  },
  test: {
    name: 'test',
    namespace: 'pontual-test',
    image: { repository: IMAGE_NAME, tag: 'test', pullPolicy: 'IfNotPresent', pullSecrets: [] },
    suspendJobs: false,
    jobResources: SMALL,
    config: {
      WMS_API_URL: 'http://127.0.0.1:18080',
      OMS_API_URL: 'http://127.0.0.1:18081',
      LOG_LEVEL: 'debug',
    },
    status: { replicas: 1, resources: STATUS_SMALL },
    // The test control plane has no prometheus-operator CRDs.
    monitoring: { enabled: false, selectorLabels: {}, grafanaFolder: 'pontual' },
    networkPolicy: DEFAULT_NETWORK_POLICY,
    alerting: { enabled: false, runbookUrl: DEFAULT_RUNBOOK_URL, settings: defaultAlertingSettings() },
  },
};

/** Settings an operator changes per deployment without editing a profile. */
export interface ProfileOverrides {
  readonly namespace?: string;
  /** DOCR registry name: the image becomes `registry.digitalocean.com/<registry>/pontual`. */
  readonly registry?: string;
  /** Full repository, for registries other than DOCR (wins over `registry`). */
  readonly repository?: string;
  readonly tag?: string;
  readonly digest?: string;
  readonly pullSecrets?: readonly string[];
  /** ConfigMap values over the profile's (checked against jobs/environment.ts at synth). */
  readonly config?: Readonly<Record<string, string>>;
}

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

export function getProfile(name: string, overrides: ProfileOverrides = {}): Profile {
  if (!isProfileName(name)) {
    throw new PontualError('SYNTH_INVALID', `profile "${name}" is unknown: use one of ${PROFILE_NAMES.join(', ')}`);
  }
  const base = PROFILES[name];
  const repository = overrides.repository ?? (overrides.registry === undefined ? base.image.repository : docrRepository(overrides.registry));
  return {
    ...base,
    namespace: overrides.namespace ?? base.namespace,
    config: { ...base.config, ...overrides.config },
    image: {
      ...base.image,
      repository,
      tag: overrides.tag ?? base.image.tag,
      ...(overrides.digest === undefined ? {} : { digest: overrides.digest }),
      pullSecrets: overrides.pullSecrets ?? base.image.pullSecrets,
    },
  };
}

/** `<repository>@<digest>` when pinned by digest, else `<repository>:<tag>`. */
export function imageReference(image: ImageSettings): string {
  return image.digest === undefined ? `${image.repository}:${image.tag}` : `${image.repository}@${image.digest}`;
}
