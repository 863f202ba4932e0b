import type { V1Pod } from '@kubernetes/client-node';
import { isPontualError, PontualError } from '../../core/errors.ts';
import { writeLine, type CliContext } from '../cli-context.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { toDate } from '../job-result.ts';
import { apiStatusOf } from '../kube-errors.ts';
import { findRun, listRuns } from '../job-runs.ts';
import type { LogsInvocation } from '../parse-args.ts';
import { getSuiteCronJob } from '../resolve-job.ts';
import { JOB_NAME_LABEL } from '../../core/labels.ts';

/** `logs <job> [--run <id>] [-f]`: the logs of the newest pod of the last (or the named) run. */
export async function logsCommand(invocation: LogsInvocation, context: CliContext): Promise<ExitCode> {
  const kube = context.kube(invocation.global);
  const cronJob = await getSuiteCronJob(kube, invocation.job);
  const runs = await listRuns(kube, cronJob);
  const names = runs.slice(0, 5).map((job) => job.metadata?.name ?? '');
  const run = invocation.run === undefined ? runs[0] : findRun(runs, invocation.job, invocation.run);
  if (run === undefined) {
    const known = names.length === 0 ? 'it has no runs left in the cluster' : `its most recent runs: ${names.join(', ')}`;
    const asked = invocation.run === undefined ? `no runs of ${invocation.job}` : `no run "${invocation.run}" of ${invocation.job}`;
    throw new PontualError(
      'NOT_FOUND',
      `${asked} in namespace "${kube.namespace}" (${known}); \`kubectl pontual history ${invocation.job}\` shows older runs from the run ledger`,
    );
  }
  const jobName = run.metadata?.name ?? '';
  const pods = await kube.listPods(`${JOB_NAME_LABEL}=${jobName}`);
  const pod = newest(pods);
  const podName = pod?.metadata?.name;
  if (pod === undefined || podName === undefined) {
    throw new PontualError(
      'NOT_FOUND',
      `run ${jobName} has no pods left (Kubernetes removed them); its outcome is in \`kubectl pontual history ${invocation.job}\``,
    );
  }
  const container = pod.spec?.containers[0]?.name ?? invocation.job;
  try {
    if (!(await kube.podLog(podName, container, context.stdout, { follow: invocation.follow }))) {
      writeLine(context.stderr, `pod ${podName} (run ${jobName}) has no logs: it was never assigned to a node`);
    }
  } catch (error) {
    // The API server answered but has no logs to give (container not started, node gone): the
    // cluster is fine, this run's logs are not there.
    if (!isPontualError(error, 'KUBE_UNAVAILABLE') || apiStatusOf(error) === undefined) throw error;
    throw new PontualError('NOT_FOUND', `the logs of pod ${podName} (run ${jobName}) are not available: ${error.message}`, { cause: error });
  }
  return EXIT.ok;
}

function newest(pods: readonly V1Pod[]): V1Pod | undefined {
  const time = (pod: V1Pod): number => (pod.metadata?.creationTimestamp === undefined ? 0 : toDate(pod.metadata.creationTimestamp).getTime());
  return pods.reduce<V1Pod | undefined>((best, pod) => (best === undefined || time(pod) >= time(best) ? pod : best), undefined);
}
