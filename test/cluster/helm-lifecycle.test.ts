/**
 * The Helm lifecycle an operator goes through, on a real control plane with the CronJob
 * controller running: install the previous chart (devkit/fixtures/previous-chart, the chart as
 * released before issue 14), create the Secret, upgrade to this chart with changed values, roll
 * back, upgrade again, uninstall. The operators' Secret survives every step, the namespace survives
 * the uninstall, and the CronJobs are updated in place (same uid and schedule status), so the
 * controller never starts a scheduled run twice. (store-status times out after 60 s, since no pod
 * runs here, so the controller rightly starts the next minute's run.)
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { helm } from '../../devkit/helm.ts';
import { installMonitoringCrds, kubectlOk, REPO_ROOT, waitFor } from '../../devkit/kube.ts';

const CHART = join(REPO_ROOT, 'charts/pontual');
const PREVIOUS_CHART = join(REPO_ROOT, 'devkit/fixtures/previous-chart');
const RELEASE_NAMESPACE = 'pontual-release';
const NAMESPACE = 'pontual';
/** Every minute, so the controller schedules during the test; Forbid keeps it to one active run. */
const EVERY_MINUTE = ['--set', 'jobs.store-status.schedule=* * * * *'];
/** This chart, as an upgrade from a release whose chart created the namespace must keep doing so. */
const CURRENT = ['--set', `namespace=${NAMESPACE}`, '--set', 'createNamespace=true', ...EVERY_MINUTE];

let plane: ControlPlane | undefined;

before(async () => {
  plane = await startControlPlane();
  await installMonitoringCrds(plane);
});

after(async () => {
  await plane?.stop();
});

function cluster(): ControlPlane {
  if (plane === undefined) throw new Error('the control plane did not start');
  return plane;
}

interface CronJobState {
  readonly uid: string;
  readonly lastScheduleTime: string | undefined;
}

async function cronJobs(): Promise<Map<string, CronJobState>> {
  const list = JSON.parse(await kubectlOk(cluster(), ['get', 'cronjobs', '-n', NAMESPACE, '-o', 'json'])) as {
    items: { metadata: { name: string; uid: string }; status?: { lastScheduleTime?: string } }[];
  };
  return new Map(list.items.map((item) => [item.metadata.name, { uid: item.metadata.uid, lastScheduleTime: item.status?.lastScheduleTime }]));
}

async function storeStatusRuns(): Promise<string[]> {
  const out = await kubectlOk(cluster(), ['get', 'jobs', '-n', NAMESPACE, '-l', 'pontual.io/job=store-status', '-o', 'jsonpath={.items[*].metadata.name}']);
  return out.split(' ').filter(Boolean);
}

async function secretData(): Promise<string> {
  return kubectlOk(cluster(), ['get', 'secret', 'pontual-secrets', '-n', NAMESPACE, '-o', 'jsonpath={.data.redis-url}']);
}

async function configValue(key: string): Promise<string> {
  return kubectlOk(cluster(), ['get', 'configmap', 'pontual-config', '-n', NAMESPACE, '-o', `jsonpath={.data.${key}}`]);
}

test('install the previous chart, upgrade, roll back, upgrade, uninstall: the Secret and namespace survive, no run twice', { timeout: 480_000 }, async () => {
  const release = (args: string[]): Promise<string> => helm(cluster(), [...args, '--namespace', RELEASE_NAMESPACE]);

  await release(['install', 'pontual', PREVIOUS_CHART, '--create-namespace', ...EVERY_MINUTE]);
  await kubectlOk(cluster(), [
    'create',
    'secret',
    'generic',
    'pontual-secrets',
    '-n',
    NAMESPACE,
    '--from-literal=redis-url=rediss://default:pw@redis.example:25061',
  ]);
  const secret = await secretData();
  assert.ok(secret.length > 0);

  // The controller starts the every-minute run; its pod never runs (no kubelet).
  const firstRun = await waitFor(async () => ((await storeStatusRuns()).length > 0 ? storeStatusRuns() : undefined), {
    timeoutMs: 90_000,
    intervalMs: 1_000,
    what: 'the CronJob controller to start store-status',
  });
  assert.equal(firstRun.length, 1);
  const installed = await cronJobs();

  // --reuse-values keeps the previous chart's values as they were, without this chart's new ones:
  // the schema refuses it (docs/deploy.md); --reset-then-reuse-values starts from the new defaults.
  const reused = await release(['upgrade', 'pontual', CHART, '--reuse-values', ...CURRENT]).then(
    () => assert.fail('an upgrade to a chart with new values went through with --reuse-values'),
    (error: unknown) => String(error),
  );
  assert.match(reused, /missing properties 'existingSecret', 'jobDefaults'/);
  // Upgrade with changed values, the previous overrides kept.
  await release(['upgrade', 'pontual', CHART, '--reset-then-reuse-values', ...CURRENT, '--set', 'config.LOG_LEVEL=debug', '--set', 'status.replicas=1']);
  assert.equal(await secretData(), secret, 'the Secret survives the upgrade');
  assert.equal(await configValue('LOG_LEVEL'), 'debug', 'the changed value took effect');
  const upgraded = await cronJobs();
  for (const [name, state] of installed) assert.equal(upgraded.get(name)?.uid, state.uid, `${name} updated in place, not recreated`);
  assert.equal(upgraded.get('store-status')?.lastScheduleTime, installed.get('store-status')?.lastScheduleTime, 'its schedule history is kept');

  await release(['rollback', 'pontual', '1']);
  assert.equal(await secretData(), secret, 'the Secret survives the rollback');
  assert.equal(await configValue('LOG_LEVEL'), 'info', 'the rollback restored the previous values');
  const rolledBack = await cronJobs();
  for (const [name, state] of installed) assert.equal(rolledBack.get(name)?.uid, state.uid, `${name} kept across the rollback`);

  await release(['upgrade', 'pontual', CHART, ...CURRENT]);
  // Past the next schedule time. A Job is named after its scheduled minute; a CronJob recreated by
  // an upgrade would have lost its history and could start a minute's run again.
  await sleep(61_000 - (Date.now() % 60_000) + 5_000);
  const minutes = (await storeStatusRuns()).map((name) => Number(name.split('-').at(-1)));
  const first = Number(firstRun[0]?.split('-').at(-1));
  assert.equal(new Set(minutes).size, minutes.length, 'at most one run per scheduled minute');
  assert.ok(
    minutes.every((minute) => minute >= first && minute * 60_000 <= Date.now()),
    `runs only at schedule times since the first: ${minutes.join(', ')}`,
  );
  assert.ok(minutes.length <= Math.floor(Date.now() / 60_000) - first + 1, 'no more runs than schedule times');

  const history = await release(['history', 'pontual', '-o', 'json']);
  assert.deepEqual(
    (JSON.parse(history) as { revision: number; status: string }[]).map((entry) => entry.status),
    ['superseded', 'superseded', 'superseded', 'deployed'],
  );

  await release(['uninstall', 'pontual']);
  assert.equal(await secretData(), secret, 'the Secret survives the uninstall');
  const namespace = await kubectlOk(cluster(), ['get', 'namespace', NAMESPACE, '-o', 'jsonpath={.status.phase}']);
  assert.equal(namespace, 'Active', 'the namespace is kept (helm.sh/resource-policy: keep)');
  assert.equal((await cronJobs()).size, 0, "the release's CronJobs are gone");
});
