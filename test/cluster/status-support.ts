/**
 * Helpers of the status service's cluster tests: CronJobs shaped like infra's (suite labels,
 * Forbid, startingDeadlineSeconds 300, São Paulo time zone, exit code 2 fails the Job at once),
 * the service running in-process against the test control plane, and readers of its endpoints.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { ControlPlane } from '../../devkit/control-plane.ts';
import { kubectlOk } from '../../devkit/kube.ts';
import { createLogger } from '../../core/logger.ts';
import { jobLabels } from '../../core/labels.ts';
import { TIME_ZONE } from '../../core/catalog.ts';
import { loadStatusConfig } from '../../status/config.ts';
import { createKubeClient } from '../../status/kube-client.ts';
import { loadKubeCredentials } from '../../status/kube-credentials.ts';
import { parseExposition, type ParsedMetrics } from '../../devkit/parse-exposition.ts';
import { createStatusService, type StatusService } from '../../status/status-service.ts';
import { STATUS_NAME, STATUS_RBAC_RULES } from '../../infra/charts/status-chart.ts';

export interface CronJobShape {
  readonly schedule?: string;
  readonly suspend?: boolean;
  readonly startingDeadlineSeconds?: number;
  readonly activeDeadlineSeconds?: number;
}

/** A plain manifest (applied with kubectl), not the client's model classes. */
export function cronJob(name: string, shape: CronJobShape = {}): Record<string, unknown> {
  const labels = jobLabels(name);
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, labels },
    spec: {
      schedule: shape.schedule ?? '0 6 * * *',
      timeZone: TIME_ZONE,
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: shape.startingDeadlineSeconds ?? 300,
      suspend: shape.suspend ?? false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: 0,
          activeDeadlineSeconds: shape.activeDeadlineSeconds ?? 300,
          podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [2] } }] },
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'job', image: 'pontual:test', args: [name] }],
            },
          },
        },
      },
    },
  };
}

export async function createCronJob(plane: Pick<ControlPlane, 'kubectl'>, namespace: string, name: string, shape: CronJobShape = {}): Promise<void> {
  await kubectlOk(plane, ['create', '-n', namespace, '-f', '-'], JSON.stringify(cronJob(name, shape)));
}

/**
 * A kubeconfig that authenticates as a ServiceAccount with its own token (TokenRequest), not the
 * admin's client certificate: what the service can do is then what its Role grants.
 */
export async function serviceAccountKubeconfig(
  plane: Pick<ControlPlane, 'kubectl' | 'kubeconfigPath' | 'dir'>,
  namespace: string,
  serviceAccount: string,
): Promise<string> {
  const token = (await kubectlOk(plane, ['create', 'token', serviceAccount, '-n', namespace, '--duration=1h'])).trim();
  const admin = parse(readFileSync(plane.kubeconfigPath, 'utf8')) as { users: { name: string; user: Record<string, string> }[] };
  const path = join(plane.dir, `${namespace}-${serviceAccount}.kubeconfig`);
  writeFileSync(path, stringify({ ...admin, users: admin.users.map((user) => ({ name: user.name, user: { token } })) }));
  return path;
}

/** The status service's ServiceAccount, Role (infra's rules) and RoleBinding, as a kubectl List. */
export function statusRbac(namespace: string): string {
  const metadata = { name: STATUS_NAME, namespace };
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata, rules: STATUS_RBAC_RULES },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: STATUS_NAME },
        subjects: [{ kind: 'ServiceAccount', name: STATUS_NAME, namespace }],
      },
    ],
  });
}

export async function startStatus(kubeconfigPath: string, namespace: string, redisUrl?: string): Promise<StatusService> {
  const config = loadStatusConfig({ env: { KUBECONFIG: kubeconfigPath, WATCH_NAMESPACE: namespace, PORT: '0', HOST: '127.0.0.1', REDIS_URL: redisUrl } });
  const service = createStatusService({
    config,
    kube: createKubeClient(await loadKubeCredentials(config.kube)),
    logger: createLogger({ level: 'warn' }),
    settleIntervalMs: 2_000,
    ledgerIntervalMs: 300,
    watchBackoff: { initialMs: 200, maxMs: 2_000 },
  });
  await service.start();
  return service;
}

export async function getMetrics(service: StatusService): Promise<ParsedMetrics> {
  const response = await fetch(`${service.url}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return parseExposition(await response.text());
}

export async function getJson(service: StatusService, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${service.url}${path}`);
  return { status: response.status, body: await response.json() };
}

export interface HealthBody {
  status: string;
  scheduler_running: boolean;
  redis_connected: boolean;
  redis_configured: boolean;
  timestamp: string;
  jobs: { name: string; last_outcome: string | null; last_failure_reason: string | null; consecutive_failures: number; late: boolean; missed_runs: number }[];
}

export interface ApiRun {
  job?: string;
  outcome: string;
  reason: string;
  exitCode?: number;
  message?: string;
}

export interface ApiCronJob {
  name: string;
  late: boolean;
  missedRuns: number;
  lastOutcome?: string;
  lastFailure?: { reason: string; exitCode?: number; message?: string };
  runs: ApiRun[];
}
