import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { dashboards } from '../../../observability/dashboards.ts';
import { dashboardPanels, substituteVariables } from '../../../observability/dashboard-queries.ts';
import { KNOWN_METRICS } from '../../../observability/known-metrics.ts';
import { promqlMetricNames } from '../../../devkit/promql-metric-names.ts';
import { promtool } from './promtool.ts';

const all = Object.entries(dashboards());
const VARIABLES = { datasource: 'prometheus', namespace: 'pontual', cronjob: 'embu-sla', __rate_interval: '1m', __range: '1h' };

interface Variable {
  name: string;
  type: string;
  query?: unknown;
}
function variables(dashboard: unknown): Variable[] {
  return (dashboard as { templating?: { list?: Variable[] } }).templating?.list ?? [];
}

test('ships the overview, job detail and status service dashboards, in São Paulo time', () => {
  assert.deepEqual(all.map(([name]) => name).sort(), ['pontual-job-detail.json', 'pontual-overview.json', 'pontual-status-service.json']);
  for (const [name, dashboard] of all) {
    const model = dashboard as { uid?: string; timezone?: string };
    assert.equal(`${model.uid ?? ''}.json`, name, 'the file is named after the uid links point at');
    assert.equal(model.timezone, 'America/Sao_Paulo', name);
  }
});

test('every dashboard has a Prometheus datasource variable and a namespace variable; job detail a cronjob one', () => {
  for (const [name, dashboard] of all) {
    const list = variables(dashboard);
    assert.ok(
      list.some((v) => v.name === 'datasource' && v.type === 'datasource' && v.query === 'prometheus'),
      name,
    );
    assert.ok(
      list.some((v) => v.name === 'namespace' && v.type === 'query'),
      name,
    );
  }
  assert.ok(variables(dashboards()['pontual-job-detail.json']).some((v) => v.name === 'cronjob'));
});

test('every panel has an explicit position inside the grid, and no two panels overlap', () => {
  for (const [name, dashboard] of all) {
    const panels = dashboardPanels(dashboard);
    assert.ok(panels.length > 0, name);
    for (const panel of panels) {
      const pos = panel.gridPos;
      assert.ok(pos, `${name}: "${panel.title}" has no gridPos`);
      assert.ok(pos.w > 0 && pos.h > 0 && pos.x >= 0 && pos.y >= 0 && pos.x + pos.w <= 24, `${name}: "${panel.title}" ${JSON.stringify(pos)}`);
    }
    for (const [i, a] of panels.entries()) {
      for (const b of panels.slice(i + 1)) {
        const [p, q] = [a.gridPos, b.gridPos];
        if (!p || !q) continue;
        const overlap = p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;
        assert.ok(!overlap, `${name}: "${a.title}" overlaps "${b.title}"`);
      }
    }
    const ids = panels.map((panel) => panel.id);
    assert.equal(new Set(ids).size, ids.length, `${name}: panel ids are unique`);
  }
});

test('every panel queries Prometheus through the datasource variable, reading only known metrics', () => {
  for (const [name, dashboard] of all) {
    for (const panel of dashboardPanels(dashboard).filter((p) => p.type !== 'row')) {
      assert.ok(panel.queries.length > 0, `${name}: "${panel.title}" has no PromQL target`);
      for (const query of panel.queries) {
        assert.ok(query.expr.trim().length > 0, `${name}: "${panel.title}" ${query.refId} is empty`);
        assert.equal(query.datasourceUid, '${datasource}', `${name}: "${panel.title}" ${query.refId} datasource`);
        const unknown = promqlMetricNames(query.expr).filter((metric) => !KNOWN_METRICS.has(metric));
        assert.deepEqual(unknown, [], `${name}: "${panel.title}" reads unknown metrics`);
      }
    }
  }
});

test('every query is valid PromQL once Grafana has substituted its variables', () => {
  const queries = all.flatMap(([, dashboard]) => dashboardPanels(dashboard).flatMap((panel) => panel.queries));
  const rules = queries.map((query, index) => ({ record: `dashboard:query:${index}`, expr: substituteVariables(query.expr, VARIABLES) }));
  const dir = mkdtempSync(join(tmpdir(), 'pontual-dashboard-queries-'));
  try {
    const file = join(dir, 'queries.yaml');
    writeFileSync(file, stringify({ groups: [{ name: 'dashboard-queries', rules }] }));
    const result = promtool(['check', 'rules', file]);
    assert.equal(result.code, 0, result.output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the overview has one table row per job with every column the team asked for', () => {
  const overview = dashboards()['pontual-overview.json'];
  const table = (
    overview as { panels: { type: string; transformations?: { id: string; options: { renameByName?: Record<string, string> } }[] }[] }
  ).panels.find((panel) => panel.type === 'table');
  assert.ok(table);
  const headers = Object.values(table.transformations?.find((t) => t.id === 'organize')?.options.renameByName ?? {});
  for (const header of [
    'CronJob',
    'State',
    'Last run',
    'Since last success',
    'Next run (São Paulo)',
    'Success (7d)',
    'p95 duration (7d)',
    'Timeout',
    'p95 / timeout',
    'Consecutive failures',
    'Missed (7d)',
  ]) {
    assert.ok(headers.includes(header), `missing column ${header}`);
  }
});

test('next-run times are shown as dates: milliseconds with a date unit', () => {
  for (const [name, dashboard] of all) {
    for (const panel of dashboardPanels(dashboard)) {
      for (const query of panel.queries.filter((q) => q.expr.includes('pontual_cronjob_next_schedule_timestamp_seconds'))) {
        assert.match(query.expr, /\* 1000$/, `${name}: "${panel.title}"`);
        const raw = JSON.stringify((dashboard as { panels: { id?: number }[] }).panels.find((p) => p.id === panel.id));
        assert.ok(raw.includes('"dateTimeAsIso"'), `${name}: "${panel.title}" has no date unit`);
      }
    }
  }
});

test('the job detail draws the timeout next to the run durations', () => {
  const panels = dashboardPanels(dashboards()['pontual-job-detail.json']);
  const duration = panels.find((panel) => panel.queries.some((q) => q.expr.includes('pontual_cronjob_last_duration_seconds')));
  assert.ok(duration);
  assert.ok(duration.queries.some((q) => q.expr.includes('pontual_cronjob_timeout_seconds')));
});

test('metric names are found in PromQL, leaving out functions, labels, keywords and variables', () => {
  assert.deepEqual(
    promqlMetricNames(
      'sum by (namespace, cronjob) (increase(pontual_cronjob_runs_total{outcome="succeeded", reason=~"a|b"}[$__range])) / on (cronjob) group_left max(up{job="x"}) > bool 0 unless absent(pontual_redis_connected)',
    ),
    ['pontual_cronjob_runs_total', 'pontual_redis_connected', 'up'],
  );
});

test('variable substitution covers every form Grafana accepts and refuses unknown variables', () => {
  assert.equal(
    substituteVariables('a{n="$namespace", c="${cronjob}", d="[[namespace]]"}[$__rate_interval]', VARIABLES),
    'a{n="pontual", c="embu-sla", d="pontual"}[1m]',
  );
  assert.throws(() => substituteVariables('up{n="$nope"}', VARIABLES), /\$nope/);
});
