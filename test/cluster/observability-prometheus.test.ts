import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify } from 'yaml';
import { jobLabels } from '../../core/labels.ts';
import { alertRuleGroups, HEARTBEAT_ALERT, STATUS_SCRAPE_JOB } from '../../observability/alert-rules.ts';
import { alertmanagerConfigSpec, defaultAlertingSettings, type AlertingSettings } from '../../observability/alert-routing.ts';
import { alertmanagerYaml } from '../../observability/alertmanager-yaml.ts';
import { dashboardPanels, substituteVariables } from '../../observability/dashboard-queries.ts';
import { dashboards } from '../../observability/dashboards.ts';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { waitFor } from '../../devkit/kube.ts';
import { finishPods } from '../../devkit/kubelet.ts';
import { freePort } from '../../devkit/ports.ts';
import { startAlertmanager, startPrometheus, type LoggedProcess, type Prometheus } from '../../devkit/prometheus.ts';
import { startRedis, type RedisServer } from '../../devkit/redis.ts';

/**
 * The dashboards and alerts against the real thing: a real control plane with suite-shaped
 * CronJobs, the real status service watching them, a real Prometheus scraping it every second and
 * evaluating the rules, and a real Alertmanager with the routing pontual generates, whose Slack,
 * webhook and heartbeat receivers point at an HTTP server of this test. Every dashboard query must
 * return data; a failed run must reach the receivers with what failed and resolve after a success;
 * the heartbeat must arrive while all is well and stop when the status service does.
 */

const NAMESPACE = 'obs-prom';
const STATUS_MAIN = resolve(import.meta.dirname, '../../status/main.ts');
const STATUS_URL = 'https://status.pontual.example';
const RUNBOOK_URL = 'https://git.example/pontual/docs/runbooks.md';
/** Where a captured notification goes: docs/observability.md quotes it (UPDATE_DOCS=1 writes it under docs/). */
const PAYLOAD_FILE = new URL(
  process.env.UPDATE_DOCS === '1' ? '../../docs/examples/alert-notification.json' : '../artifacts/alert-notification.json',
  import.meta.url,
);

let cluster: ControlPlane | undefined;
let redis: RedisServer | undefined;
let status: ChildProcess | undefined;
let prometheus: Prometheus | undefined;
let alertmanager: LoggedProcess | undefined;
let receiver: Server | undefined;
let statusUrl = '';
let metricsPort = 0;
const workDir = mkdtempSync(join(tmpdir(), 'pontual-obs-prom-'));

interface Delivery {
  readonly path: string;
  readonly at: number;
  readonly body: Record<string, unknown>;
}
/** Every notification Alertmanager delivered, by receiver path (Secret key). */
const deliveries: Delivery[] = [];
const deliveredTo = (path: string): Delivery[] => deliveries.filter((delivery) => delivery.path === path);

/** Fast timings so the test does not wait minutes; the routing itself is what pontual ships. */
const SETTINGS: AlertingSettings = {
  ...defaultAlertingSettings(),
  routes: {
    critical: { slack: false, email: false, webhook: true, pagerduty: false },
    warning: { slack: true, email: false, webhook: true, pagerduty: false },
  },
  heartbeat: { enabled: true, interval: '2s' },
  groupWait: '1s',
  groupInterval: '2s',
  repeatInterval: '1h',
};

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
  // Stand-in: each alert needs a given exit code at the instant the test picks, for a real Prometheus to evaluate.
  await finishPods(cluster?.kubeconfigPath ?? '', NAMESPACE, runName, { exitCode });
}

function logTail(name: string): string {
  const path = join(workDir, `${name}.log`);
  return existsSync(path) ? readFileSync(path, 'utf8').slice(-3000) : '';
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (child?.pid === undefined || !isRunning(child)) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5_000)]);
  if (isRunning(child)) child.kill('SIGKILL');
}

async function instantQuery(expr: string): Promise<unknown[]> {
  if (prometheus === undefined) throw new Error('Prometheus did not start');
  return prometheus.query(expr);
}

interface PromAlert {
  labels: Record<string, string>;
  state: string;
}

async function firingAlerts(alertname: string): Promise<PromAlert[]> {
  const response = await fetch(`${prometheus?.url ?? ''}/api/v1/alerts`);
  const body = (await response.json()) as { data: { alerts: PromAlert[] } };
  return body.data.alerts.filter((alert) => alert.labels.alertname === alertname && alert.state === 'firing');
}

async function startReceiver(): Promise<string> {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      deliveries.push({ path: (request.url ?? '').slice(1), at: Date.now(), body: JSON.parse(text || '{}') as Record<string, unknown> });
      response.writeHead(200).end('OK');
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const address = receiver.address();
  return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
}

function startStatus(port: number, metricsPort: number): ChildProcess {
  const log = openSync(join(workDir, 'status.log'), 'w');
  const child = spawn(process.execPath, [STATUS_MAIN], {
    env: {
      ...process.env,
      KUBECONFIG: cluster?.kubeconfigPath ?? '',
      PORT: String(port),
      METRICS_PORT: String(metricsPort),
      WATCH_NAMESPACE: NAMESPACE,
      REDIS_URL: redis?.url ?? '',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  return child;
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
  metricsPort = await freePort();
  statusUrl = `http://127.0.0.1:${statusPort}`;
  status = startStatus(statusPort, metricsPort);
  await waitFor(
    async () => {
      try {
        return (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).ok;
      } catch {
        return false;
      }
    },
    { timeoutMs: 60_000, what: `the status service to serve /metrics (log: ${logTail('status')})` },
  );

  // The routing pontual generates, mounted the way the prometheus-operator does, credentials
  // resolved to this test's receiver (one path per Secret key).
  const receiverUrl = await startReceiver();
  const config = alertmanagerYaml(alertmanagerConfigSpec(SETTINGS), { namespace: NAMESPACE, name: 'pontual', secret: (ref) => `${receiverUrl}/${ref.key}` });
  alertmanager = await startAlertmanager(stringify(config, { lineWidth: 0 }));

  // Scraped the way the ServiceMonitor does (the metrics-only port, honorLabels): job = Service name, namespace = the Service's.
  const rules = alertRuleGroups({ namespace: NAMESPACE, statusUrl: STATUS_URL, runbookUrl: RUNBOOK_URL });
  prometheus = await startPrometheus({
    rules: { 'pontual-rules.yaml': stringify({ groups: rules }, { lineWidth: 0 }) },
    alertmanagers: [new URL(alertmanager.url).host],
    scrapeConfigs: [
      {
        job_name: STATUS_SCRAPE_JOB,
        honor_labels: true,
        static_configs: [{ targets: [`127.0.0.1:${metricsPort}`], labels: { namespace: NAMESPACE } }],
      },
    ],
  });
});

after(async () => {
  await prometheus?.stop();
  await alertmanager?.stop();
  receiver?.close();
  await stop(status);
  await redis?.stop();
  await cluster?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

test('the metrics-only port serves /metrics and not the API, which stays on the main port', async () => {
  const onMetricsPort = await fetch(`http://127.0.0.1:${metricsPort}/api/cronjobs`);
  await onMetricsPort.arrayBuffer();
  assert.equal(onMetricsPort.status, 404);
  const onMainPort = await fetch(`${statusUrl}/api/cronjobs`);
  await onMainPort.arrayBuffer();
  assert.equal(onMainPort.status, 200);
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
    throw new Error(`${String(error)}\nstatus service log:\n${logTail('status')}\nprometheus log:\n${prometheus?.log() ?? ''}`);
  });
  assert.equal(firing.length, 1, 'one alert per job, however many series');
  assert.equal(firing[0]?.labels.severity, 'warning');
  const embu = (await firingAlerts('PontualCronJobLastRunFailed')).filter((alert) => alert.labels.cronjob === 'embu-sla');
  assert.deepEqual(embu, [], 'a job whose last run succeeded does not fire');
});

interface Notification {
  status: string;
  receiver: string;
  groupLabels: Record<string, string>;
  alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string }[];
}

/** The first webhook notification matching `wanted`, waiting for it. */
async function webhookNotification(wanted: (notification: Notification) => boolean, what: string): Promise<Notification> {
  return waitFor(
    () =>
      deliveredTo('webhook-url')
        .map((delivery) => delivery.body as unknown as Notification)
        .find(wanted),
    { timeoutMs: 90_000, intervalMs: 500, what },
  ).catch((error: unknown) => {
    const seen = deliveries.map((delivery) => `${delivery.path}: ${JSON.stringify(delivery.body).slice(0, 300)}`).join('\n');
    throw new Error(`${String(error)}\ndelivered:\n${seen}\nalertmanager log:\n${alertmanager?.log() ?? ''}`);
  });
}

const storeStatusFailed =
  (state: 'firing' | 'resolved') =>
  (notification: Notification): boolean =>
    notification.status === state &&
    notification.alerts.some(
      (alert) => alert.labels.alertname === 'PontualCronJobLastRunFailed' && alert.labels.cronjob === 'store-status' && alert.status === state,
    );

test('a failed run reaches the receivers through a real Alertmanager, saying what failed, and resolves after a success', { timeout: 300_000 }, async () => {
  // The previous test left store-status with a failed last run (exit code 2).
  const firing = await webhookNotification(storeStatusFailed('firing'), 'the firing notification of store-status');
  assert.equal(firing.receiver, `${NAMESPACE}/pontual/warning`, 'routed by severity to the warning receiver');
  assert.deepEqual(firing.groupLabels, { namespace: NAMESPACE, cronjob: 'store-status' }, 'grouped per CronJob');
  const alert = firing.alerts.find((a) => a.labels.alertname === 'PontualCronJobLastRunFailed');
  assert.ok(alert);
  assert.deepEqual(alert.labels, { alertname: 'PontualCronJobLastRunFailed', namespace: NAMESPACE, cronjob: 'store-status', severity: 'warning' });
  assert.equal(alert.annotations.failure, 'reason BackoffLimitExceeded, exit code 2');
  assert.match(alert.annotations.last_success ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC$/, 'since when: the last success');
  assert.ok(Date.parse(alert.startsAt) > Date.now() - 300_000, 'startsAt: when it started failing');
  assert.equal(alert.annotations.runbook_url, `${RUNBOOK_URL}#pontualcronjoblastrunfailed`);
  assert.equal(alert.annotations.status_url, `${STATUS_URL}/jobs/store-status`);

  // The Slack receiver gets the same alert as text a person reads.
  const slack = await waitFor(
    () =>
      deliveredTo('slack-webhook-url')
        .map((d) => d.body as { channel?: string; attachments?: { title?: string; text?: string }[] })
        .find((body) => (body.attachments?.[0]?.title ?? '').includes('store-status')),
    { timeoutMs: 30_000, intervalMs: 500, what: 'the Slack message about store-status' },
  );
  const message = slack.attachments?.[0];
  assert.equal(message?.title, `[FIRING:1] PontualCronJobLastRunFailed ${NAMESPACE}/store-status`);
  assert.match(message.text ?? '', /What failed: reason BackoffLimitExceeded, exit code 2/);
  assert.match(message.text ?? '', /Since: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  assert.match(message.text ?? '', new RegExp(`Status page: ${STATUS_URL}/jobs/store-status`));
  assert.equal(slack.channel, SETTINGS.slack.channel);

  mkdirSync(new URL('.', PAYLOAD_FILE), { recursive: true });
  writeFileSync(PAYLOAD_FILE, `${JSON.stringify(firing, null, 2)}\n`);

  await runOnce('store-status', 'store-status-run-3', 0);
  const resolved = await webhookNotification(storeStatusFailed('resolved'), 'the resolved notification of store-status');
  assert.equal(resolved.alerts.find((a) => a.labels.alertname === 'PontualCronJobLastRunFailed')?.status, 'resolved');
  assert.equal(deliveredTo('webhook-url').filter((d) => JSON.stringify(d.body).includes('embu-sla')).length, 0, 'nothing about the healthy job');
});

test('the heartbeat reaches the ping URL while all is well and stops when the status service is down', { timeout: 180_000 }, async () => {
  const pings = (): number => deliveredTo('heartbeat-url').length;
  await waitFor(() => pings() >= 3, { timeoutMs: 60_000, intervalMs: 500, what: 'three heartbeat pings (every 2 s)' });
  const ping = deliveredTo('heartbeat-url')[0]?.body as unknown as Notification;
  assert.equal(ping.status, 'firing');
  assert.deepEqual(
    ping.alerts.map((a) => a.labels.alertname),
    [HEARTBEAT_ALERT],
  );
  assert.deepEqual(
    deliveredTo('webhook-url').filter((d) => JSON.stringify(d.body).includes(HEARTBEAT_ALERT)),
    [],
    'the heartbeat never pages',
  );

  await stop(status);
  // The next scrape fails (up 0), the next evaluation drops the heartbeat, Alertmanager stops repeating it.
  await waitFor(async () => (await firingAlerts(HEARTBEAT_ALERT)).length === 0, { timeoutMs: 30_000, intervalMs: 500, what: 'the heartbeat to stop firing' });
  await sleep(3_000);
  const afterStop = pings();
  await sleep(10_000);
  assert.equal(pings(), afterStop, 'no ping for five heartbeat intervals after the status service went down');
  assert.ok(
    deliveredTo('heartbeat-url').every((d) => (d.body as unknown as Notification).status === 'firing'),
    'never a resolved notification: it would count as a ping',
  );
});
