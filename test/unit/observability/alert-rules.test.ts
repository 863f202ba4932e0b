import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { alertRuleGroups } from '../../../observability/alert-rules.ts';
import { generatedFiles, RULES_FILE } from '../../../observability/generated-files.ts';
import { KNOWN_METRICS } from '../../../observability/known-metrics.ts';
import { promqlMetricNames } from '../../../devkit/promql-metric-names.ts';
import { promtool } from './promtool.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TESTS_DIR = join(ROOT, 'observability', 'tests');
const rules = alertRuleGroups().flatMap((group) => group.rules);

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
    assert.ok(own.some((entry) => (entry.exp_alerts ?? []).length > 0), `${rule.alert} has no firing test`);
    assert.ok(own.some((entry) => (entry.exp_alerts ?? []).length === 0), `${rule.alert} has no not-firing test`);
  }
});

test('every alert carries a severity, a summary, a templated description and its runbook section', () => {
  const runbook = readFileSync(join(ROOT, 'docs', 'runbooks.md'), 'utf8');
  const anchors = new Set(
    [...runbook.matchAll(/^#{2,3} (.+)$/gm)].map((match) =>
      (match[1] ?? '').trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-'),
    ),
  );
  assert.equal(new Set(rules.map((rule) => rule.alert)).size, rules.length, 'alert names are unique');
  for (const rule of rules) {
    assert.ok(['warning', 'critical'].includes(rule.labels?.severity ?? ''), `${rule.alert} severity`);
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
