import { jobDetailDashboard } from './job-detail-dashboard.ts';
import { overviewDashboard } from './overview-dashboard.ts';
import { statusServiceDashboard } from './status-service-dashboard.ts';

/**
 * The Grafana dashboards of pontual, keyed by the JSON file name they ship as (in the sidecar
 * ConfigMap, the Helm chart and observability/generated/).
 */
export function dashboards(): Record<string, unknown> {
  return {
    'pontual-overview.json': overviewDashboard(),
    'pontual-job-detail.json': jobDetailDashboard(),
    'pontual-status-service.json': statusServiceDashboard(),
  };
}
