import type { V1Job, V1Pod } from '@kubernetes/client-node';
import type { Writable } from 'node:stream';
import { writeLine, type CliContext } from '../cli-context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { describeProgress, failureSummary, runVerdict, toDate } from '../job-result.ts';
import type { KubeClient } from '../kube-client.ts';
import { withAsOf } from '../as-of-job.ts';
import { buildManualJob, manualJobName } from '../manual-job.ts';
import { formatData, formatDuration, toWireObject } from '../output.ts';
import type { RunInvocation } from '../parse-args.ts';
import { getSuiteCronJob } from '../resolve-job.ts';
import { JOB_NAME_LABEL } from '../../core/labels.ts';

/** How long to let a log stream drain after its run has finished. */
const LOG_DRAIN_MS = 10_000;

/** `run <job> [--wait] [--follow]`: starts a run now, as `kubectl create job --from=cronjob/<job>` does. */
export async function runCommand(invocation: RunInvocation, context: CliContext): Promise<ExitCode> {
  const kube = context.kube(invocation.global);
  const cronJob = await getSuiteCronJob(kube, invocation.job);
  const manual = buildManualJob(cronJob, manualJobName(invocation.job));
  const created = await kube.createJob(invocation.asOf === undefined ? manual : withAsOf(manual, invocation.asOf));
  const name = created.metadata?.name ?? '';
  // With --follow stdout carries the logs, so progress goes to stderr; so it does when stdout is data.
  const progress = invocation.follow || invocation.global.output !== 'table' ? context.stderr : context.stdout;
  const asOf = invocation.asOf === undefined ? '' : ` (computing as of ${invocation.asOf.toISOString()})`;
  if (invocation.global.output === 'table') writeLine(progress, `job.batch/${name} created in namespace ${kube.namespace}${asOf}`);
  else
    context.stdout.write(
      formatData(
        invocation.global.output,
        toWireObject(created),
        () => '',
        () => [`job.batch/${name}`],
      ),
    );
  if (!invocation.wait) return EXIT.ok;

  writeLine(progress, `waiting for ${name} to finish (Ctrl-C stops watching; the run goes on)`);
  return waitForRun(kube, created, { ...context, progress, follow: invocation.follow });
}

/** Waits for a Job to end, printing progress to `progress`; exit 0 when it completed, 1 when it failed. */
export function waitForJob(kube: KubeClient, created: V1Job, context: CliContext, progress: Writable): Promise<ExitCode> {
  return waitForRun(kube, created, { ...context, progress, follow: false });
}

interface WaitOptions extends CliContext {
  readonly progress: Writable;
  readonly follow: boolean;
}

async function waitForRun(kube: KubeClient, created: V1Job, options: WaitOptions): Promise<ExitCode> {
  const name = created.metadata?.name ?? '';
  const started = options.now().getTime();
  const logs = options.follow ? new LogFollower(kube, options) : undefined;
  let lastLine = '';
  for (;;) {
    const [job, pods] = await Promise.all([kube.getJob(name), kube.listPods(`${JOB_NAME_LABEL}=${name}`)]);
    logs?.follow(pods);
    const verdict = runVerdict(job, pods);
    const line = describeProgress(job, pods);
    if (verdict.outcome === 'running' && line !== lastLine) {
      writeLine(options.progress, `[${formatDuration((options.now().getTime() - started) / 1000)}] ${line}`);
      lastLine = line;
    }
    if (verdict.outcome !== 'running') {
      await logs?.drain();
      const took =
        verdict.startedAt !== undefined && verdict.finishedAt !== undefined
          ? ` in ${formatDuration((verdict.finishedAt.getTime() - verdict.startedAt.getTime()) / 1000)}`
          : '';
      if (verdict.outcome === 'succeeded') {
        writeLine(options.progress, `run ${name} completed${took}`);
        return EXIT.ok;
      }
      writeLine(options.progress, `run ${name} failed${took}: ${failureSummary(verdict)}`);
      return EXIT.failed;
    }
    await options.sleep(options.pollIntervalMs);
  }
}

/**
 * Streams the logs of each pod of a run once its container has started, one pod after the
 * other (a retry makes a new pod). A stream the API server refuses is reported, not fatal: the
 * run's outcome still decides the exit code.
 */
class LogFollower {
  private readonly kube: KubeClient;
  private readonly options: WaitOptions;
  private readonly followed = new Set<string>();
  private chain: Promise<void> = Promise.resolve();

  constructor(kube: KubeClient, options: WaitOptions) {
    this.kube = kube;
    this.options = options;
  }

  follow(pods: readonly V1Pod[]): void {
    const ordered = [...pods].sort((a, b) => created(a) - created(b));
    for (const pod of ordered) {
      const name = pod.metadata?.name;
      const container = pod.spec?.containers[0]?.name;
      if (name === undefined || container === undefined || this.followed.has(name) || !hasStarted(pod)) continue;
      this.followed.add(name);
      this.chain = this.chain.then(() =>
        this.kube.podLog(name, container, this.options.stdout, { follow: true }).then(
          (served) => {
            if (!served) writeLine(this.options.stderr, `pod ${name} has no logs: it was never assigned to a node`);
          },
          (error: unknown) => {
            writeLine(this.options.stderr, `cannot stream the logs of pod ${name}: ${error instanceof Error ? error.message : String(error)}`);
          },
        ),
      );
    }
  }

  async drain(): Promise<void> {
    const timer = new AbortController();
    await Promise.race([this.chain, this.options.sleep(LOG_DRAIN_MS, timer.signal)]);
    timer.abort();
  }
}

function hasStarted(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Running' || phase === 'Succeeded' || phase === 'Failed';
}

function created(pod: V1Pod): number {
  const timestamp = pod.metadata?.creationTimestamp;
  return timestamp === undefined ? 0 : toDate(timestamp).getTime();
}
