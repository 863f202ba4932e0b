/**
 * `/jobs/<name>`: one CronJob in depth, where an alert's link lands. Its schedule in words and
 * its next runs, its run history from the ledger past Kubernetes' job retention (outcome, reason,
 * exit code, duration against the timeout, how late each run started), a duration chart drawn
 * as inline SVG, why the last run failed in the words `kubectl pontual why` uses, and the
 * kubectl commands to act. Rendered on the server: no front-end build, no script.
 *
 * Accessibility: every state is written in words (colour only repeats it), the chart has a text
 * alternative and the table carries the same numbers, links and scrollable regions are reachable
 * by keyboard with a visible focus ring, and colours meet WCAG AA contrast.
 */
import { DateTime } from 'luxon';
import { explainLastFailure } from '../../core/explain-failure.ts';
import { describeSchedule } from '../../core/schedule/describe-schedule.ts';
import { nextFire, parseSchedule } from '../../core/schedule/cron-schedule.ts';
import { runTrigger, scheduledTimeFromJobName } from '../../core/run-trigger.ts';
import type { CronJobSummary, RunSummary } from '../../core/model/summarize.ts';
import { htmlDocument, refreshToggle } from './html-document.ts';
import { escapeHtml as escape } from './html-escape.ts';
import { jobPagePath } from './job-page-path.ts';
import { jobState, PAGE_TIME_ZONE, STATE_LABELS } from './status-page.ts';

const NEXT_RUNS = 5;
const CHART_RUNS = 60;

export interface JobPageInput {
  readonly summary: CronJobSummary;
  readonly now: Date;
  /** The reader asked for auto-refresh (`?refresh=on`). */
  readonly refresh?: boolean;
}

function local(date: Date | undefined, format = 'ccc dd/MM HH:mm:ss'): string {
  return date === undefined ? '—' : DateTime.fromJSDate(date).setZone(PAGE_TIME_ZONE).toFormat(format);
}

/** "42 s", "3 min 5 s", "2 h 4 min": durations people read, to the second below an hour. */
export function humanSeconds(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${s % 60} s`;
  const minutes = Math.round(s / 60);
  return minutes % 60 === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function relative(date: Date, now: Date): string {
  const seconds = (date.getTime() - now.getTime()) / 1000;
  return seconds >= 0 ? `in ${humanSeconds(seconds)}` : `${humanSeconds(seconds)} ago`;
}

export interface RunRow {
  readonly id: string;
  readonly trigger: string;
  readonly outcome: string;
  readonly reason: string;
  readonly exitCode: number | undefined;
  readonly scheduledAt: Date | undefined;
  readonly startedAt: Date | undefined;
  /** Started minus scheduled, seconds; undefined for manual runs and runs without a schedule time. */
  readonly delaySeconds: number | undefined;
  readonly durationSeconds: number | undefined;
  /** Duration as a share of the timeout (1 = the whole timeout). */
  readonly timeoutShare: number | undefined;
  readonly message: string | undefined;
}

/** The run history's rows: the schedule time of a controller-made Job comes from its name once the Job is gone. */
export function runRows(summary: CronJobSummary): RunRow[] {
  return summary.runs.map((run: RunSummary) => {
    const trigger = runTrigger(summary.name, run);
    const scheduledAt = run.scheduledAt ?? (trigger === 'scheduled' ? scheduledTimeFromJobName(summary.name, run.job) : undefined);
    return {
      id: run.job ?? run.runId ?? '—',
      trigger,
      outcome: run.outcome,
      reason: run.reason,
      exitCode: run.exitCode,
      scheduledAt,
      startedAt: run.startedAt,
      delaySeconds: scheduledAt === undefined || run.startedAt === undefined ? undefined : (run.startedAt.getTime() - scheduledAt.getTime()) / 1000,
      durationSeconds: run.durationSeconds,
      timeoutShare:
        run.durationSeconds === undefined || summary.timeoutSeconds === undefined || summary.timeoutSeconds <= 0
          ? undefined
          : run.durationSeconds / summary.timeoutSeconds,
      message: run.message,
    };
  });
}

/** The next schedule times, computed in the CronJob's zone as the controller does. */
export function nextRuns(summary: CronJobSummary, now: Date, count = NEXT_RUNS): Date[] {
  if (summary.suspended || summary.scheduleError !== undefined) return [];
  let schedule;
  try {
    schedule = parseSchedule(summary.schedule);
  } catch {
    return [];
  }
  const times: Date[] = [];
  // @every counts from the last schedule time; a cron expression from now.
  let after = summary.nextSchedule === undefined ? now : new Date(summary.nextSchedule.getTime() - 1);
  for (let index = 0; index < count; index += 1) {
    const next = nextFire(schedule, after, summary.timeZone);
    if (next === undefined) break;
    times.push(next);
    after = next;
  }
  return times;
}

const OUTCOME_WORDS: Readonly<Record<string, string>> = {
  succeeded: '✓ Succeeded',
  failed: '✕ Failed',
  running: '▶ Running',
  skipped: '– Skipped',
};

function outcomeCell(outcome: string): string {
  return `<span class="outcome ${escape(outcome)}">${escape(OUTCOME_WORDS[outcome] ?? outcome)}</span>`;
}

function historyTable(rows: readonly RunRow[], timeoutSeconds: number | undefined): string {
  if (rows.length === 0) return '<p>No runs recorded yet: neither the cluster nor the run ledger has a run of this job.</p>';
  const body = rows
    .map((row) => {
      const exit = row.exitCode === undefined ? '—' : String(row.exitCode);
      const delay = row.delaySeconds === undefined ? '—' : row.delaySeconds < 1 ? 'on time' : `${humanSeconds(row.delaySeconds)} late`;
      const share = row.timeoutShare === undefined ? '' : ` <span class="muted">(${Math.round(row.timeoutShare * 100)} % of the timeout)</span>`;
      const duration = row.durationSeconds === undefined ? (row.outcome === 'running' ? 'still running' : '—') : `${humanSeconds(row.durationSeconds)}${share}`;
      const reason = row.reason === '' ? '—' : row.reason;
      const message = row.message === undefined ? '' : `<div class="muted message">${escape(row.message)}</div>`;
      return `<tr data-run="${escape(row.id)}">
  <td><code>${escape(row.id)}</code><div class="muted">${escape(row.trigger)}</div></td>
  <td>${outcomeCell(row.outcome)}</td>
  <td>${escape(reason)}${message}</td>
  <td class="num">${escape(exit)}</td>
  <td>${escape(local(row.scheduledAt))}</td>
  <td>${escape(local(row.startedAt))}</td>
  <td>${escape(delay)}</td>
  <td>${duration}</td>
</tr>`;
    })
    .join('\n');
  return `<div class="scroll" tabindex="0" role="region" aria-label="Run history, scrollable">
<table>
<caption>Newest first. Times in São Paulo. Timeout: ${timeoutSeconds === undefined ? 'none set' : escape(humanSeconds(timeoutSeconds))}.</caption>
<thead><tr><th scope="col">Run</th><th scope="col">Outcome</th><th scope="col">Reason</th><th scope="col" class="num">Exit code</th><th scope="col">Scheduled for</th><th scope="col">Started</th><th scope="col">Start delay</th><th scope="col">Duration</th></tr></thead>
<tbody>
${body}
</tbody>
</table>
</div>`;
}

/** Bars of finished runs' durations, oldest on the left, against the timeout: no script, no external file. */
export function durationChart(rows: readonly RunRow[], timeoutSeconds: number | undefined): string {
  const runs = rows
    .filter((row) => row.durationSeconds !== undefined && row.outcome !== 'running')
    .slice(0, CHART_RUNS)
    .reverse();
  if (runs.length === 0) return '<p>No finished run with a duration yet.</p>';
  const durations = runs.map((row) => row.durationSeconds ?? 0);
  const top = Math.max(...durations, timeoutSeconds ?? 0) * 1.1 || 1;
  const width = 720;
  const height = 200;
  const left = 56;
  const bottom = 24;
  const plotHeight = height - bottom - 12;
  const slot = (width - left - 8) / runs.length;
  const barWidth = Math.max(2, Math.min(24, slot * 0.7));
  const y = (seconds: number): number => 12 + plotHeight - (seconds / top) * plotHeight;
  const bars = runs
    .map((row, index) => {
      const seconds = row.durationSeconds ?? 0;
      const x = left + index * slot + (slot - barWidth) / 2;
      const label = `${row.id}: ${OUTCOME_WORDS[row.outcome] ?? row.outcome}, ${humanSeconds(seconds)}, started ${local(row.startedAt)}`;
      const marker =
        row.outcome === 'failed'
          ? `<text x="${(x + barWidth / 2).toFixed(1)}" y="${(y(seconds) - 3).toFixed(1)}" text-anchor="middle" class="marker" aria-hidden="true">✕</text>`
          : '';
      return `<g><title>${escape(label)}</title><rect class="bar ${escape(row.outcome)}" x="${x.toFixed(1)}" y="${y(seconds).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${Math.max(1, y(0) - y(seconds)).toFixed(1)}"></rect>${marker}</g>`;
    })
    .join('');
  const timeoutLine =
    timeoutSeconds === undefined
      ? ''
      : `<line class="timeout" x1="${left}" x2="${width - 8}" y1="${y(timeoutSeconds).toFixed(1)}" y2="${y(timeoutSeconds).toFixed(1)}"></line><text class="axis" x="${width - 8}" y="${(y(timeoutSeconds) - 4).toFixed(1)}" text-anchor="end">timeout ${escape(humanSeconds(timeoutSeconds))}</text>`;
  const sorted = [...durations].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const failed = runs.filter((row) => row.outcome === 'failed').length;
  const description = `${runs.length} finished runs, oldest on the left: median ${humanSeconds(median)}, longest ${humanSeconds(sorted.at(-1) ?? 0)}${timeoutSeconds === undefined ? '' : `, timeout ${humanSeconds(timeoutSeconds)}`}; ${failed} failed (marked ✕ and hatched).`;
  return `<figure>
<svg role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
<title id="chart-title">Run durations</title>
<desc id="chart-desc">${escape(description)}</desc>
<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#a40e26"></rect><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"></line></pattern></defs>
<line class="axisline" x1="${left}" x2="${width - 8}" y1="${y(0)}" y2="${y(0)}"></line>
<text class="axis" x="${left - 6}" y="${y(0)}" text-anchor="end">0 s</text>
<text class="axis" x="${left - 6}" y="${(y(top / 1.1) + 4).toFixed(1)}" text-anchor="end">${escape(humanSeconds(top / 1.1))}</text>
${timeoutLine}
${bars}
</svg>
<figcaption>${escape(description)}</figcaption>
</figure>`;
}

function commands(summary: CronJobSummary): string {
  const ns = `-n ${summary.namespace}`;
  const name = summary.name;
  const lines: [string, string][] = [
    ['Why it did or did not run', `kubectl pontual why ${name} ${ns}`],
    ['Start a run now and watch it', `kubectl pontual run ${name} --wait ${ns}`],
    ['Logs of the last run', `kubectl pontual logs ${name} ${ns}`],
    ['Past runs', `kubectl pontual history ${name} ${ns}`],
    summary.suspended ? ['Resume the schedule', `kubectl pontual resume ${name} ${ns}`] : ['Pause the schedule', `kubectl pontual suspend ${name} ${ns}`],
    ['Runs still in the cluster', `kubectl get jobs -l pontual.io/job=${name} ${ns}`],
  ];
  if (summary.missedRuns > 0)
    lines.splice(1, 0, ['Run the missed schedule times, one at a time', `kubectl pontual backfill ${name} --from <time> --to <time> ${ns}`]);
  return `<dl class="commands">${lines.map(([what, command]) => `<dt>${escape(what)}</dt><dd><code>${escape(command)}</code></dd>`).join('')}</dl>`;
}

function attention(summary: CronJobSummary, now: Date): string {
  const parts: string[] = [];
  const failure = explainLastFailure(summary);
  if (failure !== undefined && summary.lastFailure !== undefined) {
    const streak = summary.consecutiveFailures > 1 ? ` It is the ${summary.consecutiveFailures}th failure in a row.` : '';
    parts.push(
      `<section aria-labelledby="why-title" class="why"><h2 id="why-title">Why the last run failed</h2>
<p>Run <code>${escape(summary.lastFailure.job)}</code> failed ${escape(local(summary.lastFailure.at))} (${escape(relative(summary.lastFailure.at, now))}):</p>
<p class="failure" data-why>${escape(failure)}</p>${streak === '' ? '' : `<p>${escape(streak.trim())}</p>`}</section>`,
    );
  }
  if (summary.missedRuns > 0 || summary.late) {
    const missed = summary.missedRuns > 0 ? `${summary.missedRuns} schedule time${summary.missedRuns === 1 ? '' : 's'} passed without a run.` : '';
    const late = summary.late ? ' The most recent schedule time has no run yet: it is late.' : '';
    parts.push(
      `<section aria-labelledby="missed-title" class="why"><h2 id="missed-title">Missed runs</h2><p>${escape(`${missed}${late}`.trim())} <code>kubectl pontual why ${escape(summary.name)}</code> says why; <code>kubectl pontual backfill</code> runs the missed times in order.</p></section>`,
    );
  }
  return parts.join('\n');
}

export function renderJobPage(input: JobPageInput): string {
  const { summary, now } = input;
  const state = jobState(summary);
  const rows = runRows(summary);
  const next = nextRuns(summary, now);
  // The service counts successes it saw finish; the ledger remembers older ones.
  const successes = [summary.lastSuccess, ...summary.runs.filter((run) => run.outcome === 'succeeded').map((run) => run.finishedAt)]
    .filter((date): date is Date => date !== undefined)
    .map((date) => date.getTime());
  const lastSuccess = successes.length === 0 ? undefined : new Date(Math.max(...successes));
  const words = summary.scheduleError === undefined ? describeSchedule(summary.schedule, summary.timeZone) : `invalid: ${summary.scheduleError}`;
  const nextList =
    next.length === 0
      ? `<p>${summary.suspended ? 'None: the CronJob is suspended.' : 'None: the schedule cannot be evaluated or has no time in the next five years.'}</p>`
      : `<ol class="next">${next.map((time) => `<li><time datetime="${time.toISOString()}">${escape(local(time, 'cccc dd/MM/yyyy HH:mm'))}</time> <span class="muted">(${escape(relative(time, now))})</span></li>`).join('')}</ol>`;
  return htmlDocument({
    title: `${summary.name} · ${STATE_LABELS[state]} · pontual`,
    refreshSeconds: input.refresh === true ? 60 : undefined,
    style: `  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
  main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 40px; }
  a { color: #0550ae; } a:focus-visible, [tabindex]:focus-visible { outline: 3px solid #0550ae; outline-offset: 2px; }
  .skip { position: absolute; left: -9999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
  h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 17px; margin: 24px 0 8px; }
  .muted { color: #57606a; font-size: 12px; } .num { text-align: right; }
  .state { display: inline-block; padding: 1px 8px; border-radius: 4px; font-weight: 600; color: #fff; font-size: 14px; vertical-align: middle; }
  .state.ok { background: #1a7f37; } .state.failed { background: #cf222e; } .state.late { background: #bc4c00; }
  .state.running { background: #0969da; } .state.suspended, .state.pending { background: #57606a; }
  dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
  dl.facts dt { color: #57606a; } dl.facts dd { margin: 0; }
  .panel { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 12px 16px; }
  .why { background: #fff; border: 1px solid #cf222e; border-left-width: 6px; border-radius: 6px; padding: 4px 16px; margin-top: 16px; }
  .failure { font-weight: 600; }
  ol.next { margin: 0; padding-left: 20px; }
  .scroll { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid #d0d7de; }
  caption { text-align: left; color: #57606a; padding: 4px 0; }
  th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #d0d7de; vertical-align: top; }
  th { background: #eaeef2; font-weight: 600; } th.num, td.num { text-align: right; }
  .message { max-width: 420px; overflow-wrap: anywhere; }
  .outcome { font-weight: 600; } .outcome.succeeded { color: #116329; } .outcome.failed { color: #a40e26; } .outcome.running { color: #0550ae; } .outcome.skipped { color: #57606a; }
  figure { margin: 0; background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px; }
  figcaption { color: #57606a; font-size: 12px; }
  .bar.succeeded { fill: #1a7f37; } .bar.failed { fill: url(#hatch); stroke: #a40e26; } .bar.skipped { fill: #8c959f; }
  .timeout { stroke: #bc4c00; stroke-dasharray: 6 4; stroke-width: 1.5; } .axisline { stroke: #57606a; }
  .axis { font-size: 11px; fill: #57606a; } .marker { font-size: 11px; fill: #a40e26; font-weight: 700; }
  dl.commands dt { margin-top: 8px; color: #57606a; } dl.commands dd { margin: 2px 0 0; }
  code { font: 13px ui-monospace, monospace; background: #eaeef2; padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }`,
    body: `<a class="skip" href="#history">Skip to the run history</a>
<main>
<nav aria-label="Breadcrumb"><a href="/">All jobs</a> › ${escape(summary.name)}</nav>
<h1>${escape(summary.name)} <span class="state ${state}">${escape(STATE_LABELS[state])}</span></h1>
<p class="muted">Namespace ${escape(summary.namespace)} · ${escape(local(now, 'dd/MM/yyyy HH:mm:ss'))} (São Paulo) · ${refreshToggle(jobPagePath(summary.name), 60, input.refresh === true)}</p>
${attention(summary, now)}
<h2 id="schedule">Schedule</h2>
<div class="panel">
<dl class="facts">
<dt>Runs</dt><dd data-schedule-words>${escape(words)}</dd>
<dt>Expression</dt><dd><code>${escape(summary.schedule)}</code> in ${escape(summary.timeZone)}</dd>
<dt>Suspended</dt><dd>${summary.suspended ? 'yes: no new runs start' : 'no'}</dd>
<dt>Overlap</dt><dd>concurrencyPolicy ${escape(summary.concurrencyPolicy)}</dd>
<dt>Timeout</dt><dd>${summary.timeoutSeconds === undefined ? 'none' : escape(humanSeconds(summary.timeoutSeconds))}</dd>
<dt>Last success</dt><dd>${lastSuccess === undefined ? 'none known' : `${escape(local(lastSuccess))} (${escape(relative(lastSuccess, now))})`}</dd>
<dt>Failures in a row</dt><dd>${summary.consecutiveFailures}</dd>
<dt>Missed runs</dt><dd>${summary.missedRuns}</dd>
</dl>
<h3>Next runs (São Paulo time)</h3>
${nextList}
</div>
<h2 id="act">Act on it</h2>
<div class="panel">${commands(summary)}</div>
<h2 id="durations">Durations</h2>
${durationChart(rows, summary.timeoutSeconds)}
<h2 id="history" tabindex="-1">Run history</h2>
${historyTable(rows, summary.timeoutSeconds)}
</main>`,
  });
}

/** The 404 page for a name that is no CronJob here (the name is escaped: it comes from the URL). */
export function renderUnknownJobPage(name: string, known: readonly string[], namespace: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>No such job · pontual</title>
<style>body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1f2328; } a { color: #0550ae; }</style></head>
<body><main><h1>No job named “${escape(name)}”</h1>
<p>There is no suite CronJob with that name in namespace ${escape(namespace)}.</p>
<p>Jobs here: ${known.length === 0 ? 'none' : known.map((job) => `<a href="${escape(jobPagePath(job))}">${escape(job)}</a>`).join(', ')}. <a href="/">All jobs</a></p></main></body></html>
`;
}
