import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LABELS } from '../../core/labels.ts';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { waitFor } from '../../devkit/kube.ts';
import { finishPods, startPods } from '../../devkit/kubelet.ts';
import { runPlugin, suiteCronJob } from './cli-harness.ts';

/**
 * Logs as the API server really serves them: it proxies `pods/<pod>/log` to the kubelet of the
 * pod's node. Here the "kubelet" is a small HTTPS server on loopback serving
 * /containerLogs/<namespace>/<pod>/<container>, registered as a Node that the pods are bound to.
 */
const NAMESPACE = 'logs';
const NODE = 'fake-node';
let cluster: ControlPlane;
let kubelet: Server;
let dir: string;
/** What the fake kubelet was asked for, to prove the CLI followed. */
const requests: string[] = [];

before(async () => {
  cluster = await startControlPlane();
  await cluster.createNamespace(NAMESPACE);
  dir = mkdtempSync(join(tmpdir(), 'pontual-kubelet-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=fake-kubelet',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  kubelet = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (request, response) => {
    requests.push(request.url ?? '');
    const match = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/?]+)/.exec(request.url ?? '');
    if (match === null) {
      response.writeHead(404).end();
      return;
    }
    const [, namespace = '', pod = '', container = ''] = match;
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.write(`{"msg":"job started","pod":"${pod}","container":"${container}","namespace":"${namespace}"}\n`);
    // A followed stream stays open while the container runs: the second line comes later.
    void sleep(request.url?.includes('follow=true') === true ? 1_500 : 0).then(() => {
      response.end('{"msg":"job finished","outcome":"ok"}\n');
    });
  });
  const port = await new Promise<number>((resolve) => {
    kubelet.listen(0, '127.0.0.1', () => {
      const address = kubelet.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
  await kubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: NODE } }), false);
  await kubectl(
    [
      'patch',
      'node',
      NODE,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({
        status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: port } } },
      }),
    ],
    undefined,
    false,
  );
});

after(async () => {
  await new Promise((resolve) => kubelet.close(resolve));
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function kubectl(args: readonly string[], input?: string, namespaced = true): Promise<string> {
  const result = await cluster.kubectl([...args, ...(namespaced ? ['-n', NAMESPACE] : [])], input === undefined ? undefined : { input });
  assert.equal(result.code, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** Plays the scheduler: binds the Job's pods to the fake node, then reports them Running. */
async function scheduleAndStart(job: string): Promise<string[]> {
  const pods = await waitFor(
    async () => {
      const names = (await kubectl(['get', 'pods', '-l', `batch.kubernetes.io/job-name=${job}`, '-o', 'name'])).trim();
      return names === '' ? undefined : names.split('\n').map((name) => name.replace('pod/', ''));
    },
    { timeoutMs: 30_000, what: `pods of ${job}` },
  );
  for (const pod of pods) {
    await kubectl(
      ['create', '-f', '-'],
      JSON.stringify({ apiVersion: 'v1', kind: 'Binding', metadata: { name: pod }, target: { apiVersion: 'v1', kind: 'Node', name: NODE } }),
    );
  }
  // Stand-in: the test's own log server plays kubelet's log endpoint at the moment the test picks.
  await startPods(cluster.kubeconfigPath, NAMESPACE, job);
  return pods;
}

test('run --follow streams the pod log while the run goes, then exits with its outcome', async () => {
  await kubectl(['create', '-f', '-'], JSON.stringify(suiteCronJob({ name: 'bonus-calc' })));
  const running = runPlugin(['run', 'bonus-calc', '--follow', '-n', NAMESPACE], cluster.env);
  const job = await waitFor(
    async () => (await kubectl(['get', 'jobs', '-l', `${LABELS.job}=bonus-calc`, '-o', 'jsonpath={.items[*].metadata.name}'])).trim() || undefined,
    { timeoutMs: 30_000, what: 'the manual Job' },
  );
  const [pod] = await scheduleAndStart(job);
  await waitFor(() => requests.some((url) => url.startsWith(`/containerLogs/${NAMESPACE}/${pod ?? ''}/job`) && url.includes('follow=true')), {
    timeoutMs: 30_000,
    what: 'the CLI to follow the log',
  });
  // Stand-in: the test's own log server plays kubelet's log endpoint at the moment the test picks.
  await finishPods(cluster.kubeconfigPath, NAMESPACE, job, { exitCode: 0, runningFirst: false });
  const result = await running;
  assert.equal(result.code, 0, result.stderr);
  // stdout is exactly the container's log, both lines, in order; progress went to stderr.
  assert.equal(result.stdout, `{"msg":"job started","pod":"${pod ?? ''}","container":"job","namespace":"logs"}\n{"msg":"job finished","outcome":"ok"}\n`);
  assert.match(result.stderr, new RegExp(`run ${job} completed`));
});

test("logs prints the last run's log; --run picks a run by its suffix", async () => {
  const result = await runPlugin(['logs', 'bonus-calc', '-n', NAMESPACE], cluster.env);
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stdout,
    /^\{"msg":"job started","pod":"bonus-calc-manual-[a-z0-9]{5}-[a-z0-9]+","container":"job","namespace":"logs"\}\n\{"msg":"job finished","outcome":"ok"\}\n$/,
  );
  const suffix = /bonus-calc-(manual-[a-z0-9]{5})/.exec(result.stdout)?.[1] ?? assert.fail('no run name in the log');
  const byRun = await runPlugin(['logs', 'bonus-calc', '--run', suffix, '-n', NAMESPACE], cluster.env);
  assert.equal(byRun.stdout, result.stdout);
});

test('logs -f follows the stream until the kubelet ends it', async () => {
  const before = requests.length;
  const result = await runPlugin(['logs', 'bonus-calc', '-f', '-n', NAMESPACE], cluster.env);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(
    requests.slice(before).some((url) => url.includes('follow=true')),
    requests.slice(before).join('\n'),
  );
  assert.match(result.stdout, /^\{"msg":"job started".*\}\n\{"msg":"job finished","outcome":"ok"\}\n$/);
});
