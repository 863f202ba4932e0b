import { STATUS_SERVICE_NAME, STATUS_SERVICE_PORT } from '../core/labels.ts';
import { OUTPUT_OF, type CommandName } from './parse-args.ts';

/**
 * `--help` text, kubectl-shaped: what the command does, its usage line, its flags, and examples
 * (every command has at least one, a test checks it).
 */

interface CommandHelp {
  readonly usage: string;
  readonly summary: string;
  readonly description: string;
  readonly flags?: string;
  readonly examples: readonly string[];
}

const CLUSTER_FLAGS = `Cluster flags (as kubectl):
      --kubeconfig <path>        kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)
      --context <name>           kubeconfig context (default: the current context)
  -n, --namespace <ns>           namespace (default: the context's namespace, then "default")
      --request-timeout <time>   give up on one API request after this long (30s, 1m; 0: never)`;

export const COMMAND_HELP: Readonly<Record<CommandName, CommandHelp>> = {
  status: {
    usage: 'kubectl pontual status [-A] [-o wide|json|yaml|name]',
    summary: 'the suite at a glance',
    description:
      'One line per suite CronJob: schedule and time zone, suspended, last outcome and reason, time\n' +
      "since the last success, next run in the CronJob's time zone, runs in progress, missed and late.",
    flags: '  -A, --all-namespaces   every namespace you may list (adds a NAMESPACE column)',
    examples: [
      'kubectl pontual status -n pontual',
      'kubectl pontual status -A -o wide',
      "kubectl pontual status -o json | jq '.[] | select(.lastRunFailed) | .name'",
    ],
  },
  run: {
    usage: 'kubectl pontual run <job> [--wait] [--follow] [--as-of <time>] [-o json|yaml|name]',
    summary: 'start a run now (as kubectl create job --from)',
    description:
      'Starts a run now: creates a Job from the CronJob exactly as `kubectl create job --from=cronjob/<job>`.\n' +
      'With --as-of the run computes as of that instant (JOB_AS_OF on this Job only).',
    flags:
      '  -w, --wait            show progress until the run finishes; exit 0 if it completed, 1 if it failed\n' +
      "  -f, --follow          stream the run's logs while waiting (implies --wait)\n" +
      '      --as-of <time>    compute as of this instant, with its zone: 2026-11-29T06:00:00-03:00',
    examples: [
      'kubectl pontual run bonus-calc --wait -n pontual',
      'kubectl pontual run embu-sla -f',
      'kubectl pontual run bonus-calc --as-of 2026-11-29T06:00:00-03:00 --wait',
      'kubectl pontual run store-status -o name',
    ],
  },
  backfill: {
    usage: 'kubectl pontual backfill <job> --from <time> --to <time> [--redis-url <url>] [--dry-run] [-o json|yaml]',
    summary: 'run each missed schedule time, in order, one at a time',
    description:
      'Finds the schedule times in [--from, --to] that have no run (scheduled, or an earlier backfill),\n' +
      'and runs one Job per time, oldest first, each computing as of its own time (JOB_AS_OF). It\n' +
      "waits for any run of the job to finish before starting the next (the job's lock allows one at a\n" +
      'time), stops at the first failure, and ends with a summary. Exit 0 when every time ran.',
    flags:
      '      --from <time>   first schedule time to consider, with its zone (inclusive)\n' +
      '      --to <time>     last schedule time to consider, with its zone (inclusive)\n' +
      '      --dry-run       list the times it would run, create nothing\n' +
      '      --redis-url <url>  the run ledger, to skip times whose Jobs Kubernetes already deleted (default: $REDIS_URL)',
    examples: [
      'kubectl pontual backfill embu-sla --from 2026-11-29T08:00:00-03:00 --to 2026-11-29T11:00:00-03:00 --dry-run',
      'kubectl pontual backfill embu-sla --from 2026-11-29T11:00:00Z --to 2026-11-29T14:00:00Z -n pontual',
    ],
  },
  suspend: {
    usage: 'kubectl pontual suspend <job> [-o json|yaml|name]',
    summary: 'stop starting new runs',
    description: 'Sets spec.suspend: the CronJob starts no new runs; a run in progress continues.',
    examples: ['kubectl pontual suspend store-status -n pontual', 'kubectl pontual suspend store-status -o name'],
  },
  resume: {
    usage: 'kubectl pontual resume <job> [-o json|yaml|name]',
    summary: 'start again, and say what happens to the missed run',
    description:
      'Clears spec.suspend, and warns whether the most recent missed schedule time will start at once\n' +
      '(still within startingDeadlineSeconds) or be skipped.',
    examples: ['kubectl pontual resume store-status -n pontual', 'kubectl pontual resume store-status -o yaml'],
  },
  history: {
    usage: 'kubectl pontual history <job> [--status-url <url> | --redis-url <url>] [--limit <n>] [-o wide|json|yaml|name]',
    summary: 'past runs: outcome, reason, start, duration, trigger',
    description: 'Past runs, newest first, from the run ledger merged with the Jobs still in the cluster.',
    flags:
      `      --status-url <url>  the status service (default http://${STATUS_SERVICE_NAME}.<namespace>.svc:${STATUS_SERVICE_PORT},\n` +
      '                          reachable from inside the cluster or through kubectl port-forward)\n' +
      '      --redis-url <url>   read the Redis run ledger directly instead (default: $REDIS_URL)\n' +
      '      --limit <n>         runs to show, 1 to 1000 (default 20)',
    examples: [
      'kubectl pontual history bonus-calc --status-url http://127.0.0.1:8080',
      'kubectl pontual history embu-sla --redis-url "$REDIS_URL" -o wide --limit 50',
    ],
  },
  logs: {
    usage: 'kubectl pontual logs <job> [--run <id>] [-f]',
    summary: 'logs of the last run, or of one run',
    description: "Logs of the most recent run's pod, or of the run <id> (a Job name or its suffix). Prints the log itself: -o does not apply.",
    flags: '      --run <id>     the run: a Job name or its suffix (manual-x7k2p, 29412375)\n  -f, --follow       keep streaming while the pod runs',
    examples: ['kubectl pontual logs bonus-calc -n pontual', 'kubectl pontual logs embu-sla --run 29412375', 'kubectl pontual logs store-status -f'],
  },
  why: {
    usage: 'kubectl pontual why <job> [-o json|yaml|name]',
    summary: 'why it did or did not run',
    description:
      'Explains why the CronJob did or did not start a run: not yet due, suspended, blocked by an\n' +
      'active run (concurrencyPolicy Forbid), missed past startingDeadlineSeconds, too many missed\n' +
      'times, invalid schedule; from its spec, status and Events. Says why the last run failed, and\n' +
      'suggests `backfill` when runs were missed.',
    examples: ['kubectl pontual why bonus-calc -n pontual', 'kubectl pontual why store-status -o json'],
  },
  version: {
    usage: 'kubectl pontual version [--client] [-o json|yaml]',
    summary: "the plugin's version and the API server's",
    description: "Prints the plugin's version (and how it runs: Node or a single executable) and the Kubernetes API server's version.",
    flags: '      --client   only the plugin: do not contact the cluster',
    examples: ['kubectl pontual version', 'kubectl pontual version --client -o json'],
  },
  completion: {
    usage: 'kubectl pontual completion bash|zsh|fish',
    summary: 'shell completion script',
    description:
      'Prints a completion script for `kubectl-pontual` and for `kubectl pontual` (kubectl 1.26+ completes\n' +
      'plugins through a `kubectl_complete-pontual` executable on PATH; the script says how to add it).',
    examples: [
      'source <(kubectl pontual completion bash)',
      'kubectl pontual completion zsh > "${fpath[1]}/_kubectl-pontual"',
      'kubectl pontual completion fish > ~/.config/fish/completions/kubectl-pontual.fish',
    ],
  },
};

const EXIT_CODES = `Exit codes:
  0  ok (run --wait: the run completed)
  1  the operation failed (run --wait: the run failed; a run or pod not found)
  2  usage error (unknown command, flag, job, context or kubeconfig)
  3  the cluster is unreachable or denied the request (authentication, RBAC, --request-timeout)`;

export function usage(topic?: CommandName): string {
  if (topic !== undefined) {
    const help = COMMAND_HELP[topic];
    const output =
      OUTPUT_OF[topic] === undefined
        ? ''
        : `  -o, --output <format>    ${OUTPUT_OF[topic].filter((format) => format !== 'table').join(', ')} (default: text)\n`;
    const flags = help.flags === undefined && output === '' ? '' : `\nFlags:\n${help.flags === undefined ? '' : `${help.flags}\n`}${output}`;
    const cluster = topic === 'completion' ? '' : `\n${CLUSTER_FLAGS}\n`;
    return `${help.description}\n\nUsage:\n  ${help.usage}\n${flags}\nExamples:\n${help.examples.map((example) => `  ${example}`).join('\n')}\n${cluster}`;
  }
  const width = Math.max(...Object.keys(COMMAND_HELP).map((name) => name.length));
  const commands = (Object.entries(COMMAND_HELP) as [CommandName, CommandHelp][]).map(([name, help]) => `  ${name.padEnd(width)}   ${help.summary}`).join('\n');
  return (
    'kubectl pontual: see, run, backfill, suspend and resume the pontual CronJobs.\n\n' +
    `Commands:\n${commands}\n\n` +
    'Examples:\n  kubectl pontual status -n pontual\n  kubectl pontual why bonus-calc\n  kubectl pontual run bonus-calc --wait\n\n' +
    `${CLUSTER_FLAGS}\n  -o, --output <format>          wide, json, yaml or name, on commands that print data\n  -h, --help                     help for a command (kubectl pontual <command> --help)\n\n${EXIT_CODES}\n`
  );
}
