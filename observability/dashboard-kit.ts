import {
  DashboardBuilder,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  MappingType,
  VariableRefresh,
  VariableSort,
  type GridPos,
  type Dashboard,
  type ValueMapping,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { BigValueColorMode, BigValueGraphMode, ReduceDataOptionsBuilder, type DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { STATUS_SCRAPE_JOB } from './alert-rules.ts';

/**
 * The small vocabulary the three dashboards share: the Prometheus datasource variable, the
 * namespace and cronjob variables, query and threshold shorthands.
 */

export const DASHBOARD_TIME_ZONE = 'America/Sao_Paulo';
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

export const UIDS = {
  overview: 'pontual-overview',
  jobDetail: 'pontual-job-detail',
  statusService: 'pontual-status-service',
} as const;

/** Label matchers of the selected namespace, and of the selected CronJob in it. */
export const IN_NAMESPACE = 'namespace="$namespace"';
export const IN_CRONJOB = 'namespace="$namespace", cronjob="$cronjob"';
/** The status service's own series (process, watch, up): its scrape job in the selected namespace. */
export const STATUS_TARGET = `job="${STATUS_SCRAPE_JOB}", namespace="$namespace"`;

/** One value per CronJob however many status-service replicas Prometheus scrapes. */
export const byJob = (expr: string): string => `max by (namespace, cronjob) (${expr})`;

/**
 * Run counts once per series identity: every status-service replica exports the same counters, so
 * they are deduplicated with `max by` over the labels the status service sets before any sum
 * (a plain `sum by (outcome)` shows 5 runs as 10 with two replicas).
 */
export const perRunSeries = (expr: string): string => `max by (namespace, cronjob, outcome, reason) (${expr})`;
/** Duration histogram buckets once per CronJob and bucket, whatever the number of replicas. */
export const perBucket = (expr: string): string => `max by (namespace, cronjob, le) (${expr})`;

export function datasourceVariable(): DatasourceVariableBuilder {
  return new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus');
}

export function namespaceVariable(metric: string): QueryVariableBuilder {
  return new QueryVariableBuilder('namespace')
    .label('Namespace')
    .datasource(PROMETHEUS)
    .query(`label_values(${metric}, namespace)`)
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.AlphabeticalAsc);
}

export function cronJobVariable(): QueryVariableBuilder {
  return new QueryVariableBuilder('cronjob')
    .label('CronJob')
    .datasource(PROMETHEUS)
    .query(`label_values(pontual_cronjob_info{${IN_NAMESPACE}}, cronjob)`)
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.AlphabeticalAsc);
}

export interface QueryOptions {
  readonly refId?: string;
  readonly legend?: string;
  /** An instant query shaped as a table, for table panels. */
  readonly table?: boolean;
  readonly instant?: boolean;
}

export function promQuery(expr: string, options: QueryOptions = {}): DataqueryBuilder {
  const query = new DataqueryBuilder()
    .datasource(PROMETHEUS)
    .expr(expr)
    .refId(options.refId ?? 'A');
  if (options.legend !== undefined) query.legendFormat(options.legend);
  if (options.table === true) query.instant().format(PromQueryFormat.Table);
  else if (options.instant === true) query.instant();
  else query.range();
  return query;
}

export function grid(x: number, y: number, w: number, h: number): GridPos {
  return { x, y, w, h };
}

/** Absolute thresholds from a base color and `[value, color]` steps. */
export function thresholds(base: string, ...steps: readonly (readonly [number, string])[]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...steps.map(([value, color]) => ({ value, color }))]);
}

/** Maps exact numeric values to text and color, e.g. 0/1 gauges. */
export function valueText(entries: Record<number, readonly [string, string]>): ValueMapping[] {
  const options = Object.fromEntries(Object.entries(entries).map(([value, [text, color]], index) => [value, { text, color, index }]));
  return [{ type: MappingType.ValueToText, options }];
}

/** A single-number stat showing the latest value, colored by its thresholds. */
export function statPanel(id: number, title: string, gridPos: GridPos, expr: string, legend?: string): StatPanelBuilder {
  return new StatPanelBuilder()
    .id(id)
    .title(title)
    .datasource(PROMETHEUS)
    .gridPos(gridPos)
    .withTarget(promQuery(expr, { instant: true, ...(legend === undefined ? {} : { legend }) }))
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .graphMode(BigValueGraphMode.None)
    .colorMode(BigValueColorMode.Background);
}

/** A dropdown to the other pontual dashboards, carrying the variables and time range along. */
export function suiteLinks(): DashboardLinkBuilder {
  return new DashboardLinkBuilder('pontual').type(DashboardLinkType.Dashboards).tags(['pontual']).asDropdown(true).includeVars(true).keepTime(true);
}

/*
 * The SDK marks the classic dashboard model deprecated in favour of dashboardv2, but the classic
 * JSON is what Grafana's file provisioning and the kube-prometheus-stack sidecar load; v2 needs
 * Grafana 12 with feature flags. So pontual stays on the classic model, here and only here.
 */
// eslint-disable-next-line @typescript-eslint/no-deprecated -- see above.
export type DashboardModel = Dashboard;

export interface DashboardOptions {
  readonly title: string;
  readonly uid: string;
  readonly description: string;
  /** Default time range start, e.g. `now-24h`. */
  readonly from: string;
}

/** A pontual dashboard: São Paulo time, read-only, the datasource variable and links to its siblings. */
// eslint-disable-next-line @typescript-eslint/no-deprecated -- see DashboardModel.
export function pontualDashboard(options: DashboardOptions): DashboardBuilder {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- see DashboardModel.
  return new DashboardBuilder(options.title)
    .uid(options.uid)
    .description(options.description)
    .tags(['pontual'])
    .timezone(DASHBOARD_TIME_ZONE)
    .time({ from: options.from, to: 'now' })
    .refresh('1m')
    .readonly()
    .withVariable(datasourceVariable())
    .link(suiteLinks());
}
