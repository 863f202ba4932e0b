/**
 * The HTML status page: one table a person reads at a glance, rendered on the server (no
 * front-end build). Times in São Paulo, where the operators are.
 */
import { DateTime } from 'luxon';
import type { CronJobSummary } from '../../core/model/summarize.ts';
import type { HealthReport } from './health-report.ts';
import { htmlDocument, refreshToggle } from './html-document.ts';
import { escapeHtml } from './html-escape.ts';
import { jobPagePath } from './job-page-path.ts';

export const PAGE_TIME_ZONE = 'America/Sao_Paulo';

export type State = 'ok' | 'failed' | 'late' | 'running' | 'suspended' | 'pending';

export const STATE_LABELS: Readonly<Record<State, string>> = {
  ok: 'OK',
  failed: 'Failed',
  late: 'Late',
  running: 'Running',
  suspended: 'Suspended',
  pending: 'No runs yet',
};

export function jobState(summary: CronJobSummary): State {
  if (summary.suspended) return 'suspended';
  if (summary.late) return 'late';
  if (summary.lastRunFailed) return 'failed';
  if (summary.activeRuns > 0) return 'running';
  return summary.lastOutcome === undefined ? 'pending' : 'ok';
}

const escape = escapeHtml;

function localTime(date: Date | undefined): string {
  return date === undefined ? '—' : DateTime.fromJSDate(date).setZone(PAGE_TIME_ZONE).toFormat('dd/MM HH:mm:ss');
}

function age(date: Date | undefined, now: Date): string {
  if (date === undefined) return '';
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const text = abs < 90 ? `${abs}s` : abs < 5400 ? `${Math.round(abs / 60)}min` : abs < 172_800 ? `${Math.round(abs / 3600)}h` : `${Math.round(abs / 86_400)}d`;
  return seconds >= 0 ? `${text} ago` : `in ${text}`;
}

function outcomeDots(summary: CronJobSummary): string {
  return summary.runs
    .slice(0, 10)
    .map((run) => {
      const title = `${run.job ?? run.runId ?? ''} ${run.outcome}${run.reason === '' ? '' : ` (${run.reason})`} ${localTime(run.startedAt)}`;
      return `<span class="dot ${run.outcome}" role="img" aria-label="${escape(title)}" title="${escape(title)}"></span>`;
    })
    .join('');
}

function row(summary: CronJobSummary, now: Date): string {
  const state = jobState(summary);
  const lastRun = summary.runs.find((run) => run.outcome !== 'running') ?? summary.runs[0];
  const failure = summary.lastFailure;
  const detail =
    state === 'failed' && failure !== undefined
      ? `${failure.reason}${failure.message === undefined ? '' : `: ${failure.message}`}`
      : state === 'late'
        ? 'scheduled time passed without a Job'
        : '';
  return `<tr data-cronjob="${escape(summary.name)}">
  <td class="name"><a href="${escape(jobPagePath(summary.name))}">${escape(summary.name)}</a><div class="muted">${escape(summary.schedule)}</div></td>
  <td><span class="state ${state}">${STATE_LABELS[state]}</span>${detail === '' ? '' : `<div class="muted">${escape(detail)}</div>`}</td>
  <td>${localTime(lastRun?.startedAt)}<div class="muted">${age(lastRun?.startedAt, now)}${lastRun?.durationSeconds === undefined ? '' : ` · ${lastRun.durationSeconds.toFixed(1)}s`}</div></td>
  <td>${localTime(summary.nextSchedule)}<div class="muted">${age(summary.nextSchedule, now)}</div></td>
  <td>${outcomeDots(summary)}</td>
  <td class="num">${summary.consecutiveFailures}</td>
  <td class="num">${summary.missedRuns}</td>
</tr>`;
}

export function renderStatusPage(input: {
  summaries: readonly CronJobSummary[];
  health: HealthReport;
  now: Date;
  namespace: string;
  refresh?: boolean;
}): string {
  const { summaries, health, now } = input;
  const rows = summaries.map((summary) => row(summary, now)).join('\n');
  return htmlDocument({
    title: `pontual · ${health.status}`,
    refreshSeconds: input.refresh === true ? 30 : undefined,
    style: `  body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1f2328; background: #f6f8fa; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .summary { margin: 0 0 16px; color: #57606a; }
  .badge { display: inline-block; padding: 2px 10px; border-radius: 12px; color: #fff; font-weight: 600; }
  .badge.healthy { background: #1a7f37; } .badge.degraded { background: #9a6700; } .badge.unhealthy { background: #cf222e; }
  table { border-collapse: collapse; width: 100%; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.1); }
  th, td { text-align: left; padding: 8px 12px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  th { background: #eaeef2; font-weight: 600; }
  a { color: #0550ae; } a:focus-visible { outline: 3px solid #0550ae; outline-offset: 2px; }
  .name { font-weight: 600; } .muted { color: #57606a; font-size: 12px; font-weight: 400; } .num { text-align: right; }
  .state { display: inline-block; padding: 1px 8px; border-radius: 4px; font-weight: 600; color: #fff; }
  .state.ok { background: #1a7f37; } .state.failed { background: #cf222e; } .state.late { background: #bc4c00; }
  .state.running { background: #0969da; } .state.suspended, .state.pending { background: #57606a; }
  .dot { display: inline-block; width: 12px; height: 12px; border-radius: 50%; margin-right: 3px; }
  .dot.succeeded { background: #1a7f37; } .dot.failed { background: #cf222e; } .dot.running { background: #0969da; } .dot.skipped { background: #afb8c1; }`,
    body: `<h1>pontual <span class="badge ${health.status}">${escape(health.status)}</span></h1>
<p class="summary">Namespace ${escape(input.namespace)} · ${summaries.length} jobs · scheduler ${health.scheduler_running ? 'on time' : 'late'} · Redis ${health.redis_connected ? 'connected' : health.redis_configured ? 'not connected' : 'not configured'} · ${localTime(now)} (São Paulo) · ${refreshToggle('/', 30, input.refresh === true)}${health.problems.length === 0 ? '' : `<br>${health.problems.map(escape).join(' · ')}`}</p>
<table>
<thead><tr><th>Job</th><th>State</th><th>Last run</th><th>Next run (São Paulo)</th><th>Recent runs</th><th class="num">Failures in a row</th><th class="num">Missed</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`,
  });
}
