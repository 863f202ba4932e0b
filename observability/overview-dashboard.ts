import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  GraphDrawStyle,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  StackingConfigBuilder,
  StackingMode,
  TableCellDisplayMode,
} from '@grafana/grafana-foundation-sdk/common';
import {
  IN_NAMESPACE,
  PROMETHEUS,
  STATUS_TARGET,
  UIDS,
  type DashboardModel,
  byJob,
  perBucket,
  perRunSeries,
  grid,
  namespaceVariable,
  pontualDashboard,
  promQuery,
  statPanel,
  thresholds,
  valueText,
} from './dashboard-kit.ts';

/**
 * Overview: every CronJob of a namespace on one screen, one table row per job, so "is anything
 * wrong, and where" is answered without clicking.
 */

/** Table columns, in display order: refId, header, instant query, field overrides. */
const COLUMNS = [
  {
    ref: 'STATE',
    header: 'State',
    expr: byJob(`2 * pontual_cronjob_suspended{${IN_NAMESPACE}} + clamp_max(pontual_cronjob_active_runs{${IN_NAMESPACE}}, 1)`),
    properties: [
      {
        id: 'mappings',
        value: valueText({ 0: ['Scheduled', 'green'], 1: ['Running', 'blue'], 2: ['Suspended', 'orange'], 3: ['Suspended, running', 'orange'] }),
      },
      { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorText } },
    ],
  },
  {
    ref: 'LAST',
    header: 'Last run',
    expr: byJob(`pontual_cronjob_last_run_failed{${IN_NAMESPACE}}`),
    properties: [
      { id: 'mappings', value: valueText({ 0: ['Succeeded', 'green'], 1: ['Failed', 'red'] }) },
      { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorBackground } },
    ],
  },
  {
    ref: 'SINCE',
    header: 'Since last success',
    expr: `time() - ${byJob(`pontual_cronjob_last_success_timestamp_seconds{${IN_NAMESPACE}} > 0`)}`,
    properties: [
      { id: 'unit', value: 's' },
      { id: 'decimals', value: 0 },
    ],
  },
  {
    ref: 'NEXT',
    header: 'Next run (São Paulo)',
    // Grafana's date units take milliseconds and render in the dashboard time zone.
    expr: `${byJob(`pontual_cronjob_next_schedule_timestamp_seconds{${IN_NAMESPACE}} > 0`)} * 1000`,
    properties: [{ id: 'unit', value: 'dateTimeAsIso' }],
  },
  {
    ref: 'RATIO',
    header: 'Success (7d)',
    // Skipped runs (lock held elsewhere) are neither success nor failure. The `or 0 *` term keeps
    // jobs whose every run failed at 0 % instead of dropping them from the table.
    expr:
      `sum by (namespace, cronjob) (${perRunSeries(`increase(pontual_cronjob_runs_total{${IN_NAMESPACE}, outcome="succeeded"}[7d])`)} ` +
      `or 0 * ${perRunSeries(`increase(pontual_cronjob_runs_total{${IN_NAMESPACE}, outcome="failed"}[7d])`)}) ` +
      `/ sum by (namespace, cronjob) (${perRunSeries(`increase(pontual_cronjob_runs_total{${IN_NAMESPACE}, outcome=~"succeeded|failed"}[7d])`)})`,
    properties: [
      { id: 'unit', value: 'percentunit' },
      { id: 'decimals', value: 1 },
      { id: 'thresholds', value: thresholds('red', [0.9, 'orange'], [0.99, 'green']).build() },
      { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorText } },
    ],
  },
  {
    ref: 'P95',
    header: 'p95 duration (7d)',
    expr: `histogram_quantile(0.95, ${perBucket(`increase(pontual_cronjob_run_duration_seconds_bucket{${IN_NAMESPACE}}[7d])`)})`,
    properties: [{ id: 'unit', value: 's' }],
  },
  {
    ref: 'TIMEOUT',
    header: 'Timeout',
    expr: byJob(`pontual_cronjob_timeout_seconds{${IN_NAMESPACE}}`),
    properties: [{ id: 'unit', value: 's' }],
  },
  {
    ref: 'P95RATIO',
    header: 'p95 / timeout',
    expr:
      `histogram_quantile(0.95, ${perBucket(`increase(pontual_cronjob_run_duration_seconds_bucket{${IN_NAMESPACE}}[7d])`)}) ` +
      `/ ${byJob(`pontual_cronjob_timeout_seconds{${IN_NAMESPACE}} > 0`)}`,
    properties: [
      { id: 'unit', value: 'percentunit' },
      { id: 'min', value: 0 },
      { id: 'max', value: 1 },
      { id: 'thresholds', value: thresholds('green', [0.5, 'orange'], [0.8, 'red']).build() },
      { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.Gauge } },
    ],
  },
  {
    ref: 'CONSECUTIVE',
    header: 'Consecutive failures',
    expr: byJob(`pontual_cronjob_consecutive_failures{${IN_NAMESPACE}}`),
    properties: [
      { id: 'thresholds', value: thresholds('green', [1, 'orange'], [3, 'red']).build() },
      { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorText } },
    ],
  },
  {
    ref: 'MISSED',
    header: 'Missed (7d)',
    expr: `round(${byJob(`increase(pontual_cronjob_missed_runs_total{${IN_NAMESPACE}}[7d])`)})`,
    properties: [
      { id: 'thresholds', value: thresholds('green', [1, 'orange']).build() },
      { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorText } },
    ],
  },
  {
    ref: 'LATE',
    header: 'Late',
    expr: byJob(`pontual_cronjob_late{${IN_NAMESPACE}}`),
    properties: [
      { id: 'mappings', value: valueText({ 0: ['On time', 'green'], 1: ['Late', 'red'] }) },
      { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorText } },
    ],
  },
] as const;

function cronJobTable(): TablePanelBuilder {
  const table = new TablePanelBuilder()
    .id(7)
    .title('CronJobs')
    .description('One row per CronJob. Click a name for its detail dashboard.')
    .datasource(PROMETHEUS)
    .gridPos(grid(0, 4, 24, 10))
    .withTarget(promQuery(`max by (namespace, cronjob, schedule) (pontual_cronjob_info{${IN_NAMESPACE}})`, { refId: 'INFO', table: true }));
  for (const column of COLUMNS) table.withTarget(promQuery(column.expr, { refId: column.ref, table: true }));

  const valueColumns = COLUMNS.map((column) => `Value #${column.ref}`);
  table
    .withTransformation({ id: 'merge', options: {} })
    .withTransformation({
      id: 'organize',
      options: {
        excludeByName: { Time: true, namespace: true, 'Value #INFO': true },
        renameByName: {
          cronjob: 'CronJob',
          schedule: 'Schedule',
          ...Object.fromEntries(COLUMNS.map((column) => [`Value #${column.ref}`, column.header])),
        },
        indexByName: Object.fromEntries(['cronjob', 'schedule', ...valueColumns].map((name, index) => [name, index])),
      },
    })
    .overrideByName('CronJob', [
      {
        id: 'links',
        value: [
          {
            title: 'Job detail',
            url: `/d/${UIDS.jobDetail}?\${datasource:queryparam}&\${namespace:queryparam}&var-cronjob=\${__value.raw}&\${__url_time_range}`,
          },
        ],
      },
    ]);
  for (const column of COLUMNS) table.overrideByName(column.header, [...column.properties]);
  return table;
}

export function overviewDashboard(): DashboardModel {
  return pontualDashboard({
    title: 'pontual / Overview',
    uid: UIDS.overview,
    description: 'Every pontual CronJob of a namespace: state, last outcome, timing, reliability.',
    from: 'now-24h',
  })
    .withVariable(namespaceVariable('pontual_cronjob_info'))
    .withPanel(statPanel(1, 'CronJobs', grid(0, 0, 4, 4), `count(${byJob(`pontual_cronjob_info{${IN_NAMESPACE}}`)})`).thresholds(thresholds('blue')))
    .withPanel(
      statPanel(2, 'Last run failed', grid(4, 0, 4, 4), `sum(${byJob(`pontual_cronjob_last_run_failed{${IN_NAMESPACE}}`)})`).thresholds(
        thresholds('green', [1, 'red']),
      ),
    )
    .withPanel(statPanel(3, 'Running now', grid(8, 0, 4, 4), `sum(${byJob(`pontual_cronjob_active_runs{${IN_NAMESPACE}}`)})`).thresholds(thresholds('blue')))
    .withPanel(
      statPanel(4, 'Suspended', grid(12, 0, 4, 4), `sum(${byJob(`pontual_cronjob_suspended{${IN_NAMESPACE}}`)})`).thresholds(
        thresholds('green', [1, 'orange']),
      ),
    )
    .withPanel(
      statPanel(
        5,
        'Missed runs (time range)',
        grid(16, 0, 4, 4),
        `round(sum(${byJob(`increase(pontual_cronjob_missed_runs_total{${IN_NAMESPACE}}[$__range])`)}))`,
      ).thresholds(thresholds('green', [1, 'orange'])),
    )
    .withPanel(statPanel(6, 'Status service replicas up', grid(20, 0, 4, 4), `sum(up{${STATUS_TARGET}})`).thresholds(thresholds('red', [1, 'green'])))
    .withPanel(cronJobTable())
    .withPanel(
      new TimeseriesPanelBuilder()
        .id(8)
        .title('Runs by outcome')
        .datasource(PROMETHEUS)
        .gridPos(grid(0, 14, 12, 8))
        .withTarget(
          promQuery(`sum by (outcome) (${perRunSeries(`increase(pontual_cronjob_runs_total{${IN_NAMESPACE}}[$__rate_interval])`)})`, { legend: '{{outcome}}' }),
        )
        .drawStyle(GraphDrawStyle.Bars)
        .fillOpacity(80)
        .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
        .overrideByName('succeeded', [{ id: 'color', value: { mode: 'fixed', fixedColor: 'green' } }])
        .overrideByName('failed', [{ id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }])
        .overrideByName('skipped', [{ id: 'color', value: { mode: 'fixed', fixedColor: 'yellow' } }]),
    )
    .withPanel(
      new TimeseriesPanelBuilder()
        .id(9)
        .title('Last run duration, share of timeout')
        .description("Each job's last finished run as a fraction of its activeDeadlineSeconds; the alert threshold for running jobs is 80 %.")
        .datasource(PROMETHEUS)
        .gridPos(grid(12, 14, 12, 8))
        .withTarget(
          promQuery(`${byJob(`pontual_cronjob_last_duration_seconds{${IN_NAMESPACE}}`)} / ${byJob(`pontual_cronjob_timeout_seconds{${IN_NAMESPACE}} > 0`)}`, {
            legend: '{{cronjob}}',
          }),
        )
        .unit('percentunit')
        .min(0)
        .thresholds(thresholds('green', [0.8, 'red']))
        .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed)),
    )
    .build();
}
