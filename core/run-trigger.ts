/**
 * What started a run, and when it was due, read from its Job name once the Job itself is gone:
 * the CronJob controller names its Jobs `<cronjob>-<scheduled time in minutes since the epoch>`,
 * `kubectl pontual run` and `kubectl create job --from` name theirs otherwise, and a ledger entry
 * with no Job at all is a run outside Kubernetes (`npm run job`). The history command and the
 * status page's job page read runs beyond Kubernetes' retention through this.
 */

export type RunTrigger = 'scheduled' | 'manual' | 'local';

function scheduledSuffix(cronJob: string, jobName: string): string | undefined {
  const prefix = `${cronJob}-`;
  if (!jobName.startsWith(prefix)) return undefined;
  const suffix = jobName.slice(prefix.length);
  return /^\d+$/u.test(suffix) ? suffix : undefined;
}

export function runTrigger(cronJob: string, run: { readonly job: string | undefined; readonly manual: boolean }): RunTrigger {
  if (run.manual) return 'manual';
  if (run.job === undefined) return 'local';
  return scheduledSuffix(cronJob, run.job) === undefined ? 'manual' : 'scheduled';
}

/** The schedule time a controller-made Job was created for, from its name; undefined for other Jobs. */
export function scheduledTimeFromJobName(cronJob: string, jobName: string | undefined): Date | undefined {
  const suffix = jobName === undefined ? undefined : scheduledSuffix(cronJob, jobName);
  return suffix === undefined ? undefined : new Date(Number(suffix) * 60_000);
}
