import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { LABELS, SUITE_NAME } from '../../core/labels.ts';
import type { PrometheusRuleGroup } from '../../observability/alert-rules.ts';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr, ServiceMonitor } from '../imports/monitoring.coreos.com.js';
import { ConfigMap } from '../plus.ts';
import type { Profile } from '../profiles.ts';
import { METRICS_PORT_NAME, STATUS_NAME, statusLabels } from './status-chart.ts';

export const DASHBOARDS_CONFIG_MAP = 'pontual-dashboards';
/** The label kube-prometheus-stack's Grafana dashboard sidecar loads ConfigMaps by. */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;
export const SCRAPE_INTERVAL = '30s';
/** The annotation kube-prometheus-stack's sidecar reads the Grafana folder from (`sidecar.dashboards.folderAnnotation`). */
export const GRAFANA_FOLDER_ANNOTATION = 'grafana_folder';

export interface MonitoringChartProps {
  readonly profile: Profile;
  readonly alertRuleGroups: readonly PrometheusRuleGroup[];
  /** File name (e.g. `pontual-overview.json`) → Grafana dashboard JSON model. */
  readonly dashboards: Readonly<Record<string, unknown>>;
}

/** kube-prometheus-stack wiring: scrape the status service, load the alert rules and dashboards. */
export class MonitoringChart extends Chart {
  constructor(scope: Construct, id: string, props: MonitoringChartProps) {
    super(scope, id, { namespace: props.profile.namespace, disableResourceNameHashes: true });
    const { profile } = props;
    const labels = { ...statusLabels(), ...profile.monitoring.selectorLabels };

    new ServiceMonitor(this, 'service-monitor', {
      metadata: { name: STATUS_NAME, labels },
      spec: {
        selector: { matchLabels: statusLabels() },
        namespaceSelector: { matchNames: [profile.namespace] },
        // honorLabels: the metrics' own `namespace` label is the CronJob's, and must not be renamed
        // to exported_namespace by the target's labels.
        endpoints: [{ port: METRICS_PORT_NAME, path: '/metrics', interval: SCRAPE_INTERVAL, honorLabels: true }],
      },
    });
    new PrometheusRule(this, 'prometheus-rule', {
      metadata: { name: STATUS_NAME, labels },
      spec: {
        groups: props.alertRuleGroups.map((group) => ({
          name: group.name,
          rules: group.rules.map((rule) => ({ ...rule, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr) })),
        })),
      },
    });
    new ConfigMap(this, 'dashboards', {
      metadata: {
        name: DASHBOARDS_CONFIG_MAP,
        labels: { [LABELS.partOf]: SUITE_NAME, ...GRAFANA_DASHBOARD_LABEL },
        annotations: { [GRAFANA_FOLDER_ANNOTATION]: profile.monitoring.grafanaFolder },
      },
      // Compact JSON: `kubectl apply` keeps a copy in an annotation limited to 256 KiB.
      data: Object.fromEntries(Object.entries(props.dashboards).map(([file, model]) => [file, JSON.stringify(model)])),
    });
  }
}
