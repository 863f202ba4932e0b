import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { CATALOG } from '../../../core/catalog.ts';
import { alertRuleGroups, HEARTBEAT_ALERT, jobAlertSettings, STATUS_DOWN_ALERT } from '../../../observability/alert-rules.ts';
import { generatedFiles, RULES_FILE } from '../../../observability/generated-files.ts';
import { KNOWN_METRICS } from '../../../observability/known-metrics.ts';
import { promqlMetricNames } from '../../../devkit/promql-metric-names.ts';
import { promtool } from './promtool.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TESTS_DIR = join(ROOT, 'observability', 'tests');
const rules = alertRuleGroups({ jobs: jobAlertSettings(CATALOG) }).flatMap((group) => group.rules);

/** The rules as generated from the current source, laid out as the promtool test files expect. */
function withGeneratedRules<T>(run: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'pontual-rules-'));
  try {
    mkdirSync(join(dir, 'generated'));
    writeFileSync(join(dir, 'generated', RULES_FILE), generatedFiles()[RULES_FILE] ?? '');
    cpSync(TESTS_DIR, join(dir, 'tests'), { recursive: true });
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('promtool accepts the generated rules file', () => {
  withGeneratedRules((dir) => {
    const result = promtool(['check', 'rules', join(dir, 'generated', RULES_FILE)]);
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, new RegExp(`SUCCESS: ${rules.length} rules found`));
  });
});

test('every promtool unit test of the alerts passes', () => {
  withGeneratedRules((dir) => {
    const files = readdirSync(join(dir, 'tests')).filter((name) => name.endsWith('.yaml'));
    const result = promtool(['test', 'rules', ...files], { cwd: join(dir, 'tests') });
    assert.equal(result.code, 0, result.output);
  });
});

interface AlertRuleTest {
  alertname: string;
  exp_alerts?: unknown[];
}

test('every alert is tested both firing and not firing', () => {
  const cases = readdirSync(TESTS_DIR)
    .filter((name) => name.endsWith('.yaml'))
    .flatMap((name) => {
      const file = parse(readFileSync(join(TESTS_DIR, name), 'utf8')) as { tests: { alert_rule_test?: AlertRuleTest[] }[] };
      return file.tests.flatMap((entry) => entry.alert_rule_test ?? []);
    });
  for (const rule of rules) {
    const own = cases.filter((entry) => entry.alertname === rule.alert);
    assert.ok(
      own.some((entry) => (entry.exp_alerts ?? []).length > 0),
      `${rule.alert} has no firing test`,
    );
    assert.ok(
      own.some((entry) => (entry.exp_alerts ?? []).length === 0),
      `${rule.alert} has no not-firing test`,
    );
  }
});

test('every alert carries a severity, a summary, a templated description and its runbook section', () => {
  const runbook = readFileSync(join(ROOT, 'docs', 'runbooks.md'), 'utf8');
  const anchors = new Set(
    [...runbook.matchAll(/^#{2,3} (.+)$/gm)].map((match) =>
      (match[1] ?? '')
        .trim()
        .toLowerCase()
        .replace(/[^\w\- ]/g, '')
        .replace(/ /g, '-'),
    ),
  );
  const identities = rules.map((rule) => `${rule.alert} ${JSON.stringify(rule.labels)}`);
  assert.equal(new Set(identities).size, rules.length, 'no two rules of one alert with the same labels');
  for (const rule of rules) {
    // `none`: the heartbeat, which is never meant to page (like kube-prometheus-stack's Watchdog).
    const severities = rule.alert === HEARTBEAT_ALERT ? ['none'] : ['warning', 'critical'];
    assert.ok(severities.includes(rule.labels?.severity ?? ''), `${rule.alert} severity`);
    assert.ok((rule.annotations?.summary ?? '').length > 0, `${rule.alert} summary`);
    assert.match(rule.annotations?.description ?? '', /\{\{ .*\$labels\.\w+.* \}\}/, `${rule.alert} description names what is affected`);
    const url = rule.annotations?.runbook_url ?? '';
    const anchor = url.split('#')[1] ?? '';
    assert.match(url, /\/docs\/runbooks\.md#/, `${rule.alert} runbook_url`);
    assert.ok(anchors.has(anchor), `${rule.alert}: docs/runbooks.md has no section #${anchor}`);
  }
});

test('alerts read only metrics the status service exposes', () => {
  for (const rule of rules) {
    const unknown = promqlMetricNames(rule.expr).filter((name) => !KNOWN_METRICS.has(name));
    assert.deepEqual(unknown, [], `${rule.alert} reads unknown metrics`);
  }
});

test('the runbook URL can point at wherever the repository is browsable', () => {
  const custom = alertRuleGroups({ runbookUrl: 'https://git.example/pontual/docs/runbooks.md' }).flatMap((group) => group.rules);
  for (const rule of custom) assert.ok(rule.annotations?.runbook_url?.startsWith('https://git.example/pontual/docs/runbooks.md#'));
});

test('job alerts link to the job on the status page; failure alerts say what failed and since when', () => {
  const custom = alertRuleGroups({ statusUrl: 'https://status.example/' }).flatMap((group) => group.rules);
  for (const rule of custom.filter((r) => r.alert.startsWith('PontualCronJob'))) {
    assert.equal(rule.annotations?.status_url, 'https://status.example/jobs/{{ $labels.cronjob }}', rule.alert);
  }
  for (const name of ['PontualCronJobLastRunFailed', 'PontualCronJobConsecutiveFailures']) {
    const rule = custom.find((r) => r.alert === name);
    assert.match(rule?.annotations?.failure ?? '', /pontual_cronjob_last_failure_info.*\.Labels\.reason.*\.Labels\.exit_code/, name);
    assert.match(rule?.annotations?.last_success ?? '', /pontual_cronjob_last_success_timestamp_seconds/, name);
  }
});

test('with a namespace, the status-service alerts carry it even when Prometheus has no target at all', () => {
  const rules = alertRuleGroups({ namespace: 'pontual-dev' }).flatMap((group) => group.rules);
  const down = rules.find((rule) => rule.alert === STATUS_DOWN_ALERT);
  assert.match(down?.expr ?? '', /absent\(up\{job="pontual-status", namespace="pontual-dev"\}\)/);
  const heartbeat = rules.find((rule) => rule.alert === HEARTBEAT_ALERT);
  assert.match(heartbeat?.expr ?? '', /namespace="pontual-dev"/);
});

test('per-job no-recent-success window, severity and team replace the computed ones (promtool)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pontual-window-'));
  try {
    const jobs = [{ name: 'hourly', alerts: { consecutiveFailures: 3, noRecentSuccessSeconds: 600, severity: 'warning', team: 'warehouse-ops' } }];
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: alertRuleGroups({ jobs }) }, { lineWidth: 0 }));
    const series = (metric: string, cronjob: string, values: string): Record<string, string> => ({
      series: `${metric}{namespace="pontual", cronjob="${cronjob}", job="pontual-status", instance="a"}`,
      values,
    });
    // Both succeeded once and never again; hourly's window is 10 minutes, other's allowance 2 h + 5 min.
    // promtool's time starts at 0, and a success timestamp of 0 is never `> 0`: they succeeded at 1 s.
    const input = ['hourly', 'other'].flatMap((cronjob) => [
      series('pontual_cronjob_last_success_timestamp_seconds', cronjob, '1x30'),
      series('pontual_cronjob_expected_interval_seconds', cronjob, '3600x30'),
      series('pontual_cronjob_timeout_seconds', cronjob, '300x30'),
      series('pontual_cronjob_suspended', cronjob, '0x30'),
    ]);
    const alert = (minutes: number, expected: unknown[]): Record<string, unknown> => ({
      eval_time: `${minutes}m`,
      alertname: 'PontualCronJobNoRecentSuccess',
      exp_alerts: expected,
    });
    const hourly = (ago: string): Record<string, unknown> => ({
      exp_labels: { severity: 'warning', team: 'warehouse-ops', namespace: 'pontual', cronjob: 'hourly' },
      exp_annotations: {
        summary: `CronJob pontual/hourly: no successful run for ${ago}`,
        description: `CronJob hourly in namespace pontual last succeeded ${ago} ago, more than 600 seconds, the window set for this job.`,
        runbook_url: 'https://github.com/pontual/pontual/blob/main/docs/runbooks.md#pontualcronjobnorecentsuccess',
        status_url: 'http://pontual-status.pontual.svc:8080/jobs/hourly',
      },
    });
    writeFileSync(
      join(dir, 'test.yaml'),
      stringify({
        rule_files: ['rules.yaml'],
        evaluation_interval: '1m',
        tests: [{ interval: '1m', input_series: input, alert_rule_test: [alert(9, []), alert(11, [hourly('10m 59s')]), alert(30, [hourly('29m 59s')])] }],
      }),
    );
    const result = promtool(['test', 'rules', 'test.yaml'], { cwd: dir });
    assert.equal(result.code, 0, result.output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
