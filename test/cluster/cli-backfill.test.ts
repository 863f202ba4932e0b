/**
 * `run --as-of` and `backfill` on a real control plane with the suite's real manifests, the real
 * job code (run by the stand-in kubelet with the env a kubelet would give it), a real Redis (the
 * job's lock and the run ledger) and the fixture APIs:
 * - `run --as-of` sets JOB_AS_OF on that Job only, and the job computes as of that instant;
 * - `backfill` runs one Job per missed schedule time, oldest first, each as of its own time,
 *   never two at once (it waits for a run that holds the job's lock), skips times that already
 *   ran, and ends with a summary; run again, it has nothing to do;
 * - a failing time stops the backfill with exit 1 and says what did not run;
 * - `why` suggests the backfill when the controller missed runs.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { AS_OF_ANNOTATION, LABELS } from '../../core/labels.ts';
import { DEFAULT_KEY_PREFIX, fromStreamFields, ledgerKey } from '../../core/run-ledger.ts';
import { CONFIG_MAP_NAME } from '../../core/environment.ts';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { startFixtureApi, type FixtureApi } from '../../devkit/fixture-api.ts';
import { installMonitoringCrds, kubeClients, kubectlOk, synthManifests, waitFor, type KubeClients } from '../../devkit/kube.ts';
import { finishPods, runPodsLocally, startPods, type LocalRun } from '../../devkit/kubelet.ts';
import { pointSuiteAt } from '../../devkit/suite-secrets.ts';
import { startRedis, type RedisServer } from '../../devkit/redis.ts';
import { runPlugin, type CliRun } from './cli-harness.ts';

const NAMESPACE = 'pontual';
const CRONJOB = 'embu-sla';
/** Four quarter-hours in São Paulo on a day long past: 08:00, 08:15, 08:30, 08:45 -03. */
const FROM = '2026-11-20T08:00:00-03:00';
const TO = '2026-11-20T08:45:00-03:00';
const minutes = (iso: string): number => Date.parse(iso) / 60_000;

describe('run --as-of and backfill on a real control plane', () => {
  let plane: ControlPlane;
  let clients: KubeClients;
  let manifests: string;
  let redis: RedisServer;
  let fixtures: FixtureApi;
  const pontual = (args: readonly string[]): Promise<CliRun> => runPlugin([...args, '-n', NAMESPACE], plane.env, { timeoutMs: 300_000 });

  before(async () => {
    [plane, redis, fixtures] = await Promise.all([startControlPlane(), startRedis(), startFixtureApi()]);
    clients = kubeClients(plane.kubeconfigPath);
    manifests = synthManifests();
    await installMonitoringCrds(plane);
    await plane.createNamespace(NAMESPACE, { podSecurity: 'restricted' });
    await kubectlOk(plane, ['apply', '--server-side', '-f', manifests]);
    // No scheduled runs: only what the test starts.
    for (const name of ['embu-sla', 'extrema-sla', 'bonus-calc', 'store-status']) {
      await kubectlOk(plane, ['patch', 'cronjob', name, '-n', NAMESPACE, '--type=merge', '-p', '{"spec":{"suspend":true}}']);
    }
    await pointSuiteAt(plane, NAMESPACE, redis.url, fixtures);
  });

  after(async () => {
    await Promise.all([plane.stop(), redis.stop(), fixtures.close()]);
    rmSync(manifests, { recursive: true, force: true });
  });

  /** The job runtime's "run started" log line: the instant the run computed as of, if any. */
  const asOfLogged = (run: LocalRun): string | undefined => {
    const started = run.stdout.split('\n').find((line) => line.includes('"msg":"run started"'));
    assert.ok(started !== undefined, run.stdout + run.stderr);
    return (JSON.parse(started) as { asOf?: string }).asOf;
  };

  const ledger = async (): Promise<{ kubeJob: string; outcome: string }[]> => {
    const client = new Redis(redis.url);
    try {
      return (await client.xrange(ledgerKey(DEFAULT_KEY_PREFIX, CRONJOB), '-', '+')).map(([, fields]) => {
        const entry = fromStreamFields(fields);
        return { kubeJob: entry?.kubeJob ?? '', outcome: entry?.outcome ?? '' };
      });
    } finally {
      client.disconnect();
    }
  };

  test('run --as-of: JOB_AS_OF on that Job only, and the real job computes as of that instant', { timeout: 120_000 }, async () => {
    const ran = pontual(['run', CRONJOB, '--as-of', '2026-11-19T06:00:00-03:00', '--wait']);
    const name = await waitFor(
      async () =>
        (await clients.batch.listNamespacedJob({ namespace: NAMESPACE, labelSelector: `${LABELS.job}=${CRONJOB}` })).items.find((job) =>
          job.metadata?.name?.includes('-manual-'),
        )?.metadata?.name,
      { timeoutMs: 30_000, what: 'the manual Job' },
    );
    // Stand-in: backfill's sequencing is tested against run outcomes the test picks, at the instants it picks (the real image runs in suite-node-runs).
    const [run] = await runPodsLocally(plane.kubeconfigPath, NAMESPACE, name);
    assert.ok(run !== undefined);
    assert.equal(run.exitCode, 0, run.stdout + run.stderr);
    assert.equal(asOfLogged(run), '2026-11-19T09:00:00.000Z');
    const result = await ran;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`job\\.batch/${name} created in namespace ${NAMESPACE} \\(computing as of 2026-11-19T09:00:00\\.000Z\\)`, 'u'));
    const job = await clients.batch.readNamespacedJob({ name, namespace: NAMESPACE });
    assert.equal(job.metadata?.annotations?.[AS_OF_ANNOTATION], '2026-11-19T09:00:00.000Z');
    // Every other run still computes as of its own now: neither the CronJob nor the shared ConfigMap changed.
    const cronJob = await clients.batch.readNamespacedCronJob({ name: CRONJOB, namespace: NAMESPACE });
    const templateAsOf = cronJob.spec.jobTemplate.spec?.template.spec?.containers[0]?.env?.find((variable) => variable.name === 'JOB_AS_OF');
    assert.deepEqual(
      { value: templateAsOf?.value, key: templateAsOf?.valueFrom?.configMapKeyRef?.key },
      { value: undefined, key: 'JOB_AS_OF' },
      'the template still reads the ConfigMap',
    );
    const created = job.spec?.template.spec?.containers[0]?.env?.filter((variable) => variable.name === 'JOB_AS_OF');
    assert.deepEqual(
      created?.map((variable) => [variable.value, variable.valueFrom]),
      [['2026-11-19T09:00:00.000Z', undefined]],
      'the Job has one literal JOB_AS_OF',
    );
    const configMap = await clients.core.readNamespacedConfigMap({ name: CONFIG_MAP_NAME, namespace: NAMESPACE });
    assert.equal(configMap.data?.JOB_AS_OF, '');
  });

  test(
    'backfill: one Job per missed time, oldest first, as of its time, one at a time behind an active run; then nothing left',
    { timeout: 150_000 },
    async () => {
      // 08:15 already ran: the run ledger has it, whether or not the CronJob controller has deleted
      // its Job by now (successfulJobsHistoryLimit).
      const ranAlready = `${CRONJOB}-${minutes('2026-11-20T08:15:00-03:00')}`;
      await kubectlOk(plane, ['create', 'job', ranAlready, `--from=cronjob/${CRONJOB}`, '-n', NAMESPACE]);
      // Stand-in: backfill's sequencing is tested against run outcomes the test picks, at the instants it picks (the real image runs in suite-node-runs).
      assert.deepEqual(
        (await runPodsLocally(plane.kubeconfigPath, NAMESPACE, ranAlready)).map((run) => run.exitCode),
        [0],
      );
      // A run in progress (it would hold the job's lock): the backfill must wait for it.
      const blocking = `${CRONJOB}-manual-block`;
      await kubectlOk(plane, ['create', 'job', blocking, `--from=cronjob/${CRONJOB}`, '-n', NAMESPACE]);
      // Stand-in: backfill's sequencing is tested against run outcomes the test picks, at the instants it picks (the real image runs in suite-node-runs).
      await startPods(plane.kubeconfigPath, NAMESPACE, blocking);

      const backfill = pontual(['backfill', CRONJOB, '--from', FROM, '--to', TO, '--redis-url', redis.url]);
      // The stand-in kubelet runs each backfill Job with the real job code, in the order they appear.
      const runs: { job: string; run: LocalRun; createdAt: number; endedAt: number }[] = [];
      const kubelet = (async () => {
        const expected = ['08:00', '08:30', '08:45'].map((time) => `${CRONJOB}-backfill-${minutes(`2026-11-20T${time}:00-03:00`)}`);
        for (const job of expected) {
          await waitFor(async () => (await clients.batch.listNamespacedJob({ namespace: NAMESPACE })).items.some((item) => item.metadata?.name === job), {
            timeoutMs: 120_000,
            what: job,
          });
          const created = (await clients.batch.readNamespacedJob({ name: job, namespace: NAMESPACE })).metadata?.creationTimestamp;
          // Stand-in: backfill's sequencing is tested against run outcomes the test picks, at the instants it picks (the real image runs in suite-node-runs).
          const [run] = await runPodsLocally(plane.kubeconfigPath, NAMESPACE, job);
          assert.ok(run !== undefined);
          runs.push({ job, run, createdAt: created?.getTime() ?? 0, endedAt: Date.now() });
        }
      })();
      kubelet.catch(() => undefined);

      // While the blocking run is active, nothing is created.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      const early = (await clients.batch.listNamespacedJob({ namespace: NAMESPACE })).items.filter((job) => job.metadata?.name?.includes('-backfill-'));
      assert.deepEqual(
        early.map((job) => job.metadata?.name),
        [],
        'no backfill Job while another run is active',
      );
      // Stand-in: backfill's sequencing is tested against run outcomes the test picks, at the instants it picks (the real image runs in suite-node-runs).
      await finishPods(plane.kubeconfigPath, NAMESPACE, blocking, { exitCode: 0 });

      const result = await backfill;
      await kubelet;
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, new RegExp(`2026-11-20 08:15 -03 already has a run \\(${ranAlready}\\): left alone`, 'u'));
      assert.doesNotMatch(result.stdout, /warning: without the run ledger/u);
      assert.match(result.stdout, /running 3 schedule times of embu-sla from 2026-11-20 08:00 -03 to 2026-11-20 08:45 -03, oldest first, one at a time/u);
      // The Job of 08:15 may still be finishing too (its pods ended, its condition not yet written),
      // listed before or after the blocking run: the CLI lists runs newest first.
      assert.match(
        result.stdout,
        new RegExp(
          `\\[1/3\\] 2026-11-20 08:00 -03: waiting for (${blocking}|${ranAlready}, ${blocking}|${blocking}, ${ranAlready}) to finish first \\(one run at a time\\)`,
          'u',
        ),
      );
      assert.match(result.stdout, /backfill of embu-sla from .*: 3 succeeded, 0 failed, 0 not run, 1 already had a run\n$/u);

      // Oldest first, each as of its own schedule time, each created only after the previous ended.
      assert.deepEqual(
        runs.map(({ run }) => asOfLogged(run)),
        ['2026-11-20T11:00:00.000Z', '2026-11-20T11:30:00.000Z', '2026-11-20T11:45:00.000Z'],
      );
      assert.deepEqual(
        runs.map(({ run }) => run.exitCode),
        [0, 0, 0],
      );
      for (let index = 1; index < runs.length; index += 1) {
        const previous = runs[index - 1];
        const current = runs[index];
        assert.ok(
          previous !== undefined && current !== undefined && current.createdAt >= previous.endedAt - 1_000,
          `${current?.job} created after ${previous?.job} ended`,
        );
      }
      // The ledger has each backfill run, done (not skipped by the lock).
      const done = (await ledger()).filter((entry) => entry.kubeJob.includes('-backfill-'));
      assert.deepEqual(
        done,
        runs.map(({ job }) => ({ kubeJob: job, outcome: 'succeeded' })),
      );

      const again = await pontual(['backfill', CRONJOB, '--from', FROM, '--to', TO, '--redis-url', redis.url]);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /nothing to backfill: no schedule time of embu-sla from .* lacks a run/u);
    },
  );

  test('a failing time stops the backfill: exit 1, and the summary says what did not run', { timeout: 180_000 }, async () => {
    const from = '2026-11-21T10:00:00-03:00';
    const backfill = pontual(['backfill', CRONJOB, '--from', from, '--to', '2026-11-21T10:30:00-03:00', '-o', 'json']);
    // Without --redis-url the plan rests on the Jobs still in the cluster, and it says so.
    const first = `${CRONJOB}-backfill-${minutes(from)}`;
    // Stand-in: backfill's sequencing is tested against run outcomes the test picks, at the instants it picks (the real image runs in suite-node-runs).
    await finishPods(plane.kubeconfigPath, NAMESPACE, first, {
      exitCode: 2,
      terminationMessage: 'CONFIG_INVALID: WMS_API_URL is not a URL',
      timeoutMs: 60_000,
    });
    const result = await backfill;
    assert.equal(result.code, 1, result.stderr);
    const summary = JSON.parse(result.stdout) as { results: { job: string; outcome: string }[]; summary: string };
    assert.deepEqual(
      summary.results.map((entry) => entry.outcome),
      ['failed', 'not-run', 'not-run'],
    );
    assert.match(summary.summary, /0 succeeded, 1 failed, 2 not run/u);
    assert.match(result.stderr, /failed, so the backfill stops here/u);
    assert.match(result.stderr, /warning: without the run ledger \(--redis-url or REDIS_URL\) only the Jobs still in the cluster show which times ran/u);
    const jobs = (await clients.batch.listNamespacedJob({ namespace: NAMESPACE })).items.map((job) => job.metadata?.name ?? '');
    assert.deepEqual(
      jobs.filter((name) => name.startsWith(`${CRONJOB}-backfill-${minutes(from)}`) || name.includes(`${minutes('2026-11-21T10:15:00-03:00')}`)),
      [first],
    );
  });

  test('why suggests the backfill when the controller missed runs', { timeout: 120_000 }, async () => {
    await plane.stopControllerManager();
    try {
      // The controller was down for an hour: the last time it scheduled was long before the deadline.
      const lastSchedule = new Date(Math.floor(Date.now() / 900_000) * 900_000 - 3_600_000).toISOString().replace('.000Z', 'Z');
      await kubectlOk(plane, ['patch', 'cronjob', CRONJOB, '-n', NAMESPACE, '--type=merge', '-p', '{"spec":{"suspend":false}}']);
      await kubectlOk(plane, [
        'patch',
        'cronjob',
        CRONJOB,
        '-n',
        NAMESPACE,
        '--subresource=status',
        '--type=merge',
        '-p',
        JSON.stringify({ status: { lastScheduleTime: lastSchedule } }),
      ]);
      const why = await pontual(['why', CRONJOB]);
      assert.equal(why.code, 0, why.stderr);
      // The three quarter-hours after the last schedule time are past their deadline, whatever the clock says now.
      const first = new Date(Date.parse(lastSchedule) + 900_000).toISOString().replace('.000Z', 'Z');
      const missed =
        /\nruns were missed \((\d+) schedule times without a run, [^)]*\): to run each missed time in order, as of its own time: kubectl pontual backfill embu-sla --from (\S+) --to (\S+) -n (\S+)\n/u.exec(
          why.stdout,
        );
      assert.ok(missed !== null, why.stdout);
      assert.ok(Number(missed[1]) >= 3, why.stdout);
      assert.deepEqual([missed[2], missed[4]], [first, NAMESPACE]);
      const json = JSON.parse((await pontual(['why', CRONJOB, '-o', 'json'])).stdout) as { missedRuns: number; backfill: string };
      assert.equal(json.missedRuns, Number(missed[1]));
      assert.match(json.backfill, /^kubectl pontual backfill embu-sla --from /u);
    } finally {
      await kubectlOk(plane, ['patch', 'cronjob', CRONJOB, '-n', NAMESPACE, '--type=merge', '-p', '{"spec":{"suspend":true}}']);
      await plane.startControllerManager();
    }
  });
});
