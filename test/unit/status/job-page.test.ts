import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LedgerEntry } from '../../../core/run-ledger.ts';
import { explainFailure } from '../../../core/explain-failure.ts';
import { applyEvent, createClusterModel, toCronJobRecord, toJobRecord, toPodRecord } from '../../../core/model/cluster-model.ts';
import { summarizeCronJobs } from '../../../core/model/summarize.ts';
import { durationChart, nextRuns, renderJobPage, renderUnknownJobPage, runRows } from '../../../status/http/job-page.ts';
import { jobNameOfPath, jobPagePath } from '../../../status/http/job-page-path.ts';
import { cronJobObject, jobObject, podObject } from '../../../devkit/status-fixtures.ts';

const NOW = new Date('2026-03-02T12:20:00Z');
/** The controller's name for the Job of a schedule time: minutes since the epoch. */
const scheduledName = (cronJob: string, iso: string): string => `${cronJob}-${Date.parse(iso) / 60_000}`;

function summary(ledger: LedgerEntry[] = []) {
  const cluster = createClusterModel({ now: () => NOW });
  applyEvent(
    cluster,
    'cronjobs',
    'ADDED',
    toCronJobRecord(cronJobObject('embu-sla', { created: '2026-03-01T00:00:00Z', lastSchedule: '2026-03-02T12:15:00Z' })),
  );
  const failed = scheduledName('embu-sla', '2026-03-02T12:15:00Z');
  applyEvent(
    cluster,
    'pods',
    'ADDED',
    toPodRecord(
      podObject(`${failed}-x`, failed, { exitCode: 2, message: 'SLA_API_URL <script>alert(1)</script> is not a URL', finishedAt: '2026-03-02T12:15:09Z' }),
    ),
  );
  applyEvent(
    cluster,
    'jobs',
    'ADDED',
    toJobRecord(
      jobObject(failed, {
        cronJob: 'embu-sla',
        scheduledAt: '2026-03-02T12:15:00Z',
        started: '2026-03-02T12:15:04Z',
        end: {
          type: 'Failed',
          at: '2026-03-02T12:15:09Z',
          reason: 'PodFailurePolicy',
          message: 'Container job for pod x failed with exit code 2 matching FailJob rule at index 0',
        },
      }),
    ),
  );
  const [result] = summarizeCronJobs(cluster, { now: NOW, name: 'embu-sla', runLimit: 100, ledger: new Map([['embu-sla', ledger]]) });
  assert.ok(result !== undefined);
  return result;
}

/** A run Kubernetes deleted long ago: only the ledger remembers it. */
function ledgerRun(scheduledIso: string, delaySeconds: number, durationMs: number, outcome: LedgerEntry['outcome'] = 'succeeded'): LedgerEntry {
  const started = new Date(Date.parse(scheduledIso) + delaySeconds * 1000);
  return {
    runId: `run-${scheduledIso}`,
    job: 'embu-sla',
    kubeJob: scheduledName('embu-sla', scheduledIso),
    namespace: 'pontual',
    startedAt: started.toISOString(),
    finishedAt: new Date(started.getTime() + durationMs).toISOString(),
    durationMs,
    outcome,
    exitCode: outcome === 'succeeded' ? 0 : 1,
  };
}

describe('job page', () => {
  test('runs beyond retention come from the ledger, with the schedule time read from the Job name', () => {
    const rows = runRows(summary([ledgerRun('2026-02-20T09:00:00Z', 12, 250_000, 'failed'), ledgerRun('2026-02-20T08:45:00Z', 0.2, 40_000)]));
    assert.deepEqual(
      rows.map((row) => [row.id, row.trigger, row.outcome, row.reason, row.exitCode, row.delaySeconds, row.durationSeconds, row.timeoutShare]),
      [
        [scheduledName('embu-sla', '2026-03-02T12:15:00Z'), 'scheduled', 'failed', 'PodFailurePolicy', 2, 4, 5, 5 / 300],
        [scheduledName('embu-sla', '2026-02-20T09:00:00Z'), 'scheduled', 'failed', 'ExitCode1', 1, 12, 250, 250 / 300],
        [scheduledName('embu-sla', '2026-02-20T08:45:00Z'), 'scheduled', 'succeeded', '', 0, 0.2, 40, 40 / 300],
      ],
    );
  });

  test('the page escapes what it shows, explains the failure as `why` does, and lists the next runs in São Paulo time', () => {
    const s = summary([ledgerRun('2026-02-20T09:00:00Z', 12, 250_000, 'failed')]);
    const html = renderJobPage({ summary: s, now: NOW });
    assert.ok(!html.includes('<script>alert(1)</script>'), 'the termination message is escaped');
    assert.ok(html.includes('&#60;script&#62;alert(1)&#60;/script&#62;'));
    const why = explainFailure({ reason: 'PodFailurePolicy', exitCode: 2, message: 'SLA_API_URL <script>alert(1)</script> is not a URL', timeoutSeconds: 300 });
    assert.ok(html.includes(why.replaceAll('<', '&#60;').replaceAll('>', '&#62;')), 'the why sentence is on the page');
    assert.ok(html.includes('every 15 minutes every day (America/Sao_Paulo time)'));
    assert.deepEqual(
      nextRuns(s, NOW).map((date) => date.toISOString()),
      ['2026-03-02T12:30:00.000Z', '2026-03-02T12:45:00.000Z', '2026-03-02T13:00:00.000Z', '2026-03-02T13:15:00.000Z', '2026-03-02T13:30:00.000Z'],
    );
    assert.ok(html.includes('Monday 02/03/2026 09:30'), 'next run shown in São Paulo (UTC-3)');
    assert.ok(html.includes('kubectl pontual run embu-sla --wait -n pontual'));
    assert.ok(html.includes('4 s late'), 'the scheduled-vs-started delay');
    assert.ok(html.includes('(83 % of the timeout)'));
    assert.ok(!html.includes('http-equiv="refresh"'), 'no auto-refresh unless asked for');
    assert.ok(renderJobPage({ summary: s, now: NOW, refresh: true }).includes('<meta http-equiv="refresh" content="60">'));
  });

  test('the chart has one bar per finished run, the timeout line, and a text alternative', () => {
    const withSuccess = summary([ledgerRun('2026-02-20T09:00:00Z', 12, 250_000, 'failed'), ledgerRun('2026-02-20T08:45:00Z', 0, 40_000)]);
    assert.ok(renderJobPage({ summary: withSuccess, now: NOW }).includes('<dt>Last success</dt><dd>Fri 20/02 05:45:40'), 'the last success from the ledger');
    const rows = runRows(withSuccess);
    const svg = durationChart(rows, 300);
    assert.equal(svg.match(/<rect class="bar /gu)?.length, 3);
    assert.match(svg, /class="timeout"/u);
    assert.match(svg, /<desc id="chart-desc">3 finished runs, oldest on the left: median 40 s, longest 4 min 10 s, timeout 5 min; 2 failed/u);
  });

  test('paths: names are encoded, broken encoding is an error, other paths are not job pages', () => {
    assert.equal(jobPagePath('a b'), '/jobs/a%20b');
    assert.equal(jobNameOfPath('/jobs/embu-sla'), 'embu-sla');
    assert.equal(jobNameOfPath('/jobs/embu-sla/'), 'embu-sla');
    assert.ok(jobNameOfPath('/jobs/%E0%A4%A') instanceof Error);
    assert.equal(jobNameOfPath('/jobs/a/b'), undefined);
    assert.equal(jobNameOfPath('/api/cronjobs'), undefined);
  });

  test('the unknown-job page escapes the name from the URL', () => {
    const html = renderUnknownJobPage('"><img src=x onerror=alert(1)>', ['embu-sla'], 'pontual');
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('href="/jobs/embu-sla"'));
  });
});
