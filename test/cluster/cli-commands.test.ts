import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LABELS, MANUAL_INSTANTIATE_ANNOTATION } from '../../core/labels.ts';
import { ledgerKey, toStreamFields, DEFAULT_KEY_PREFIX, type LedgerEntry } from '../../core/run-ledger.ts';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { waitFor } from '../../devkit/kube.ts';
import { finishPods } from '../../devkit/kubelet.ts';
import { freePort } from '../../devkit/ports.ts';
import { startRedis } from '../../devkit/redis.ts';
import { inNamespace, REPO_ROOT, runPlugin, suiteCronJob, type CliNamespace, type KubeObject } from './cli-harness.ts';
import { Redis } from 'ioredis';

/**
 * Every `kubectl pontual` command against a real control plane, run as the real executable.
 * No kubelet: pods are finished by the test (devkit/kubelet.ts); cli-logs.test.ts serves logs.
 */
const NAMESPACE = 'cli';
let cluster: ControlPlane;

let cli: CliNamespace;

before(async () => {
  cluster = await startControlPlane();
  await cluster.createNamespace(NAMESPACE);
  cli = inNamespace(cluster, NAMESPACE);
});

after(async () => {
  await cluster.stop();
});

describe('run', () => {
  test('creates the same Job as `kubectl create job --from=cronjob/...` (kubectl 1.36)', async () => {
    await cli.createCronJob({ name: 'parity', backoffLimit: 2 });
    // Without the job controller both Jobs stay exactly as created: status included.
    await cluster.stopControllerManager();
    try {
      await cli.kubectl(['create', 'job', 'parity-by-kubectl', '--from=cronjob/parity']);
      const ran = await cli.pontual(['run', 'parity']);
      assert.equal(ran.code, 0, ran.stderr);
      const created = /job\.batch\/(parity-manual-[a-z0-9]{5}) created/.exec(ran.stdout);
      assert.ok(created?.[1] !== undefined, ran.stdout);
      const byKubectl = await cli.getJson('job', 'parity-by-kubectl');
      const byPontual = await cli.getJson('job', created[1]);
      assert.deepEqual(comparable(byPontual), comparable(byKubectl));
      // And the shape the parity rests on, spelled out.
      assert.equal(byPontual.metadata.annotations?.[MANUAL_INSTANTIATE_ANNOTATION], 'manual');
      assert.equal(byPontual.metadata.annotations['pontual.io/description'], 'test job parity');
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
    await cli.createCronJob({ name: 'wait-ok' });
    const running = cli.pontual(['run', 'wait-ok', '--wait']);
    const job = await cli.jobNamed('wait-ok', 'wait-ok-manual-');
    // Stand-in: the CLI's reaction to a chosen exit code is tested, not a container's; no image needed.
    await finishPods(cluster.kubeconfigPath, NAMESPACE, job, { exitCode: 0 });
    const result = await running;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`job\\.batch/${job} created`));
    assert.match(result.stdout, /\[\d+s\] (pod wait-ok-manual-[a-z0-9]+-[a-z0-9]+ (Pending|Running)|waiting for the job controller)/);
    assert.match(result.stdout, new RegExp(`run ${job} completed in \\d+s`));
  });

  test('--wait exits 1 with the reason and exit code when the pod exits 2', async () => {
    await cli.createCronJob({ name: 'wait-fail', backoffLimit: 2 });
    const running = cli.pontual(['run', 'wait-fail', '--wait']);
    const job = await cli.jobNamed('wait-fail', 'wait-fail-manual-');
    // Stand-in: the CLI's reaction to a chosen exit code is tested, not a container's; no image needed.
    await finishPods(cluster.kubeconfigPath, NAMESPACE, job, { exitCode: 2 });
    const result = await running;
    assert.equal(result.code, 1, result.stderr);
    // Exit code 2 matches the FailJob rule: no retry despite backoffLimit 2.
    assert.match(result.stdout, new RegExp(`run ${job} failed.*: PodFailurePolicy: .*; pod ${job}-[a-z0-9]+ exited with code 2`));
    const status = (await cli.getJson('job', job)).status;
    assert.equal(status?.failed, 1);
  });

  test('--follow waits like --wait; without a node the API serves no log, and it says so', async () => {
    await cli.createCronJob({ name: 'follow' });
    const running = cli.pontual(['run', 'follow', '--follow']);
    const job = await cli.jobNamed('follow', 'follow-manual-');
    // Stand-in: the CLI's reaction to a chosen exit code is tested, not a container's; no image needed.
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
    await cli.createCronJob({ name: 'pause', schedule: '0 0 1 1 *' });
    const suspended = await cli.pontual(['suspend', 'pause']);
    assert.equal(suspended.code, 0, suspended.stderr);
    assert.match(suspended.stdout, /cronjob\.batch\/pause suspended/);
    assert.equal((await cli.getJson('cronjob', 'pause')).spec.suspend, true);
    assert.match((await cli.pontual(['suspend', 'pause'])).stdout, /already suspended/);

    // While suspended, every minute became due and the last run was ten minutes ago.
    await cli.kubectl(['patch', 'cronjob', 'pause', '--type=merge', '-p', JSON.stringify({ spec: { schedule: '* * * * *' } })]);
    const tenMinutesAgo = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000).toISOString().replace('.000', '');
    await cli.kubectl([
      'patch',
      'cronjob',
      'pause',
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status: { lastScheduleTime: tenMinutesAgo } }),
    ]);

    const resumed = await cli.pontual(['resume', 'pause']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /cronjob\.batch\/pause resumed/);
    assert.match(resumed.stderr, /warning: the run scheduled for .* starts now: it is \d+s late, within startingDeadlineSeconds \(300 s/);
    assert.equal((await cli.getJson('cronjob', 'pause')).spec.suspend, false);
    // The controller agrees with the warning: it starts the missed run.
    const scheduled = await waitFor(
      async () => {
        const list = JSON.parse(await cli.kubectl(['get', 'jobs', '-l', `${LABELS.job}=pause`, '-o', 'json'])) as { items: KubeObject[] };
        return list.items.find((job) => job.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'] !== undefined);
      },
      { timeoutMs: 30_000, what: 'the CronJob controller to start the missed run' },
    );
    assert.match(scheduled.metadata.name, /^pause-\d+$/);
  });

  test('resume warns that a run missed past startingDeadlineSeconds is skipped', async () => {
    const now = new Date();
    const minuteTenAgo = new Date(now.getTime() - 10 * 60_000).getUTCMinutes();
    await cli.createCronJob({ name: 'late', schedule: `${minuteTenAgo} * * * *`, suspend: true });
    const twoHoursAgo = new Date(now.getTime() - 2 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    await cli.kubectl([
      'patch',
      'cronjob',
      'late',
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status: { lastScheduleTime: twoHoursAgo } }),
    ]);
    const resumed = await cli.pontual(['resume', 'late']);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /warning: the run scheduled for .* will be skipped: it is more than startingDeadlineSeconds \(300 s\) late/);
    assert.match(resumed.stdout, /next run at /);
  });
});

describe('why', () => {
  test('explains a run blocked by an active run under Forbid, with the JobAlreadyActive event', async () => {
    const cronJob = await cli.createCronJob({ name: 'blocked', schedule: '* * * * *', suspend: true });
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
    const created = JSON.parse(await cli.kubectl(['create', '-o', 'json', '-f', '-'], JSON.stringify(job))) as KubeObject;
    const lastSchedule = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 2 * 60_000).toISOString().replace('.000', '');
    await cli.kubectl([
      'patch',
      'cronjob',
      'blocked',
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({
        status: {
          lastScheduleTime: lastSchedule,
          active: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'blocked-1', namespace: NAMESPACE, uid: created.metadata.uid }],
        },
      }),
    ]);
    await cli.kubectl(['patch', 'cronjob', 'blocked', '--type=merge', '-p', JSON.stringify({ spec: { suspend: false } })]);
    await waitFor(
      async () => (await cli.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=blocked,reason=JobAlreadyActive', '-o', 'name'])).trim() !== '',
      {
        timeoutMs: 30_000,
        what: 'the JobAlreadyActive event',
      },
    );

    const result = await cli.pontual(['why', 'blocked']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^blocked: blocked: the run due at .* has not started because blocked-1 is still running and concurrencyPolicy is Forbid/);
    assert.match(result.stdout, /event JobAlreadyActive/);

    const json = JSON.parse((await cli.pontual(['why', 'blocked', '-o', 'json'])).stdout) as { state: string; events: { reason: string }[] };
    assert.equal(json.state, 'blocked-by-active-run');
    assert.ok(json.events.some((event) => event.reason === 'JobAlreadyActive'));
  });

  test('says when a CronJob is simply not yet due, with the next run in its time zone', async () => {
    await cli.createCronJob({ name: 'yearly', schedule: '0 0 1 1 *' });
    const result = await cli.pontual(['why', 'yearly']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^yearly: not yet due: next run at \d{4}-01-01 00:00 -03 \(in \d+[dhms]/);
  });

  test('says when a CronJob is suspended', async () => {
    await cli.createCronJob({ name: 'off', suspend: true });
    const result = await cli.pontual(['why', 'off']);
    assert.match(result.stdout, /^off: suspended \(spec\.suspend is true\)/);
  });
});

describe('history and logs', () => {
  test('history merges the Redis run ledger with the Jobs in the cluster', async () => {
    await cli.createCronJob({ name: 'ledgered' });
    const running = cli.pontual(['run', 'ledgered', '--wait']);
    const job = await cli.jobNamed('ledgered', 'ledgered-manual-');
    // Stand-in: the CLI's reaction to a chosen exit code is tested, not a container's; no image needed.
    await finishPods(cluster.kubeconfigPath, NAMESPACE, job, { exitCode: 0 });
    assert.equal((await running).code, 0);

    const redis = await startRedis();
    const client = new Redis(redis.url);
    try {
      const entry = (fields: Partial<LedgerEntry> & Pick<LedgerEntry, 'runId' | 'startedAt' | 'finishedAt' | 'outcome' | 'exitCode'>): string[] =>
        toStreamFields({ job: 'ledgered', durationMs: Date.parse(fields.finishedAt) - Date.parse(fields.startedAt), ...fields });
      // A scheduled run Kubernetes has already deleted, which failed on a Redis outage...
      await client.xadd(
        ledgerKey(DEFAULT_KEY_PREFIX, 'ledgered'),
        '*',
        ...entry({
          runId: 'r1',
          kubeJob: 'ledgered-29412345',
          pod: 'ledgered-29412345-abcde',
          namespace: NAMESPACE,
          startedAt: '2026-11-28T09:00:01.000Z',
          finishedAt: '2026-11-28T09:00:31.000Z',
          outcome: 'failed',
          exitCode: 1,
          errorCode: 'REDIS_UNAVAILABLE',
          errorMessage: 'Redis at redis://10.0.0.5:6379 is unreachable',
        }),
      );
      // ...and the manual run above, as its pod recorded it.
      await client.xadd(
        ledgerKey(DEFAULT_KEY_PREFIX, 'ledgered'),
        '*',
        ...entry({
          runId: 'r2',
          kubeJob: job,
          pod: `${job}-xyz12`,
          namespace: NAMESPACE,
          startedAt: new Date(Date.now() - 5_000).toISOString(),
          finishedAt: new Date().toISOString(),
          outcome: 'succeeded',
          exitCode: 0,
        }),
      );

      const result = await cli.pontual(['history', 'ledgered', '--redis-url', redis.url, '-o', 'json']);
      assert.equal(result.code, 0, result.stderr);
      const rows = JSON.parse(result.stdout) as { run: string; trigger: string; outcome: string; reason: string; exitCode?: number }[];
      assert.deepEqual(
        rows.map((row) => [row.run, row.trigger, row.outcome, row.reason, row.exitCode]),
        [
          [job, 'manual', 'succeeded', '', undefined],
          ['ledgered-29412345', 'scheduled', 'failed', 'ExitCode1', 1],
        ],
      );
      // The status service serves the same history (it merges the same ledger with the Jobs it watches).
      const service = await startStatusService(redis.url);
      try {
        const fromService = await waitFor(
          async () => {
            const viaService = await cli.pontual(['history', 'ledgered', '--status-url', service.url, '-o', 'json']);
            assert.equal(viaService.code, 0, viaService.stderr);
            return viaService.stdout === result.stdout ? viaService.stdout : undefined;
          },
          { timeoutMs: 30_000, intervalMs: 1_000, what: 'the status service to serve the same history' },
        );
        assert.equal(fromService, result.stdout);
      } finally {
        await service.stop();
      }
      const table = await cli.pontual(['history', 'ledgered'], { REDIS_URL: redis.url });
      assert.match(table.stdout, /^RUN\s+TRIGGER\s+OUTCOME\s+STARTED \(America\/Sao_Paulo\)\s+DURATION\s+REASON\n/);
      assert.match(
        table.stdout,
        /\nledgered-29412345\s+scheduled\s+failed\s+2026-11-28 06:00 -03\s+30s\s+ExitCode1: Redis at redis:\/\/10\.0\.0\.5:6379 is unreachable\n/,
      );
    } finally {
      client.disconnect();
      await redis.stop();
    }
  });

  test('history without a reachable ledger warns and shows the runs still in the cluster', async () => {
    const result = await cli.pontual(['history', 'ledgered']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /warning: cannot reach the status service at http:\/\/pontual-status\.cli\.svc:8080: .*; showing only the runs still in the cluster/,
    );
    assert.match(result.stdout, /ledgered-manual-[a-z0-9]{5}\s+manual\s+succeeded/);
  });

  test('logs finds the last run and its pod, and says why there is no log to show', async () => {
    const result = await cli.pontual(['logs', 'ledgered']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /pod ledgered-manual-[a-z0-9]{5}-[a-z0-9]+ \(run ledgered-manual-[a-z0-9]{5}\) has no logs: it was never assigned to a node/);
    const unknownRun = await cli.pontual(['logs', 'ledgered', '--run', 'nope']);
    assert.equal(unknownRun.code, 1);
    assert.match(unknownRun.stderr, /no run "nope" of ledgered in namespace "cli" \(its most recent runs: ledgered-manual-/);
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

// Last on purpose: it reads the CronJobs and runs the tests above left behind.
describe('status', () => {
  test('one line per suite CronJob, from the same model as the status service', async () => {
    const result = await cli.pontual(['status']);
    assert.equal(result.code, 0, result.stderr);
    const line = (name: string): string =>
      result.stdout.split('\n').find((row) => row.startsWith(`${name} `)) ?? assert.fail(`no line for ${name}:\n${result.stdout}`);
    assert.match(result.stdout, /^JOB\s+SCHEDULE\s+SUSPENDED\s+LAST RUN\s+LAST SUCCESS\s+NEXT RUN\s+RUNNING\s+MISSED\s+LATE\n/);
    assert.match(line('wait-ok'), /^wait-ok\s+0 6 \* \* \* \(America\/Sao_Paulo\)\s+no\s+succeeded\s+\d+s ago\s+\d{4}-\d\d-\d\d 06:00 -03\s+-\s+0\s+no$/);
    assert.match(line('wait-fail'), /\s+failed: PodFailurePolicy \(exit 2\)\s+-\s+/);
    assert.match(line('off'), /^off\s+0 6 \* \* \* \(America\/Sao_Paulo\)\s+yes\s+/);
    assert.match(line('blocked'), /\s+1 \(\d+[sm]/);

    const json = JSON.parse((await cli.pontual(['status', '-o', 'json'])).stdout) as {
      name: string;
      suspended: boolean;
      lastOutcome?: string;
      nextSchedule?: string;
    }[];
    const yearly = json.find((summary) => summary.name === 'yearly');
    assert.match(yearly?.nextSchedule ?? '', /^\d{4}-01-01T03:00:00\.000Z$/);
    assert.equal(json.find((summary) => summary.name === 'wait-fail')?.lastOutcome, 'failed');
  });

  test('an empty namespace says where the suite usually is', async () => {
    await cluster.createNamespace('empty');
    const result = await runPlugin(['status', '-n', 'empty'], cluster.env);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /no pontual CronJobs in namespace "empty" \(context "pontual-test"\): the suite is usually in namespace "pontual"/);
  });

  test('MISSED counts the due times the controller let pass before this run of the command', async () => {
    await cluster.stopControllerManager();
    try {
      // A short starting deadline keeps the wait near a minute; the suite's 300 s works the same way.
      await cli.createCronJob({ name: 'stalled', schedule: '* * * * *', startingDeadlineSeconds: 10 });
      // Each invocation is a fresh process with no past of its own: the count comes from the CronJob's status.
      const stalled = await waitFor(
        async () => {
          const result = await cli.pontual(['status', '-o', 'json']);
          assert.equal(result.code, 0, result.stderr);
          const found = (JSON.parse(result.stdout) as { name: string; missedRuns: number; late: boolean }[]).find((summary) => summary.name === 'stalled');
          return found !== undefined && found.missedRuns >= 1 ? found : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 2_000, what: 'kubectl pontual status to count the missed time' },
      );
      assert.equal(stalled.late, true);
      const table = await cli.pontual(['status']);
      assert.match(table.stdout.split('\n').find((row) => row.startsWith('stalled ')) ?? '', /\s[1-9]\d*\s+yes$/);
    } finally {
      await cli.kubectl(['delete', 'cronjob', 'stalled']);
      await cluster.startControllerManager();
    }
  });
});

/** The real status service (status/main.ts) watching the test namespace, on a free loopback port. */
async function startStatusService(redisUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'status', 'main.ts')], {
    env: { ...cluster.env, WATCH_NAMESPACE: NAMESPACE, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  const stop = async (): Promise<void> => {
    if (!running()) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (running()) child.kill('SIGKILL');
  };
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`the status service exited with ${child.exitCode}`);
        return (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200;
      },
      { timeoutMs: 30_000, what: 'the status service to be ready' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
