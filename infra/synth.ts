/**
 * The cdk8s app as a pure function of (catalog, profile): validated input in, one list of
 * Kubernetes objects per output file out. `main.ts` writes them; tests and the Helm chart
 * generator call it directly.
 */
import { App, type Chart } from 'cdk8s';
import { CATALOG, type JobSpec } from '../core/catalog.ts';
import { type EnvVarSpec } from '../core/environment.ts';
import { ENV_VARS } from '../jobs/environment.ts';
import { alertRuleGroups, jobAlertSettings, type PrometheusRuleGroup } from '../observability/alert-rules.ts';
import { dashboards } from '../observability/dashboards.ts';
import { AlertingChart } from './charts/alerting-chart.ts';
import { ConfigChart } from './charts/config-chart.ts';
import { CronJobsChart } from './charts/cronjobs-chart.ts';
import { MonitoringChart } from './charts/monitoring-chart.ts';
import { NamespaceChart } from './charts/namespace-chart.ts';
import { StatusChart } from './charts/status-chart.ts';
import { statusUrl, type Profile } from './profiles.ts';
import { validateCatalog, validateProfile } from './validate-synth-input.ts';

export type KubeObject = Record<string, unknown>;

export interface Manifest {
  /** Ordered so `kubectl apply -f dist/` creates the Namespace first. */
  readonly file: string;
  readonly objects: readonly KubeObject[];
}

export interface SynthInput {
  readonly profile: Profile;
  readonly catalog?: readonly JobSpec[];
  readonly envVars?: readonly EnvVarSpec[];
  readonly alertRuleGroups?: readonly PrometheusRuleGroup[];
  readonly dashboards?: Readonly<Record<string, unknown>>;
}

export const MANIFEST_FILES = {
  namespace: '00-namespace.k8s.yaml',
  config: '10-config.k8s.yaml',
  cronJobs: '20-cronjobs.k8s.yaml',
  status: '30-status.k8s.yaml',
  monitoring: '40-monitoring.k8s.yaml',
  alerting: '50-alerting.k8s.yaml',
} as const;

const chartId = (file: string): string => file.replace(/\.k8s\.yaml$/, '');

/** Throws PontualError SYNTH_INVALID / SCHEDULE_INVALID naming the job or profile and the field. */
export function synth(input: SynthInput): Manifest[] {
  const { profile } = input;
  const catalog = input.catalog ?? CATALOG;
  const envVars = input.envVars ?? ENV_VARS;
  validateCatalog(catalog);
  validateProfile(profile);

  const app = new App();
  const namespace = profile.namespace;
  const charts: Chart[] = [
    new NamespaceChart(app, chartId(MANIFEST_FILES.namespace), { namespace }),
    new ConfigChart(app, chartId(MANIFEST_FILES.config), { namespace, envVars, config: profile.config }),
    new CronJobsChart(app, chartId(MANIFEST_FILES.cronJobs), { profile, catalog, envVars }),
    new StatusChart(app, chartId(MANIFEST_FILES.status), { profile }),
  ];
  if (profile.monitoring.enabled) {
    charts.push(
      new MonitoringChart(app, chartId(MANIFEST_FILES.monitoring), {
        profile,
        alertRuleGroups:
          input.alertRuleGroups ??
          alertRuleGroups({ runbookUrl: profile.alerting.runbookUrl, statusUrl: statusUrl(profile), namespace, jobs: jobAlertSettings(catalog) }),
        dashboards: input.dashboards ?? dashboards(),
      }),
    );
  }
  if (profile.alerting.enabled) charts.push(new AlertingChart(app, chartId(MANIFEST_FILES.alerting), { profile }));
  return charts.map((chart) => ({ file: `${chart.node.id}.k8s.yaml`, objects: chart.toJson() as KubeObject[] }));
}
