import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { jobLabels } from '../../core/labels.ts';
import { fileURLToPath } from 'node:url';

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
      startingDeadlineSeconds: 300,
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
