import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { jobLabels, LABELS } from '../../core/labels.ts';
import type { ControlPlane } from '../../devkit/control-plane.ts';
import { waitFor } from '../../devkit/kube.ts';

/** Shared by the cli-*.test.ts files: the real plugin as a child process, and a suite-shaped CronJob. */

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PLUGIN = join(REPO_ROOT, 'cli', 'kubectl-pontual.js');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `kubectl-pontual <args>` with this test's Node (24), as an installed plugin would run. */
export function runPlugin(args: readonly string[], env: Readonly<Record<string, string>>, options: { timeoutMs?: number } = {}): Promise<CliRun> {
  return runProcess(process.execPath, [PLUGIN, ...args], env, options.timeoutMs ?? 120_000);
}

export function runProcess(command: string, args: readonly string[], env: Readonly<Record<string, string>>, timeoutMs = 120_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal === null ? 1 : 128), stdout, stderr });
    });
  });
}

export interface CronJobFixture {
  readonly name: string;
  readonly schedule?: string;
  readonly suspend?: boolean;
  readonly backoffLimit?: number;
  /** Default 300, as the suite's. */
  readonly startingDeadlineSeconds?: number;
}

/**
 * A CronJob shaped like the suite's (labels from core/labels.ts, Forbid, 300 s starting deadline,
 * São Paulo time zone, exit code 2 fails the Job at once), with template annotations so the
 * kubectl parity test has something to copy.
 */
export function suiteCronJob(fixture: CronJobFixture): Record<string, unknown> {
  const labels = jobLabels(fixture.name);
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: fixture.name, labels },
    spec: {
      schedule: fixture.schedule ?? '0 6 * * *',
      timeZone: 'America/Sao_Paulo',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: fixture.startingDeadlineSeconds ?? 300,
      suspend: fixture.suspend ?? false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels, annotations: { 'pontual.io/description': `test job ${fixture.name}` } },
        spec: {
          backoffLimit: fixture.backoffLimit ?? 0,
          activeDeadlineSeconds: 300,
          podFailurePolicy: {
            rules: [
              { action: 'FailJob', onExitCodes: { operator: 'In', values: [2] } },
              { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] },
            ],
          },
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'job', image: 'registry.example/pontual:test', args: [fixture.name] }],
            },
          },
        },
      },
    },
  };
}

/** The parts of an object the tests read, as kubectl prints them. */
export interface KubeObject {
  metadata: { name: string; uid: string; annotations?: Record<string, string>; ownerReferences?: Record<string, unknown>[] };
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
}

/** Helpers bound to one test namespace of a control plane. */
export interface CliNamespace {
  /** `kubectl-pontual <args> -n <namespace>` with the admin kubeconfig, plus `env`. */
  pontual(args: readonly string[], env?: Readonly<Record<string, string>>): Promise<CliRun>;
  /** The toolchain kubectl in the namespace; fails the test on a non-zero exit. */
  kubectl(args: readonly string[], input?: string): Promise<string>;
  createCronJob(fixture: CronJobFixture): Promise<KubeObject>;
  getJson(kind: string, name: string): Promise<KubeObject>;
  /** The name of the first Job of `cronJob` whose name starts with `prefix`, once it exists. */
  jobNamed(cronJob: string, prefix: string): Promise<string>;
  /** A kubeconfig for a new ServiceAccount, authenticated by a token; the namespace comes from its context. */
  serviceAccountKubeconfig(name: string): Promise<string>;
}

export function inNamespace(cluster: ControlPlane, namespace: string): CliNamespace {
  const kubectl = async (args: readonly string[], input?: string): Promise<string> => {
    const result = await cluster.kubectl([...args, '-n', namespace], input === undefined ? undefined : { input });
    assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
  return {
    pontual: (args, env = {}) => runPlugin([...args, '-n', namespace], { ...cluster.env, ...env }),
    kubectl,
    createCronJob: async (fixture) => JSON.parse(await kubectl(['create', '-o', 'json', '-f', '-'], JSON.stringify(suiteCronJob(fixture)))) as KubeObject,
    getJson: async (kind, name) => JSON.parse(await kubectl(['get', kind, name, '-o', 'json'])) as KubeObject,
    jobNamed: (cronJob, prefix) =>
      waitFor(
        async () => {
          const list = JSON.parse(await kubectl(['get', 'jobs', '-l', `${LABELS.job}=${cronJob}`, '-o', 'json'])) as { items: KubeObject[] };
          return list.items.map((job) => job.metadata.name).find((name) => name.startsWith(prefix));
        },
        { timeoutMs: 30_000, what: `a Job ${prefix}* of ${cronJob}` },
      ),
    async serviceAccountKubeconfig(name) {
      await kubectl(['create', 'serviceaccount', name]);
      const token = (await kubectl(['create', 'token', name])).trim();
      const admin = parse(await kubectl(['config', 'view', '--raw', '--minify', '-o', 'yaml'])) as { clusters: { cluster: Record<string, string> }[] };
      const path = join(cluster.dir, `${name}.kubeconfig`);
      writeFileSync(
        path,
        stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'test', cluster: admin.clusters[0]?.cluster }],
          users: [{ name, user: { token } }],
          contexts: [{ name, context: { cluster: 'test', user: name, namespace } }],
          'current-context': name,
        }),
      );
      return path;
    },
  };
}
