import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { alertRuleGroups, STATUS_SCRAPE_JOB } from '../../../observability/alert-rules.ts';
import { dashboardPanels, substituteVariables } from '../../../observability/dashboard-queries.ts';
import { dashboards } from '../../../observability/dashboards.ts';
import { startPrometheus, type Prometheus, type PromSample } from '../../../devkit/prometheus.ts';

/**
 * Two status-service replicas export the same series; every panel and every alert must read them
 * as one. A real Prometheus scrapes namespace `one` from a single replica and namespace `two` from
 * two replicas serving identical series (same values at the same explicit timestamps), and every
 * query must give the same answer for both namespaces: a `sum` without a `max by` per series
 * first would show `two` doubled.
 */

const ONE = 'one';
const TWO = 'two';
const CRONJOBS = ['embu-sla', 'bonus-calc'];
/**
 * Samples carry timestamps on a 10 s grid, so both replicas' series hold exactly the same points
 * (scraped every second, each target reports each grid point even on a busy machine).
 */
const STEP_MS = 10_000;
const startedAt = Math.floor(Date.now() / STEP_MS) * STEP_MS;

/** Panels about the replicas themselves, where one line or one count per replica is the point. */
const PER_REPLICA_PANELS = new Set([
  'Status service replicas up',
  'Replicas up',
  'Scrape health',
  'Process restarts (time range)',
  'Watch restarts (time range)',
  'Watch restarts',
  'Event loop lag',
  'Memory (resident)',
  'CPU',
]);

/** The status service's exposition for one namespace at grid step `k` (its series grow with k). */
function exposition(namespace: string, stepMs: number): string {
  const k = (stepMs - startedAt) / STEP_MS + 1;
  const at = ` ${stepMs}`;
  const lines: string[] = [];
  const sample = (name: string, labels: Record<string, string>, value: number): void => {
    const rendered = Object.entries(labels)
      .map(([key, v]) => `${key}="${v}"`)
      .join(',');
    lines.push(`${name}{${rendered}} ${value}${at}`);
  };
  const seconds = stepMs / 1000;
  for (const cronjob of CRONJOBS) {
    const job = { namespace, cronjob };
    sample('pontual_cronjob_info', { ...job, schedule: '*/15 * * * *', timezone: 'America/Sao_Paulo', concurrency_policy: 'Forbid' }, 1);
    sample('pontual_cronjob_suspended', job, 0);
    sample('pontual_cronjob_active_runs', job, 1);
    sample('pontual_cronjob_last_schedule_timestamp_seconds', job, seconds - 60);
    sample('pontual_cronjob_last_success_timestamp_seconds', job, seconds - 4000);
    sample('pontual_cronjob_last_failure_timestamp_seconds', job, seconds - 30);
    sample('pontual_cronjob_next_schedule_timestamp_seconds', job, seconds + 840);
    sample('pontual_cronjob_last_run_failed', job, 1);
    sample('pontual_cronjob_last_duration_seconds', job, 42);
    sample('pontual_cronjob_consecutive_failures', job, 4);
    sample('pontual_cronjob_late', job, 1);
    sample('pontual_cronjob_timeout_seconds', job, 300);
    sample('pontual_cronjob_active_run_duration_seconds', job, 270);
    sample('pontual_cronjob_expected_interval_seconds', job, 900);
    sample('pontual_cronjob_missed_runs_total', job, Math.floor(k / 2));
    sample('pontual_cronjob_runs_total', { ...job, outcome: 'succeeded', reason: '' }, 3 * k);
    sample('pontual_cronjob_runs_total', { ...job, outcome: 'failed', reason: 'ExitCode1' }, k);
    sample('pontual_cronjob_runs_total', { ...job, outcome: 'skipped', reason: 'Skipped' }, Math.floor(k / 3));
    for (const [le, share] of [
      ['1', 1],
      ['10', 3],
      ['60', 4],
      ['+Inf', 4],
    ] as const) {
      sample('pontual_cronjob_run_duration_seconds_bucket', { ...job, le }, share * k);
    }
    sample('pontual_cronjob_run_duration_seconds_sum', job, 50 * k);
    sample('pontual_cronjob_run_duration_seconds_count', job, 4 * k);
  }
  for (const resource of ['cronjobs', 'jobs', 'pods']) {
    sample('pontual_watch_events_total', { resource }, 7 * k);
    sample('pontual_watch_restarts_total', { resource }, Math.floor(k / 4));
    sample('pontual_watch_last_event_age_seconds', { resource }, 2400);
    sample('pontual_watch_synced', { resource }, 0);
  }
  lines.push(`pontual_redis_connected 1${at}`, `process_resident_memory_bytes 2e8${at}`, `process_cpu_seconds_total ${k}${at}`);
  lines.push(`process_start_time_seconds ${startedAt / 1000}${at}`, `nodejs_eventloop_lag_seconds 0.01${at}`);
  return `${lines.join('\n')}\n`;
}

const servers: Server[] = [];
let prometheus: Prometheus | undefined;

async function replica(): Promise<string> {
  const server = createServer((request, response) => {
    const namespace = (request.url ?? '').slice(1);
    const step = Math.floor(Date.now() / STEP_MS) * STEP_MS;
    response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(exposition(namespace, step));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  const address = server.address();
  return `127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
}

const target = (address: string, namespace: string): Record<string, unknown> => ({
  targets: [address],
  // As a ServiceMonitor with honorLabels: the Service's namespace on the target, the series keep their own.
  labels: { namespace, __metrics_path__: `/${namespace}` },
});

before(async () => {
  const [a, b] = [await replica(), await replica()];
  prometheus = await startPrometheus({
    scrapeConfigs: [{ job_name: STATUS_SCRAPE_JOB, honor_labels: true, static_configs: [target(a, ONE), target(a, TWO), target(b, TWO)] }],
  });
});

async function evaluate(expr: string, time: number): Promise<PromSample[]> {
  if (prometheus === undefined) throw new Error('Prometheus did not start');
  return prometheus.query(expr, time);
}

after(async () => {
  await prometheus?.stop();
  for (const server of servers) server.close();
});

/** A result as comparable text: labels minus namespace (and the target's), and the value. */
function normalize(samples: readonly PromSample[]): string[] {
  return samples
    .map(({ metric, value }) => {
      const { namespace: _namespace, ...labels } = metric;
      return `${JSON.stringify(Object.entries(labels).sort())} ${Number(value[1]).toFixed(6)}`;
    })
    .sort();
}

/** The last grid step both replicas have certainly been scraped at. */
async function settledTime(): Promise<number> {
  // After 50 s the 1m windows hold several grid points from every target.
  const wait = startedAt + 50_000 - Date.now();
  if (wait > 0) await sleep(wait);
  return (Math.floor(Date.now() / STEP_MS) * STEP_MS - STEP_MS) / 1000;
}

test('the fixture really has two replicas in namespace two: a naive sum counts every run twice', { timeout: 120_000 }, async () => {
  const time = await settledTime();
  const naive = async (namespace: string): Promise<number> =>
    Number((await evaluate(`sum(increase(pontual_cronjob_runs_total{namespace="${namespace}"}[1m]))`, time))[0]?.value[1]);
  const [one, two] = [await naive(ONE), await naive(TWO)];
  assert.ok(one > 0, 'runs were counted');
  assert.ok(Math.abs(two - 2 * one) < 1e-6, `two replicas double a plain sum: ${one} vs ${two}`);
});

test('every dashboard panel reads the same with two replicas as with one', { timeout: 120_000 }, async () => {
  const time = await settledTime();
  const variables = (namespace: string): Record<string, string> => ({
    datasource: 'prometheus',
    namespace,
    cronjob: 'embu-sla',
    __rate_interval: '1m',
    __range: '1h',
  });
  const differences: string[] = [];
  let compared = 0;
  for (const [file, dashboard] of Object.entries(dashboards())) {
    for (const panel of dashboardPanels(dashboard)) {
      if (PER_REPLICA_PANELS.has(panel.title)) continue;
      for (const query of panel.queries) {
        const [one, two] = await Promise.all(
          [ONE, TWO].map(async (namespace) => normalize(await evaluate(substituteVariables(query.expr, variables(namespace)), time))),
        );
        const where = `${file} "${panel.title}" ${query.refId}`;
        if ((one ?? []).length === 0) differences.push(`${where}: no data with one replica: ${query.expr}`);
        else if (JSON.stringify(one) !== JSON.stringify(two)) differences.push(`${where}: ${query.expr}\n  one: ${String(one)}\n  two: ${String(two)}`);
        compared += 1;
      }
    }
  }
  assert.ok(compared > 30, `compared ${compared} queries`);
  assert.deepEqual(differences, [], differences.join('\n'));
});

test('every alert rule gives the same alerts per job with two replicas as with one', { timeout: 120_000 }, async () => {
  const time = await settledTime();
  const differences: string[] = [];
  let firing = 0;
  for (const rule of alertRuleGroups().flatMap((group) => group.rules)) {
    const samples = await evaluate(rule.expr, time);
    const inNamespace = (namespace: string): string[] => normalize(samples.filter((sample) => sample.metric.namespace === namespace));
    const [one, two] = [inNamespace(ONE), inNamespace(TWO)];
    if (one.length > 0) firing += 1;
    if (JSON.stringify(one) !== JSON.stringify(two)) differences.push(`${rule.alert}: ${rule.expr}\n  one: ${String(one)}\n  two: ${String(two)}`);
  }
  // The fixture makes most alerts fire (failed, late, near timeout, stale, not synced...), so the comparison is not vacuous.
  assert.ok(firing >= 6, `${firing} rules returned alerts`);
  assert.deepEqual(differences, [], differences.join('\n'));
});
