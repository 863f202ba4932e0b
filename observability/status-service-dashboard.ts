import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { GraphDrawStyle, GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode, LineInterpolation } from '@grafana/grafana-foundation-sdk/common';
import { STATUS_SCRAPE_JOB, WATCH_STALE_SECONDS } from './alert-rules.ts';
import {
  PROMETHEUS,
  STATUS_TARGET,
  UIDS,
  type DashboardModel,
  grid,
  namespaceVariable,
  pontualDashboard,
  promQuery,
  statPanel,
  thresholds,
  valueText,
} from './dashboard-kit.ts';

/**
 * Status service: is the thing that feeds every other dashboard and alert healthy — scraped,
 * watching, current, and within its resources.
 */

function timeseries(id: number, title: string, x: number, y: number, w: number, expr: string, legend: string): TimeseriesPanelBuilder {
  return new TimeseriesPanelBuilder()
    .id(id)
    .title(title)
    .datasource(PROMETHEUS)
    .gridPos(grid(x, y, w, 8))
    .withTarget(promQuery(expr, { legend }))
    .min(0);
}

export function statusServiceDashboard(): DashboardModel {
  return pontualDashboard({
    title: 'pontual / Status service',
    uid: UIDS.statusService,
    description: 'Health of the pontual status service: scrapes, Kubernetes watches, restarts, event lag, memory and CPU.',
    from: 'now-24h',
  })
    .withVariable(namespaceVariable(`up{job="${STATUS_SCRAPE_JOB}"}`))
    .withPanel(statPanel(1, 'Replicas up', grid(0, 0, 4, 4), `sum(up{${STATUS_TARGET}})`).thresholds(thresholds('red', [1, 'green'])))
    .withPanel(
      statPanel(2, 'Watch synced', grid(4, 0, 8, 4), `min by (resource) (pontual_watch_synced{${STATUS_TARGET}})`, '{{resource}}').mappings(
        valueText({ 0: ['Not synced', 'red'], 1: ['Synced', 'green'] }),
      ),
    )
    .withPanel(
      statPanel(3, 'Redis', grid(12, 0, 4, 4), `min(pontual_redis_connected{${STATUS_TARGET}})`).mappings(
        valueText({ 0: ['Disconnected', 'red'], 1: ['Connected', 'green'] }),
      ),
    )
    .withPanel(
      statPanel(4, 'Process restarts (time range)', grid(16, 0, 4, 4), `sum(changes(process_start_time_seconds{${STATUS_TARGET}}[$__range]))`).thresholds(
        thresholds('green', [1, 'orange']),
      ),
    )
    .withPanel(
      statPanel(
        5,
        'Watch restarts (time range)',
        grid(20, 0, 4, 4),
        `round(sum(increase(pontual_watch_restarts_total{${STATUS_TARGET}}[$__range])))`,
      ).thresholds(thresholds('green', [1, 'orange'])),
    )
    .withPanel(
      timeseries(6, 'Scrape health', 0, 4, 8, `up{${STATUS_TARGET}}`, '{{instance}}')
        .lineInterpolation(LineInterpolation.StepAfter)
        .max(1)
        .mappings(valueText({ 0: ['down', 'red'], 1: ['up', 'green'] })),
    )
    .withPanel(
      // Every replica receives the same events: `max`, not `sum`, so two replicas do not show twice the cluster's churn.
      timeseries(
        7,
        'Watch events per second',
        8,
        4,
        8,
        `max by (resource) (rate(pontual_watch_events_total{${STATUS_TARGET}}[$__rate_interval]))`,
        '{{resource}}',
      )
        .description('Events per second the API server sends on each watch (the same for every replica).')
        .unit('ops'),
    )
    .withPanel(
      timeseries(
        8,
        'Watch restarts',
        16,
        4,
        8,
        `sum by (resource) (increase(pontual_watch_restarts_total{${STATUS_TARGET}}[$__rate_interval]))`,
        '{{resource}}',
      )
        .drawStyle(GraphDrawStyle.Bars)
        .decimals(0),
    )
    .withPanel(
      timeseries(9, 'Time since last watch event', 0, 12, 12, `max by (resource) (pontual_watch_last_event_age_seconds{${STATUS_TARGET}})`, '{{resource}}')
        .description(`The stale-watch alert fires above ${WATCH_STALE_SECONDS / 60} minutes (dashed line).`)
        .unit('s')
        .thresholds(thresholds('green', [WATCH_STALE_SECONDS, 'red']))
        .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed)),
    )
    .withPanel(timeseries(10, 'Event loop lag', 12, 12, 12, `nodejs_eventloop_lag_seconds{${STATUS_TARGET}}`, '{{instance}}').unit('s'))
    .withPanel(timeseries(11, 'Memory (resident)', 0, 20, 12, `process_resident_memory_bytes{${STATUS_TARGET}}`, '{{instance}}').unit('bytes'))
    .withPanel(
      timeseries(12, 'CPU', 12, 20, 12, `rate(process_cpu_seconds_total{${STATUS_TARGET}}[$__rate_interval])`, '{{instance}}')
        .unit('percentunit')
        .description('CPU seconds per second: 1.0 is one full core.'),
    )
    .build();
}
