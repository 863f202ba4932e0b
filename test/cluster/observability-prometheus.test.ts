import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { jobLabels } from '../../core/labels.ts';
import { STATUS_SCRAPE_JOB } from '../../observability/alert-rules.ts';
import { dashboardPanels, substituteVariables } from '../../observability/dashboard-queries.ts';
import { dashboards } from '../../observability/dashboards.ts';
import { generatedFiles, RULES_FILE } from '../../observability/generated-files.ts';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { waitFor } from '../../devkit/kube.ts';
import { finishPods } from '../../devkit/kubelet.ts';
import { freePort } from '../../devkit/ports.ts';
import { startRedis, type RedisServer } from '../../devkit/redis.ts';

/**
 * The dashboards and alerts against the real thing: a real control plane with suite-shaped
 * CronJobs, the real status service watching them, and a real Prometheus scraping it every second
 * and evaluating the generated rules file. Every dashboard query must return data, and the "last
 * run failed" alert must fire after a run exits 2.
 */

const NAMESPACE = 'obs-prom';
const STATUS_MAIN = resolve(import.meta.dirname, '../../status/main.ts');

let cluster: ControlPlane | undefined;
let redis: RedisServer | undefined;
let status: ChildProcess | undefined;
let prometheus: ChildProcess | undefined;
let prometheusUrl = '';
let statusUrl = '';
const workDir = mkdtempSync(join(tmpdir(), 'pontual-obs-prom-'));

function cronJob(name: string, schedule: string, timeoutSeconds: number): Record<string, unknown> {
  const labels = jobLabels(name);
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: NAMESPACE, labels },
    spec: {
      schedule,
      timeZone: 'America/Sao_Paulo',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 300,
      jobTemplate: {
        metadata: { labels },
        spec: {
          activeDeadlineSeconds: timeoutSeconds,
          backoffLimit: 0,
          template: {
            metadata: { labels },
            spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'pontual:test', args: [name] }] },
          },
        },
      },
    },
  };
}

/** A run of the CronJob, created as `kubectl pontual run` / `kubectl create job --from` would. */
async function runOnce(cronJobName: string, runName: string, exitCode: number): Promise<void> {
  const created = await cluster?.kubectl(['create', 'job', runName, `--from=cronjob/${cronJobName}`, '-n', NAMESPACE]);
  assert.equal(created?.code, 0, created?.stderr);
  await finishPods(cluster?.kubeconfigPath ?? '', NAMESPACE, runName, { exitCode });
}

function startLogged(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const log = openSync(join(workDir, `${name}.log`), 'w');
  const child = spawn(command, args, { env, stdio: ['ignore', log, log] });
  closeSync(log);
  return child;
}

function logTail(name: string): string {
  const path = join(workDir, `${name}.log`);
  return existsSync(path) ? readFileSync(path, 'utf8').slice(-3000) : '';
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child?.pid === undefined || !isRunning(child)) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5_000)]);
  if (isRunning(child)) child.kill('SIGKILL');
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

interface PromResponse<T> {
  status: string;
  data: T;
  error?: string;
}

async function promApi<T>(path: string): Promise<T> {
  const response = await fetch(`${prometheusUrl}${path}`);
  const body = (await response.json()) as PromResponse<T>;
  if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? response.statusText}`);
  return body.data;
}

async function instantQuery(expr: string): Promise<unknown[]> {
  const data = await promApi<{ resultType: string; result: unknown }>(`/api/v1/query?query=${encodeURIComponent(expr)}`);
  return Array.isArray(data.result) ? (data.result as unknown[]) : [data.result];
}

interface PromAlert {
  labels: Record<string, string>;
  state: string;
}

async function firingAlerts(alertname: string): Promise<PromAlert[]> {
  const data = await promApi<{ alerts: PromAlert[] }>('/api/v1/alerts');
  return data.alerts.filter((alert) => alert.labels.alertname === alertname && alert.state === 'firing');
}

before(async () => {
  assert.ok(existsSync(STATUS_MAIN), `the status service entrypoint ${STATUS_MAIN} is missing`);

  cluster = await startControlPlane();
  await cluster.createNamespace(NAMESPACE);
  const manifests = [cronJob('embu-sla', '*/15 * * * *', 300), cronJob('store-status', '*/5 * * * *', 60)];
  const applied = await cluster.kubectl(['apply', '-f', '-'], { input: manifests.map((m) => stringify(m)).join('---\n') });
  assert.equal(applied.code, 0, applied.stderr);

  redis = await startRedis();
  const statusPort = await freePort();
  statusUrl = `http://127.0.0.1:${statusPort}`;
  status = startLogged('status', process.execPath, [STATUS_MAIN], {
    ...process.env,
    KUBECONFIG: cluster.kubeconfigPath,
    PORT: String(statusPort),
    WATCH_NAMESPACE: NAMESPACE,
    REDIS_URL: redis.url,
    LOG_LEVEL: 'warn',
  });
  await waitFor(() => httpOk(`http://127.0.0.1:${statusPort}/metrics`), {
    timeoutMs: 60_000,
    what: `the status service to serve /metrics (log: ${logTail('status')})`,
  });

  // Scraped the way a ServiceMonitor with honorLabels does: job = Service name, namespace = the Service's.
  mkdirSync(join(workDir, 'prometheus'));
  writeFileSync(join(workDir, RULES_FILE), generatedFiles()[RULES_FILE] ?? '');
  writeFileSync(
    join(workDir, 'prometheus.yml'),
    stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [join(workDir, RULES_FILE)],
      scrape_configs: [
        {
          job_name: STATUS_SCRAPE_JOB,
          honor_labels: true,
          static_configs: [{ targets: [`127.0.0.1:${statusPort}`], labels: { namespace: NAMESPACE } }],
        },
      ],
    }),
  );
  const prometheusPort = await freePort();
  prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
  prometheus = startLogged(
    'prometheus',
    '/usr/bin/prometheus',
    [
      `--config.file=${join(workDir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(workDir, 'prometheus')}`,
      `--web.listen-address=127.0.0.1:${prometheusPort}`,
    ],
    { PATH: process.env.PATH ?? '' },
  );
  await waitFor(() => httpOk(`${prometheusUrl}/-/ready`), { timeoutMs: 60_000, what: `Prometheus to be ready (log: ${logTail('prometheus')})` });
});

after(async () => {
  await stop(prometheus);
  await stop(status);
  await redis?.stop();
  await cluster?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

test('every dashboard panel query returns data from a real Prometheus scraping the status service', { timeout: 300_000 }, async () => {
  await runOnce('embu-sla', 'embu-sla-run-1', 0);
  await runOnce('store-status', 'store-status-run-1', 0);
  await waitFor(async () => (await instantQuery(`pontual_cronjob_runs_total{namespace="${NAMESPACE}", outcome="succeeded"}`)).length === 2, {
    timeoutMs: 60_000,
    intervalMs: 1_000,
    what: 'Prometheus to scrape both finished runs',
  }).catch(async (error: unknown) => {
    throw new Error(`${String(error)}\nstatus /metrics:\n${await (await fetch(`${statusUrl}/metrics`)).text()}`);
  });

  const variables = { datasource: 'prometheus', namespace: NAMESPACE, cronjob: 'embu-sla', __rate_interval: '1m', __range: '1h' };
  const queries = Object.entries(dashboards()).flatMap(([file, dashboard]) =>
    dashboardPanels(dashboard).flatMap((panel) =>
      panel.queries.map((query) => ({ where: `${file} "${panel.title}" ${query.refId}`, expr: substituteVariables(query.expr, variables) })),
    ),
  );
  assert.ok(queries.length > 30, 'the dashboards have their panels');

  // Rates and increases need two samples inside their window: give the 1 s scrapes a moment,
  // then report every query still without data at once.
  let empty: string[] = [];
  await waitFor(
    async () => {
      const results = await Promise.all(queries.map(async (query) => ({ query, result: await instantQuery(query.expr) })));
      empty = results.filter(({ result }) => result.length === 0).map(({ query }) => `${query.where}: ${query.expr}`);
      return empty.length === 0;
    },
    { timeoutMs: 60_000, intervalMs: 2_000, what: 'every query to return data' },
  ).catch(() => undefined);
  assert.deepEqual(empty, [], `queries without data:\n${empty.join('\n')}`);
});

test('the "last run failed" alert fires in Prometheus after a run exits 2', { timeout: 300_000 }, async () => {
  const forStoreStatus = (alerts: PromAlert[]) => alerts.filter((alert) => alert.labels.cronjob === 'store-status' && alert.labels.namespace === NAMESPACE);
  await waitFor(async () => (await instantQuery(`pontual_cronjob_last_run_failed{namespace="${NAMESPACE}", cronjob="store-status"}`)).length > 0, {
    timeoutMs: 60_000,
    intervalMs: 1_000,
    what: 'store-status to be scraped',
  });
  assert.deepEqual(forStoreStatus(await firingAlerts('PontualCronJobLastRunFailed')), [], 'not firing while the last run succeeded');

  await runOnce('store-status', 'store-status-run-2', 2);

  const firing = await waitFor(
    async () => {
      const alerts = forStoreStatus(await firingAlerts('PontualCronJobLastRunFailed'));
      return alerts.length > 0 ? alerts : undefined;
    },
    { timeoutMs: 90_000, intervalMs: 1_000, what: 'PontualCronJobLastRunFailed to fire for store-status' },
  ).catch((error: unknown) => {
    throw new Error(`${String(error)}\nstatus service log:\n${logTail('status')}\nprometheus log:\n${logTail('prometheus')}`);
  });
  assert.equal(firing.length, 1, 'one alert per job, however many series');
  assert.equal(firing[0]?.labels.severity, 'warning');
  const embu = (await firingAlerts('PontualCronJobLastRunFailed')).filter((alert) => alert.labels.cronjob === 'embu-sla');
  assert.deepEqual(embu, [], 'a job whose last run succeeded does not fire');
});
