/**
 * The benchmarks' world on a real API server without controllers: N CronJobs shaped like the
 * suite's and M finished Jobs (10 % failed), each Job created and then given a terminal status, as
 * the suite retains them. Nothing else writes, so what a watcher sees is only what this writes.
 */
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- the client serializes plain objects; its
   generated model classes carry no behaviour, and thousands of small literals are what this writes. */
import { BatchV1Api, KubeConfig, setHeaderOptions, PatchStrategy } from '@kubernetes/client-node';
import { jobLabels, SCHEDULED_TIMESTAMP_ANNOTATION } from '../core/labels.ts';

const PARALLEL = 64;
const SCHEDULES = ['*/5 * * * *', '*/15 * * * *', '0 6 * * *', '30 */2 * * 1-5'];

export interface BenchObjects {
  readonly cronName: (index: number) => string;
  /** Creates `cronJobs` CronJobs and `jobs` finished Jobs spread over them; seconds taken for each. */
  readonly load: (cronJobs: number, jobs: number) => Promise<{ readonly cronSeconds: number; readonly jobSeconds: number }>;
  readonly createJob: (cron: string, name: string, scheduledAt: Date) => Promise<void>;
  readonly finish: (name: string, type: 'Complete' | 'Failed', at: Date) => Promise<void>;
}

export async function inParallel(count: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < count) {
        const index = next++;
        await work(index);
      }
    }),
  );
}

export function createBenchObjects(kubeconfigPath: string, namespace: string): BenchObjects {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const batch = kubeConfig.makeApiClient(BatchV1Api);
  const cronName = (index: number): string => `bench-${String(index).padStart(3, '0')}`;
  const jobTemplate = (labels: Record<string, string>) => ({
    metadata: { labels },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: 300,
      template: { metadata: { labels }, spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'pontual:bench' }] } },
    },
  });
  const finish = async (name: string, type: 'Complete' | 'Failed', at: Date): Promise<void> => {
    const startTime = new Date(at.getTime() - 30_000).toISOString();
    const time = at.toISOString();
    const status =
      type === 'Complete'
        ? {
            startTime,
            completionTime: time,
            succeeded: 1,
            conditions: [
              {
                type: 'SuccessCriteriaMet',
                status: 'True',
                reason: 'CompletionsReached',
                message: 'Reached expected number of succeeded pods',
                lastTransitionTime: time,
                lastProbeTime: time,
              },
              {
                type: 'Complete',
                status: 'True',
                reason: 'CompletionsReached',
                message: 'Reached expected number of succeeded pods',
                lastTransitionTime: time,
                lastProbeTime: time,
              },
            ],
          }
        : {
            startTime,
            failed: 1,
            conditions: [
              {
                type: 'FailureTarget',
                status: 'True',
                reason: 'BackoffLimitExceeded',
                message: 'Job has reached the specified backoff limit',
                lastTransitionTime: time,
                lastProbeTime: time,
              },
              {
                type: 'Failed',
                status: 'True',
                reason: 'BackoffLimitExceeded',
                message: 'Job has reached the specified backoff limit',
                lastTransitionTime: time,
                lastProbeTime: time,
              },
            ],
          };
    await batch.patchNamespacedJobStatus({ namespace, name, body: { status } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  };
  const createJob = async (cron: string, name: string, scheduledAt: Date): Promise<void> => {
    const labels = jobLabels(cron);
    await batch.createNamespacedJob({
      namespace,
      body: { metadata: { name, labels, annotations: { [SCHEDULED_TIMESTAMP_ANNOTATION]: scheduledAt.toISOString() } }, spec: jobTemplate(labels).spec },
    });
  };
  return {
    cronName,
    createJob,
    finish,
    load: async (cronJobs, jobs) => {
      let started = Date.now();
      await inParallel(cronJobs, async (index) => {
        const labels = jobLabels(cronName(index));
        await batch.createNamespacedCronJob({
          namespace,
          body: {
            metadata: { name: cronName(index), labels },
            spec: {
              schedule: SCHEDULES[index % SCHEDULES.length] ?? '*/5 * * * *',
              timeZone: 'America/Sao_Paulo',
              concurrencyPolicy: 'Forbid',
              startingDeadlineSeconds: 300,
              jobTemplate: jobTemplate(labels),
            },
          },
        });
      });
      const cronSeconds = (Date.now() - started) / 1000;
      started = Date.now();
      const base = Date.now() - jobs * 60_000;
      await inParallel(jobs, async (index) => {
        const cron = cronName(index % cronJobs);
        const name = `${cron}-${index}`;
        const at = new Date(base + index * 60_000);
        await createJob(cron, name, at);
        await finish(name, index % 10 === 0 ? 'Failed' : 'Complete', at);
      });
      return { cronSeconds, jobSeconds: (Date.now() - started) / 1000 };
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN;
}
