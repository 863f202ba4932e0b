/**
 * The benchmarks' world on a real API server without controllers: N CronJobs shaped like the
 * suite's and M finished Jobs (10 % failed), each Job created and then given a terminal status, as
 * the suite retains them. Nothing else writes, so what a watcher sees is only what this writes.
 */
import { Agent, request } from 'node:https';
import { jobLabels, SCHEDULED_TIMESTAMP_ANNOTATION } from '../core/labels.ts';
import { loadKubeCredentials, type KubeCredentials } from '../status/kube-credentials.ts';

/**
 * Requests in flight. The API server (and etcd behind it) is what limits the rate; over one
 * keep-alive agent, 64 at once kept it busy where @kubernetes/client-node's client, which set up
 * a TLS session per request, spent most of the time in handshakes (README, the 2,000 / 80,000 row).
 */
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

/** POSTs or merge-PATCHes one object on a keep-alive TLS agent; throws on anything but 2xx. */
function createSender(kubeconfigPath: string): (method: 'POST' | 'PATCH', path: string, body: unknown) => Promise<void> {
  let ready: Promise<{ credentials: KubeCredentials; agent: Agent }> | undefined;
  const connect = async (): Promise<{ credentials: KubeCredentials; agent: Agent }> => {
    const credentials = await loadKubeCredentials({ mode: 'kubeconfig', path: kubeconfigPath });
    const agent = new Agent({
      keepAlive: true,
      maxSockets: PARALLEL,
      ...(credentials.ca === undefined ? {} : { ca: credentials.ca }),
      ...(credentials.cert === undefined ? {} : { cert: credentials.cert }),
      ...(credentials.key === undefined ? {} : { key: credentials.key }),
    });
    return { credentials, agent };
  };
  return async (method, path, body) => {
    ready ??= connect();
    const { credentials, agent } = await ready;
    const authorization = await credentials.authorization();
    const payload = JSON.stringify(body);
    await new Promise<void>((resolve, reject) => {
      const outgoing = request(
        new URL(credentials.server + path),
        {
          agent,
          method,
          headers: {
            accept: 'application/json',
            'content-type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
            'content-length': Buffer.byteLength(payload),
            ...(authorization === undefined ? {} : { authorization }),
          },
        },
        (response) => {
          let answer = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            answer += chunk;
          });
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new Error(`${method} ${path} answered ${String(status)}: ${answer.slice(0, 300)}`));
          });
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  };
}

export function createBenchObjects(kubeconfigPath: string, namespace: string): BenchObjects {
  const send = createSender(kubeconfigPath);
  const jobsPath = `/apis/batch/v1/namespaces/${namespace}/jobs`;
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
    await send('PATCH', `${jobsPath}/${name}/status`, { status });
  };
  const createJob = async (cron: string, name: string, scheduledAt: Date): Promise<void> => {
    const labels = jobLabels(cron);
    await send('POST', jobsPath, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, labels, annotations: { [SCHEDULED_TIMESTAMP_ANNOTATION]: scheduledAt.toISOString() } },
      spec: jobTemplate(labels).spec,
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
        await send('POST', `/apis/batch/v1/namespaces/${namespace}/cronjobs`, {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          metadata: { name: cronName(index), labels },
          spec: {
            schedule: SCHEDULES[index % SCHEDULES.length] ?? '*/5 * * * *',
            timeZone: 'America/Sao_Paulo',
            concurrencyPolicy: 'Forbid',
            startingDeadlineSeconds: 300,
            jobTemplate: jobTemplate(labels),
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
