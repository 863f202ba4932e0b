import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { LABELS, MANUAL_INSTANTIATE_ANNOTATION } from '../../core/labels.ts';
import { ledgerKey, toStreamFields, DEFAULT_KEY_PREFIX, type LedgerEntry } from '../../core/run-ledger.ts';
import { startControlPlane, type ControlPlane } from '../support/control-plane.ts';
import { waitFor } from '../support/kube.ts';
import { finishPods } from '../support/kubelet.ts';
import { freePort } from '../support/ports.ts';
import { startRedis } from '../support/redis.ts';
import { runPlugin, suiteCronJob, type CliRun, type CronJobFixture } from './cli-harness.ts';
import { Redis } from 'ioredis';

/**
 * Every `kubectl pontual` command against a real control plane, run as the real executable.
 * No kubelet: pods are finished by the test (support/kubelet.ts), and logs cannot be served.
 */
const NAMESPACE = 'cli';
let cluster: ControlPlane;

before(async () => {
  cluster = await startControlPlane();
  await cluster.createNamespace(NAMESPACE);
});

after(async () => {
  await cluster.stop();
});

function pontual(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  return runPlugin([...args, '-n', NAMESPACE], { ...cluster.env, ...env });
}

async function kubectl(args: readonly string[], input?: string): Promise<string> {
  const result = await cluster.kubectl([...args, '-n', NAMESPACE], input === undefined ? undefined : { input });
  assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

async function createCronJob(fixture: CronJobFixture): Promise<Record<string, unknown>> {
  return JSON.parse(await kubectl(['create', '-o', 'json', '-f', '-'], JSON.stringify(suiteCronJob(fixture)))) as Record<string, unknown>;
}

async function getJson(kind: string, name: string): Promise<KubeObject> {
  return JSON.parse(await kubectl(['get', kind, name, '-o', 'json'])) as KubeObject;
}

interface KubeObject {
  metadata: { name: string; uid: string; annotations?: Record<string, string>; ownerReferences?: Record<string, unknown>[] };
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** The name of the first Job of `cronJob` whose name starts with `prefix`, once it exists. */
async function jobNamed(cronJob: string, prefix: string): Promise<string> {
  return waitFor(
    async () => {
      const list = JSON.parse(await kubectl(['get', 'jobs', '-l', `${LABELS.job}=${cronJob}`, '-o', 'json'])) as { items: KubeObject[] };
      return list.items.map((job) => job.metadata.name).find((name) => name.startsWith(prefix));
    },
    { timeoutMs: 30_000, what: `a Job ${prefix}* of ${cronJob}` },
  );
}

describe('errors a person can act on', () => {
  test('an unknown job lists the CronJobs of the namespace and the catalog, exit 2', async () => {
    await createCronJob({ name: 'embu-sla' });
    const result = await pontual(['why', 'embu_sla']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /unknown job "embu_sla": no CronJob "embu_sla" in namespace "cli"/);
    assert.match(result.stderr, /CronJobs here: .*embu-sla/);
    assert.match(result.stderr, /jobs in the catalog: embu-sla, extrema-sla, bonus-calc, store-status/);
    assert.match(result.stderr, /did you mean "embu-sla"\?/);
  });

  test('an unreachable cluster names the context and the server, exit 3', async () => {
    const port = await freePort();
    const kubeconfig = join(cluster.dir, 'dead.kubeconfig');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'gone', cluster: { server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'someone', user: { token: 'x' } }],
        contexts: [{ name: 'do-sfo3-warehouse', context: { cluster: 'gone', user: 'someone' } }],
        'current-context': 'do-sfo3-warehouse',
      }),
    );
    const result = await pontual(['why', 'embu-sla', '--kubeconfig', kubeconfig]);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, new RegExp(`cannot reach the Kubernetes API \\(context "do-sfo3-warehouse", server https://127.0.0.1:${port}\\): ECONNREFUSED`));
  });

  test('a context that does not exist is a usage error listing the contexts, exit 2', async () => {
    const result = await pontual(['why', 'embu-sla', '--context', 'production']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /context "production" is not in .*admin\.kubeconfig \(contexts: pontual-test\)/);
  });

  test('RBAC denial names the verb and the resource, exit 3', async () => {
    await kubectl(['create', 'serviceaccount', 'intern']);
    const token = (await kubectl(['create', 'token', 'intern'])).trim();
    const admin = parse(await kubectl(['config', 'view', '--raw', '--minify', '-o', 'yaml'])) as {
      clusters: { cluster: Record<string, string> }[];
    };
    const kubeconfig = join(cluster.dir, 'intern.kubeconfig');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'test', cluster: admin.clusters[0]?.cluster }],
        users: [{ name: 'intern', user: { token } }],
        contexts: [{ name: 'intern', context: { cluster: 'test', user: 'intern', namespace: NAMESPACE } }],
        'current-context': 'intern',
      }),
    );
    // No -n: the namespace comes from the context, as with kubectl.
    const result = await runPlugin(['suspend', 'embu-sla', '--kubeconfig', kubeconfig], cluster.env);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /forbidden: you may not get cronjobs\.batch in namespace "cli" \(context "intern"/);
    assert.match(result.stderr, /Ask for a Role granting verb "get" on resource "cronjobs" in API group "batch"/);
    assert.match(result.stderr, /system:serviceaccount:cli:intern/);
  });
});

describe('run', () => {
  test('creates the same Job as `kubectl create job --from=cronjob/...` (kubectl 1.36)', async () => {
    await createCronJob({ name: 'parity', backoffLimit: 2 });
    // Without the job controller both Jobs stay exactly as created: status included.
    await cluster.stopControllerManager();
    try {
      await kubectl(['create', 'job', 'parity-by-kubectl', '--from=cronjob/parity']);
      const ran = await pontual(['run', 'parity']);
      assert.equal(ran.code, 0, ran.stderr);
      const created = /job\.batch\/(parity-manual-[a-z0-9]{5}) created/.exec(ran.stdout);
      assert.ok(created?.[1] !== undefined, ran.stdout);
      const byKubectl = await getJson('job', 'parity-by-kubectl');
      const byPontual = await getJson('job', created[1]);
      assert.deepEqual(comparable(byPontual), comparable(byKubectl));
      // And the shape the parity rests on, spelled out.
      assert.equal(byPontual.metadata.annotations?.[MANUAL_INSTANTIATE_ANNOTATION], 'manual');
      assert.equal(byPontual.metadata.annotations?.['pontual.io/description'], 'test job parity');
      const owner = byPontual.metadata.ownerReferences?.[0];
      assert.deepEqual(
        { kind: owner?.kind, name: owner?.name, controller: owner?.controller, blockOwnerDeletion: owner?.blockOwnerDeletion },
        { kind: 'CronJob', name: 'parity', controller: true, blockOwnerDeletion: undefined },
      );
    } finally {
      await cluster.startControllerManager();
    }
  });

  test('--wait exits 0 when the run completes', async () => {
    await createCronJob({ name: 'wait-ok' });
    const running = pontual(['run', 'wait-ok', '--wait']);
    const job = await jobNamed('wait-ok', 'wait-ok-manual-');
    await finishPods(cluster.kubeconfigPath, NAMESPACE, job, { exitCode: 0 });
    const result = await running;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`job\\.batch/${job} created`));
    assert.match(result.stdout, /\[\d+s\] (pod wait-ok-manual-[a-z0-9]+-[a-z0-9]+ (Pending|Running)|waiting for the job controller)/);
    assert.match(result.stdout, new RegExp(`run ${job} completed in \\d+s`));
  });

  test('--wait exits 1 with the reason and exit code when the pod exits 2', async () => {
    await createCronJob({ name: 'wait-fail', backoffLimit: 2 });
    const running = pontual(['run', 'wait-fail', '--wait']);
    const job = await jobNamed('wait-fail', 'wait-fail-manual-');
    await finishPods(cluster.kubeconfigPath, NAMESPACE, job, { exitCode: 2 });
    const result = await running;
    assert.equal(result.code, 1, result.stderr);
    // Exit code 2 matches the FailJob rule: no retry despite backoffLimit 2.
    assert.match(result.stdout, new RegExp(`run ${job} failed.*: PodFailurePolicy: .*; pod ${job}-[a-z0-9]+ exited with code 2`));
    const status = (await getJson('job', job)).status;
    assert.equal(status?.failed, 1);
  });

  test('--follow waits like --wait; without a node the API serves no log, and it says so', async () => {
    await createCronJob({ name: 'follow' });
    const running = pontual(['run', 'follow', '--follow']);
    const job = await jobNamed('follow', 'follow-manual-');
    await finishPods(cluster.kubeconfigPath, NAMESPACE, job, { exitCode: 0 });
    const result = await running;
    assert.equal(result.code, 0, result.stderr);
    // Progress moves to stderr so that stdout carries only the logs.
    assert.match(result.stderr, new RegExp(`run ${job} completed`));
    assert.match(result.stderr, /pod follow-manual-[a-z0-9]+-[a-z0-9]+ has no logs: it was never assigned to a node/);
    assert.equal(result.stdout, '');
  });
});

describe('suspend and resume', () => {
  test('round trip: suspend sets spec.suspend, resume clears it and the missed run starts as warned', async () => {
    await createCronJob({ name: 'pause', schedule: '0 0 1 1 *' });
    const suspended = await pontual(['suspend', 'pause']);
    assert.equal(suspended.code, 0, suspended.stderr);
    assert.match(suspended.stdout, /cronjob\.batch\/pause suspended/);
    assert.equal((await getJson('cronjob', 'pause')).spec.suspend, true);
    assert.match((await pontual(['suspend', 'pause'])).stdout, /already suspended/);

    // While suspended, every minute became due and the last run was ten minutes ago.
    await kubectl(['patch', 'cronjob', 'pause', '--type=merge', '-p', JSON.stringify({ spec: { schedule: '* * * * *' } })]);
    const tenMinutesAgo = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000).toISOString().replace('.000', '');
    await kubectl(['patch', 'cronjob', 'pause', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { lastScheduleTime: tenMinutesAgo } })]);

    const resumed = await pontual(['resume', 'pause']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /cronjob\.batch\/pause resumed/);
    assert.match(resumed.stderr, /warning: the run scheduled for .* starts now: it is \d+s late, within startingDeadlineSeconds \(300 s/);
    assert.equal((await getJson('cronjob', 'pause')).spec.suspend, false);
    // The controller agrees with the warning: it starts the missed run.
    const scheduled = await waitFor(
      async () => {
        const list = JSON.parse(await kubectl(['get', 'jobs', '-l', `${LABELS.job}=pause`, '-o', 'json'])) as { items: KubeObject[] };
        return list.items.find((job) => job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'] !== undefined);
      },
      { timeoutMs: 30_000, what: 'the CronJob controller to start the missed run' },
    );
    assert.match(scheduled.metadata.name, /^pause-\d+$/);
  });

  test('resume warns that a run missed past startingDeadlineSeconds is skipped', async () => {
    const now = new Date();
    const minuteTenAgo = new Date(now.getTime() - 10 * 60_000).getUTCMinutes();
    await createCronJob({ name: 'late', schedule: `${minuteTenAgo} * * * *`, suspend: true });
    const twoHoursAgo = new Date(now.getTime() - 2 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    await kubectl(['patch', 'cronjob', 'late', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { lastScheduleTime: twoHoursAgo } })]);
    const resumed = await pontual(['resume', 'late']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /warning: the run scheduled for .* will be skipped: it is more than startingDeadlineSeconds \(300 s\) late/);
    assert.match(resumed.stdout, /next run at /);
  });
});

describe('why', () => {
  test('explains a run blocked by an active run under Forbid, with the JobAlreadyActive event', async () => {
    const cronJob = await createCronJob({ name: 'blocked', schedule: '* * * * *', suspend: true });
    const metadata = cronJob.metadata as { uid: string };
    // A run the controller started and is still tracking (status.active), with no kubelet to finish it.
    const active = suiteCronJob({ name: 'blocked' }) as { spec: { jobTemplate: { metadata: Record<string, unknown>; spec: unknown } } };
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        ...active.spec.jobTemplate.metadata,
        name: 'blocked-1',
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'blocked', uid: metadata.uid, controller: true }],
      },
      spec: active.spec.jobTemplate.spec,
    };
    const created = JSON.parse(await kubectl(['create', '-o', 'json', '-f', '-'], JSON.stringify(job))) as KubeObject;
    const lastSchedule = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 2 * 60_000).toISOString().replace('.000', '');
    await kubectl([
      'patch', 'cronjob', 'blocked', '--subresource=status', '--type=merge', '-p',
      JSON.stringify({ status: { lastScheduleTime: lastSchedule, active: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'blocked-1', namespace: NAMESPACE, uid: created.metadata.uid }] } }),
    ]);
    await kubectl(['patch', 'cronjob', 'blocked', '--type=merge', '-p', JSON.stringify({ spec: { suspend: false } })]);
    await waitFor(async () => (await kubectl(['get', 'events', '--field-selector', 'involvedObject.name=blocked,reason=JobAlreadyActive', '-o', 'name'])).trim() !== '', {
      timeoutMs: 30_000,
      what: 'the JobAlreadyActive event',
    });

    const result = await pontual(['why', 'blocked']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^blocked: blocked: the run due at .* has not started because blocked-1 is still running and concurrencyPolicy is Forbid/);
    assert.match(result.stdout, /event JobAlreadyActive/);

    const json = JSON.parse((await pontual(['why', 'blocked', '-o', 'json'])).stdout) as { state: string; events: { reason: string }[] };
    assert.equal(json.state, 'blocked-by-active-run');
    assert.ok(json.events.some((event) => event.reason === 'JobAlreadyActive'));
  });

  test('says when a CronJob is simply not yet due, with the next run in its time zone', async () => {
    await createCronJob({ name: 'yearly', schedule: '0 0 1 1 *' });
    const result = await pontual(['why', 'yearly']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^yearly: not yet due: next run at \d{4}-01-01 00:00 -03 \(in \d+d/);
  });

  test('says when a CronJob is suspended', async () => {
    await createCronJob({ name: 'off', suspend: true });
    const result = await pontual(['why', 'off']);
    assert.match(result.stdout, /^off: suspended \(spec\.suspend is true\)/);
  });
});

describe('history and logs', () => {
  test('history merges the Redis run ledger with the Jobs in the cluster', async () => {
    await createCronJob({ name: 'ledgered' });
    const running = pontual(['run', 'ledgered', '--wait']);
    const job = await jobNamed('ledgered', 'ledgered-manual-');
    await finishPods(cluster.kubeconfigPath, NAMESPACE, job, { exitCode: 0 });
    assert.equal((await running).code, 0);

    const redis = await startRedis();
    const client = new Redis(redis.url);
    try {
      const entry = (fields: Partial<LedgerEntry> & Pick<LedgerEntry, 'runId' | 'startedAt' | 'finishedAt' | 'outcome' | 'exitCode'>): string[] =>
        toStreamFields({ job: 'ledgered', durationMs: Date.parse(fields.finishedAt) - Date.parse(fields.startedAt), ...fields });
      // A scheduled run Kubernetes has already deleted, which failed on a Redis outage...
      await client.xadd(ledgerKey(DEFAULT_KEY_PREFIX, 'ledgered'), '*', ...entry({
        runId: 'r1', kubeJob: 'ledgered-29412345', pod: 'ledgered-29412345-abcde', namespace: NAMESPACE,
        startedAt: '2026-11-28T09:00:01.000Z', finishedAt: '2026-11-28T09:00:31.000Z', outcome: 'failed', exitCode: 1, errorCode: 'REDIS_UNAVAILABLE',
      }));
      // ...and the manual run above, as its pod recorded it.
      await client.xadd(ledgerKey(DEFAULT_KEY_PREFIX, 'ledgered'), '*', ...entry({
        runId: 'r2', kubeJob: job, pod: `${job}-xyz12`, namespace: NAMESPACE,
        startedAt: new Date(Date.now() - 5_000).toISOString(), finishedAt: new Date().toISOString(), outcome: 'ok', exitCode: 0,
      }));

      const result = await pontual(['history', 'ledgered', '--redis-url', redis.url, '-o', 'json']);
      assert.equal(result.code, 0, result.stderr);
      const rows = JSON.parse(result.stdout) as { run: string; trigger: string; outcome: string; reason?: string; source: string }[];
      assert.deepEqual(
        rows.map((row) => [row.run, row.trigger, row.outcome, row.reason, row.source]),
        [
          [job, 'manual', 'succeeded', undefined, 'cluster+ledger'],
          ['ledgered-29412345', 'scheduled', 'failed', 'failed, REDIS_UNAVAILABLE, exit code 1', 'ledger'],
        ],
      );
      const table = await pontual(['history', 'ledgered'], { REDIS_URL: redis.url });
      assert.match(table.stdout, /^RUN\s+TRIGGER\s+OUTCOME\s+STARTED \(America\/Sao_Paulo\)\s+DURATION\s+ATTEMPTS\s+REASON/);
      assert.match(table.stdout, /ledgered-29412345\s+scheduled\s+failed\s+2026-11-28 06:00 -03\s+30s\s+1\s+failed, REDIS_UNAVAILABLE, exit code 1/);
    } finally {
      client.disconnect();
      await redis.stop();
    }
  });

  test('history without a reachable ledger warns and shows the runs still in the cluster', async () => {
    const result = await pontual(['history', 'ledgered']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /warning: the status service at http:\/\/pontual-status\.cli\.svc:8080 is unreachable/);
    assert.match(result.stdout, /ledgered-manual-[a-z0-9]{5}\s+manual\s+succeeded/);
  });

  test('logs finds the last run and its pod, and says why there is no log to show', async () => {
    const result = await pontual(['logs', 'ledgered']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /pod ledgered-manual-[a-z0-9]{5}-[a-z0-9]+ \(run ledgered-manual-[a-z0-9]{5}\) has no logs: it was never assigned to a node/);
    const unknownRun = await pontual(['logs', 'ledgered', '--run', 'nope']);
    assert.equal(unknownRun.code, 1);
    assert.match(unknownRun.stderr, /no run "nope" of ledgered .* its most recent runs: ledgered-manual-/);
  });
});

/** A Job as compared by the parity test: without what differs between any two Jobs. */
function comparable(job: KubeObject): unknown {
  const text = JSON.stringify(job).replaceAll(job.metadata.uid, '<uid>').replaceAll(`"${job.metadata.name}"`, '"<name>"');
  const copy = JSON.parse(text) as { metadata: Record<string, unknown> & { managedFields?: Record<string, unknown>[] } };
  delete copy.metadata.creationTimestamp;
  delete copy.metadata.resourceVersion;
  // Who wrote each field and when differs by design (kubectl-create vs kubectl-pontual); what was written must not.
  copy.metadata.managedFields = copy.metadata.managedFields?.map(({ manager: _manager, time: _time, ...rest }) => rest);
  return copy;
}
