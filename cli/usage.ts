import { STATUS_SERVICE_NAME, STATUS_SERVICE_PORT } from '../core/labels.ts';
import type { CommandName } from './parse-args.ts';

const GLOBAL = `Global flags (as kubectl):
      --kubeconfig <path>   kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)
      --context <name>      kubeconfig context (default: the current context)
  -n, --namespace <ns>      namespace (default: the context's namespace, then "default")
  -o, --output <format>     table (default), json or yaml, for commands that print data
  -h, --help                help for a command`;

const COMMAND_HELP: Record<CommandName, string> = {
  status: `kubectl pontual status [-o table|json|yaml]
  One line per suite CronJob: schedule and time zone, suspended, last outcome and reason, time
  since the last success, next run in the CronJob's time zone, runs in progress, missed and late.`,
  run: `kubectl pontual run <job> [--wait] [--follow]
  Starts a run now: creates a Job from the CronJob exactly as \`kubectl create job --from=cronjob/<job>\`.
  -w, --wait     show progress until the run finishes; exit 0 if it completed, 1 if it failed
  -f, --follow   stream the run's logs while waiting (implies --wait)`,
  suspend: `kubectl pontual suspend <job>
  Sets spec.suspend: the CronJob starts no new runs; a run in progress continues.`,
  resume: `kubectl pontual resume <job>
  Clears spec.suspend, and warns whether the most recent missed schedule time will start at once
  (still within startingDeadlineSeconds) or be skipped.`,
  history: `kubectl pontual history <job> [--status-url <url> | --redis-url <url>] [--limit <n>] [-o table|json|yaml]
  Past runs: outcome, reason, start, duration, trigger (scheduled or manual), newest first, merged
  with the Jobs still in the cluster.
      --status-url <url>  the status service (default http://${STATUS_SERVICE_NAME}.<namespace>.svc:${STATUS_SERVICE_PORT},
                          reachable from inside the cluster or through kubectl port-forward)
      --redis-url <url>   read the Redis run ledger directly instead (default: $REDIS_URL)
      --limit <n>         runs to show (default 20)`,
  logs: `kubectl pontual logs <job> [--run <id>] [-f]
  Logs of the most recent run's pod, or of the run <id> (a Job name, its suffix, or a ledger run id).
  -f, --follow   keep streaming while the pod runs`,
  why: `kubectl pontual why <job> [-o table|json|yaml]
  Explains why the CronJob did or did not start a run: not yet due, suspended, blocked by an
  active run (concurrencyPolicy Forbid), missed past startingDeadlineSeconds, too many missed
  times, invalid schedule; from its spec, status and Events.`,
};

const EXIT_CODES = `Exit codes:
  0  ok (run --wait: the run completed)
  1  the operation failed (run --wait: the run failed; a run or pod not found)
  2  usage error (unknown command, flag, job, context or kubeconfig)
  3  the cluster is unreachable or denied the request (authentication, RBAC)`;

export function usage(topic?: CommandName): string {
  if (topic !== undefined) return `Usage: ${COMMAND_HELP[topic]}\n\n${GLOBAL}\n`;
  const commands = Object.values(COMMAND_HELP)
    .map((help) => `  ${help.split('\n')[0] ?? ''}`)
    .join('\n');
  return `kubectl pontual: see, run, suspend and resume the pontual CronJobs.\n\nCommands:\n${commands}\n\n${GLOBAL}\n\n${EXIT_CODES}\n`;
}
