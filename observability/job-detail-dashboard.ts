import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  BigValueColorMode,
  BigValueTextMode,
  GraphDrawStyle,
  LineInterpolation,
  StackingConfigBuilder,
  StackingMode,
} from '@grafana/grafana-foundation-sdk/common';
import {
  IN_CRONJOB,
  PROMETHEUS,
  UIDS,
  type DashboardModel,
  byJob,
  perRunSeries,
  cronJobVariable,
  grid,
  namespaceVariable,
  pontualDashboard,
  promQuery,
  statPanel,
  thresholds,
  valueText,
} from './dashboard-kit.ts';

/**
 * Job detail: one CronJob over time — how long its runs take against its timeout, how they end
 * and why, whether the controller started them on time.
 */

const fixedColor = (color: string) => ({ id: 'color', value: { mode: 'fixed', fixedColor: color } });
const dashed = { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } };

function durationPanel(): TimeseriesPanelBuilder {
  return (
    new TimeseriesPanelBuilder()
      .id(7)
      .title('Run duration against the timeout')
      .description(
        'Last finished run and the elapsed time of the run in progress; the dashed lines are the timeout (activeDeadlineSeconds) and the 80 % alert threshold.',
      )
      .datasource(PROMETHEUS)
      .gridPos(grid(0, 4, 16, 9))
      .withTarget(promQuery(byJob(`pontual_cronjob_last_duration_seconds{${IN_CRONJOB}}`), { refId: 'A', legend: 'Last run' }))
      .withTarget(promQuery(byJob(`pontual_cronjob_active_run_duration_seconds{${IN_CRONJOB}}`), { refId: 'B', legend: 'Run in progress' }))
      // The timeout differs per job, so it is drawn as a series rather than a fixed panel threshold.
      .withTarget(promQuery(byJob(`pontual_cronjob_timeout_seconds{${IN_CRONJOB}}`), { refId: 'C', legend: 'Timeout' }))
      .withTarget(promQuery(`0.8 * ${byJob(`pontual_cronjob_timeout_seconds{${IN_CRONJOB}}`)}`, { refId: 'D', legend: '80 % of timeout' }))
      .unit('s')
      .min(0)
      .lineInterpolation(LineInterpolation.StepAfter)
      .overrideByName('Timeout', [fixedColor('red'), dashed, { id: 'custom.fillOpacity', value: 0 }])
      .overrideByName('80 % of timeout', [fixedColor('orange'), dashed, { id: 'custom.fillOpacity', value: 0 }])
      .overrideByName('Run in progress', [fixedColor('blue')])
      .overrideByName('Last run', [fixedColor('green')])
  );
}

function activeRunsPanel(): TimeseriesPanelBuilder {
  return new TimeseriesPanelBuilder()
    .id(8)
    .title('Active runs')
    .datasource(PROMETHEUS)
    .gridPos(grid(16, 4, 8, 9))
    .withTarget(promQuery(byJob(`pontual_cronjob_active_runs{${IN_CRONJOB}}`), { legend: 'Active runs' }))
    .lineInterpolation(LineInterpolation.StepAfter)
    .fillOpacity(30)
    .decimals(0)
    .min(0);
}

function outcomesPanel(): TimeseriesPanelBuilder {
  return new TimeseriesPanelBuilder()
    .id(9)
    .title('Outcomes by reason')
    .description('Finished runs per interval: success, failure by reason (BackoffLimitExceeded, DeadlineExceeded, exit codes...), skipped.')
    .datasource(PROMETHEUS)
    .gridPos(grid(0, 13, 12, 8))
    .withTarget(
      promQuery(`sum by (outcome, reason) (${perRunSeries(`increase(pontual_cronjob_runs_total{${IN_CRONJOB}}[$__rate_interval])`)})`, {
        legend: '{{outcome}} {{reason}}',
      }),
    )
    .drawStyle(GraphDrawStyle.Bars)
    .fillOpacity(80)
    .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
    .overrideByRegexp('^succeeded.*', [fixedColor('green')])
    .overrideByRegexp('^skipped.*', [fixedColor('yellow')])
    .min(0);
}

function missedAndLatePanel(): TimeseriesPanelBuilder {
  return new TimeseriesPanelBuilder()
    .id(10)
    .title('Missed and late runs')
    .description('Missed: scheduled runs the controller did not start within startingDeadlineSeconds. Late: the scheduled run has not started yet.')
    .datasource(PROMETHEUS)
    .gridPos(grid(12, 13, 12, 8))
    .withTarget(promQuery(byJob(`increase(pontual_cronjob_missed_runs_total{${IN_CRONJOB}}[$__rate_interval])`), { refId: 'A', legend: 'Missed' }))
    .withTarget(promQuery(byJob(`pontual_cronjob_late{${IN_CRONJOB}}`), { refId: 'B', legend: 'Late (1 = yes)' }))
    .lineInterpolation(LineInterpolation.StepAfter)
    .overrideByName('Missed', [fixedColor('orange'), { id: 'custom.drawStyle', value: GraphDrawStyle.Bars }])
    .overrideByName('Late (1 = yes)', [fixedColor('red')])
    .min(0);
}

export function jobDetailDashboard(): DashboardModel {
  return pontualDashboard({
    title: 'pontual / Job detail',
    uid: UIDS.jobDetail,
    description: 'One pontual CronJob over time: durations against its timeout, outcomes by reason, missed and late runs.',
    from: 'now-7d',
  })
    .withVariable(namespaceVariable('pontual_cronjob_info'))
    .withVariable(cronJobVariable())
    .withPanel(
      statPanel(1, 'Schedule', grid(0, 0, 5, 4), `max by (schedule, timezone) (pontual_cronjob_info{${IN_CRONJOB}})`, '{{schedule}} ({{timezone}})')
        .textMode(BigValueTextMode.Name)
        .colorMode(BigValueColorMode.None),
    )
    .withPanel(
      statPanel(2, 'Last run', grid(5, 0, 3, 4), byJob(`pontual_cronjob_last_run_failed{${IN_CRONJOB}}`)).mappings(
        valueText({ 0: ['Succeeded', 'green'], 1: ['Failed', 'red'] }),
      ),
    )
    .withPanel(
      statPanel(3, 'Since last success', grid(8, 0, 4, 4), `time() - ${byJob(`pontual_cronjob_last_success_timestamp_seconds{${IN_CRONJOB}} > 0`)}`)
        .unit('s')
        .decimals(0)
        .colorMode(BigValueColorMode.None),
    )
    .withPanel(
      // Grafana's date units take milliseconds and render in the dashboard time zone (São Paulo).
      statPanel(4, 'Next run (São Paulo)', grid(12, 0, 5, 4), `${byJob(`pontual_cronjob_next_schedule_timestamp_seconds{${IN_CRONJOB}} > 0`)} * 1000`)
        .unit('dateTimeAsIso')
        .colorMode(BigValueColorMode.None),
    )
    .withPanel(
      statPanel(5, 'Consecutive failures', grid(17, 0, 3, 4), byJob(`pontual_cronjob_consecutive_failures{${IN_CRONJOB}}`)).thresholds(
        thresholds('green', [1, 'orange'], [3, 'red']),
      ),
    )
    .withPanel(
      statPanel(6, 'Suspended', grid(20, 0, 4, 4), byJob(`pontual_cronjob_suspended{${IN_CRONJOB}}`)).mappings(
        valueText({ 0: ['No', 'green'], 1: ['Yes', 'orange'] }),
      ),
    )
    .withPanel(durationPanel())
    .withPanel(activeRunsPanel())
    .withPanel(outcomesPanel())
    .withPanel(missedAndLatePanel())
    .build();
}
