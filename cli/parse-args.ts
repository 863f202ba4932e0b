import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PontualError } from '../core/errors.ts';
import { parseRedisUrl } from '../core/redis-url.ts';
import { MAX_HISTORY_LIMIT } from '../core/run-ledger.ts';

/**
 * Turns argv into one typed invocation. Flags may come before or after the command, as with
 * kubectl; a flag that belongs to another command is a usage error, not silently ignored, and
 * so is `-o` on a command that prints no data (`logs`, `completion`).
 */

/** `table` is the default (kubectl prints it without -o); the others are kubectl's. */
export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml', 'name'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface GlobalOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
  /** -A: every namespace the identity can list (only `status`). */
  readonly allNamespaces?: boolean;
  /** --request-timeout in milliseconds; 0 or absent: no limit, as kubectl. */
  readonly requestTimeoutMs?: number;
  readonly output: OutputFormat;
}

export interface StatusInvocation {
  readonly command: 'status';
  readonly global: GlobalOptions;
}
export interface RunInvocation {
  readonly command: 'run';
  readonly global: GlobalOptions;
  readonly job: string;
  readonly wait: boolean;
  readonly follow: boolean;
  /** --as-of: the run computes as of this instant (JOB_AS_OF on this Job only). */
  readonly asOf?: Date;
}
/** `suspend`, `resume` and `why` take only a job name. */
export interface JobInvocation {
  readonly command: 'suspend' | 'resume' | 'why';
  readonly global: GlobalOptions;
  readonly job: string;
}
export interface HistoryInvocation {
  readonly command: 'history';
  readonly global: GlobalOptions;
  readonly job: string;
  readonly statusUrl?: string;
  readonly redisUrl?: string;
  readonly limit: number;
}
export interface LogsInvocation {
  readonly command: 'logs';
  readonly global: GlobalOptions;
  readonly job: string;
  readonly run?: string;
  readonly follow: boolean;
}
export interface BackfillInvocation {
  readonly command: 'backfill';
  readonly global: GlobalOptions;
  readonly job: string;
  readonly from: Date;
  readonly to: Date;
  /** List the times without creating Jobs. */
  readonly dryRun: boolean;
  /** The run ledger, to know which times ran although Kubernetes deleted their Jobs (default $REDIS_URL). */
  readonly redisUrl?: string;
}
export interface VersionInvocation {
  readonly command: 'version';
  readonly global: GlobalOptions;
  /** --client: do not ask the API server. */
  readonly clientOnly: boolean;
}
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];
export interface CompletionInvocation {
  readonly command: 'completion';
  readonly shell: Shell;
}
/** `__complete <words…>`: what the shell completion scripts call (hidden, as cobra's). */
export interface CompleteInvocation {
  readonly command: '__complete';
  readonly words: readonly string[];
}
export type Invocation =
  | { readonly command: 'help'; readonly topic?: CommandName }
  | StatusInvocation
  | RunInvocation
  | JobInvocation
  | HistoryInvocation
  | LogsInvocation
  | BackfillInvocation
  | VersionInvocation
  | CompletionInvocation
  | CompleteInvocation;

export const COMMANDS = ['status', 'run', 'backfill', 'suspend', 'resume', 'history', 'logs', 'why', 'version', 'completion'] as const;
export type CommandName = (typeof COMMANDS)[number];

export const GLOBAL_FLAGS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  'all-namespaces': { type: 'boolean', short: 'A' },
  'request-timeout': { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const COMMAND_FLAGS = {
  wait: { type: 'boolean', short: 'w' },
  follow: { type: 'boolean', short: 'f' },
  run: { type: 'string' },
  'status-url': { type: 'string' },
  'redis-url': { type: 'string' },
  limit: { type: 'string' },
  'as-of': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'dry-run': { type: 'boolean' },
  client: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export type CommandFlag = keyof typeof COMMAND_FLAGS;

export const FLAGS_OF: Readonly<Record<CommandName, readonly CommandFlag[]>> = {
  status: [],
  run: ['wait', 'follow', 'as-of'],
  backfill: ['from', 'to', 'dry-run', 'redis-url'],
  suspend: [],
  resume: [],
  history: ['status-url', 'redis-url', 'limit'],
  logs: ['run', 'follow'],
  why: [],
  version: ['client'],
  completion: [],
};

/** The -o formats each command prints; a command absent here prints no data and refuses -o. */
export const OUTPUT_OF: Readonly<Partial<Record<CommandName, readonly OutputFormat[]>>> = {
  status: OUTPUT_FORMATS,
  history: OUTPUT_FORMATS,
  why: OUTPUT_FORMATS,
  version: ['table', 'json', 'yaml'],
  run: ['table', 'json', 'yaml', 'name'],
  suspend: ['table', 'json', 'yaml', 'name'],
  resume: ['table', 'json', 'yaml', 'name'],
  backfill: ['table', 'json', 'yaml'],
};

/** Commands that talk to the cluster and so take its flags. */
const KUBE_COMMANDS: ReadonlySet<CommandName> = new Set(['status', 'run', 'backfill', 'suspend', 'resume', 'history', 'logs', 'why', 'version']);

const DEFAULT_HISTORY_LIMIT = 20;

export function parseCliArgs(argv: readonly string[]): Invocation {
  if (argv[0] === '__complete') return { command: '__complete', words: argv.slice(1) };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...GLOBAL_FLAGS, ...COMMAND_FLAGS },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error), undefined, error);
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;

  if (first === undefined || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    return topic !== undefined && isCommand(topic) ? { command: 'help', topic } : { command: 'help' };
  }
  if (!isCommand(first)) throw usageError(`unknown command "${first}"`);
  if (values.help === true) return { command: 'help', topic: first };

  for (const flag of Object.keys(COMMAND_FLAGS) as CommandFlag[]) {
    if (values[flag] !== undefined && !FLAGS_OF[first].includes(flag)) {
      throw usageError(`--${flag} is not a flag of "${first}"`, first);
    }
  }
  const global = globalOptions(values, first);

  switch (first) {
    case 'status':
      if (rest.length > 0) throw usageError(`"status" takes no arguments, got "${rest.join(' ')}"`, first);
      return { command: 'status', global };
    case 'version':
      if (rest.length > 0) throw usageError(`"version" takes no arguments, got "${rest.join(' ')}"`, first);
      return { command: 'version', global, clientOnly: values.client === true };
    case 'completion': {
      const [shell, ...extra] = rest;
      if (shell === undefined || extra.length > 0 || !(SHELLS as readonly string[]).includes(shell)) {
        throw usageError(`"completion" takes one shell: ${SHELLS.join(', ')}${shell === undefined ? '' : `, got "${rest.join(' ')}"`}`, first);
      }
      return { command: 'completion', shell: shell as Shell };
    }
    default:
      break;
  }
  const job = singleJob(first, rest);
  switch (first) {
    case 'run': {
      if (values.follow === true && global.output !== 'table')
        throw usageError(`--follow writes the logs to stdout: it cannot be combined with -o ${global.output}`, first);
      const asOf = values['as-of'] === undefined ? undefined : parseInstant(values['as-of'], '--as-of', first);
      // Following the logs means staying until the run ends, so --follow implies --wait.
      return {
        command: 'run',
        global,
        job,
        wait: values.wait === true || values.follow === true,
        follow: values.follow === true,
        ...(asOf === undefined ? {} : { asOf }),
      };
    }
    case 'backfill': {
      if (values.from === undefined || values.to === undefined) throw usageError('"backfill" needs --from <time> and --to <time>', first);
      const from = parseInstant(values.from, '--from', first);
      const to = parseInstant(values.to, '--to', first);
      if (to.getTime() <= from.getTime()) throw usageError(`--to (${values.to}) must be after --from (${values.from})`, first);
      return {
        command: 'backfill',
        global,
        job,
        from,
        to,
        dryRun: values['dry-run'] === true,
        ...(values['redis-url'] === undefined ? {} : { redisUrl: redisUrlFlag(values['redis-url'], first) }),
      };
    }
    case 'history':
      if (values['status-url'] !== undefined && values['redis-url'] !== undefined) {
        throw usageError('--status-url and --redis-url are two ways to read the same ledger: pass one', first);
      }
      return {
        command: 'history',
        global,
        job,
        ...(values['status-url'] === undefined ? {} : { statusUrl: statusUrlFlag(values['status-url'], first) }),
        ...(values['redis-url'] === undefined ? {} : { redisUrl: redisUrlFlag(values['redis-url'], first) }),
        limit: parseLimit(values.limit),
      };
    case 'logs':
      return { command: 'logs', global, job, follow: values.follow === true, ...(values.run === undefined ? {} : { run: values.run }) };
    case 'suspend':
    case 'resume':
    case 'why':
      return { command: first, global, job };
  }
}

interface GlobalValues {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  'all-namespaces'?: boolean;
  'request-timeout'?: string;
  output?: string;
}

function globalOptions(values: GlobalValues, command: CommandName): GlobalOptions {
  const allowed = OUTPUT_OF[command];
  if (values.output !== undefined && allowed === undefined) {
    throw usageError(`"${command}" prints no data: -o does not apply to it`, command);
  }
  const output = values.output ?? 'table';
  if (!isOutputFormat(output) || !(allowed ?? ['table']).includes(output)) {
    throw usageError(
      `-o must be one of ${(allowed ?? ['table']).filter((format) => format !== 'table').join(', ')} for "${command}", got "${output}"`,
      command,
    );
  }
  if (!KUBE_COMMANDS.has(command)) {
    for (const flag of ['kubeconfig', 'context', 'namespace', 'request-timeout'] as const) {
      if (values[flag] !== undefined) throw usageError(`--${flag} does not apply to "${command}": it does not talk to the cluster`, command);
    }
  }
  for (const flag of ['kubeconfig', 'context', 'namespace'] as const) {
    if (values[flag] === '') throw usageError(`--${flag} needs a value`, command);
  }
  if (values['all-namespaces'] === true) {
    if (command !== 'status') throw usageError(`-A/--all-namespaces only applies to "status": "${command}" acts on one CronJob in one namespace`, command);
    if (values.namespace !== undefined) throw usageError('-A and -n contradict each other: pass one', command);
  }
  const timeout = values['request-timeout'] === undefined ? undefined : parseRequestTimeout(values['request-timeout'], command);
  return {
    output,
    ...(values.kubeconfig === undefined ? {} : { kubeconfig: values.kubeconfig }),
    ...(values.context === undefined ? {} : { context: values.context }),
    ...(values.namespace === undefined ? {} : { namespace: values.namespace }),
    ...(values['all-namespaces'] === true ? { allNamespaces: true } : {}),
    ...(timeout === undefined || timeout === 0 ? {} : { requestTimeoutMs: timeout }),
  };
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** kubectl's --request-timeout: a bare number of seconds, or a Go duration such as 30s, 1m, 1m30s; 0 means no limit. */
export function parseRequestTimeout(value: string, command?: CommandName): number {
  if (/^\d+$/u.test(value)) return Number(value) * 1_000;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/gu)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== value) {
    throw usageError(`--request-timeout must be a duration such as 30s, 1m or 1m30s (or seconds), got "${value}"`, command);
  }
  return Math.round(parts.reduce((sum, part) => sum + Number(part[1]) * (DURATION_UNITS_MS[part[2] ?? 's'] ?? 1_000), 0));
}

/**
 * An instant for --as-of, --from and --to: RFC 3339 with a zone (`2026-11-29T06:00:00-03:00`,
 * `…Z`). A time without a zone is refused: whose 06:00 it is must not be guessed.
 */
export function parseInstant(value: string, flag: string, command?: CommandName): Date {
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/u;
  const date = new Date(value);
  if (!withZone.test(value) || Number.isNaN(date.getTime())) {
    throw usageError(`${flag} must be a time with its zone, e.g. 2026-11-29T06:00:00-03:00 or 2026-11-29T09:00:00Z, got "${value}"`, command);
  }
  return date;
}

function singleJob(command: CommandName, rest: readonly string[]): string {
  const [job, ...extra] = rest;
  if (job === undefined) throw usageError(`"${command}" needs a job name: kubectl pontual ${command} <job>`, command);
  if (extra.length > 0) throw usageError(`"${command}" takes one job name, got "${rest.join(' ')}"`, command);
  return job;
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_HISTORY_LIMIT;
  const limit = Number(value);
  // Past the cap the status API clamps silently and Redis refuses the count (reported as Redis unavailable).
  if (!/^\d+$/u.test(value) || limit < 1 || limit > MAX_HISTORY_LIMIT) {
    throw usageError(`--limit must be a whole number from 1 to ${MAX_HISTORY_LIMIT}, got "${value}"`, 'history');
  }
  return limit;
}

export function isCommand(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}

function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

/** What fetch would refuse on the request (another scheme, credentials in the URL) is a usage error, not "cannot reach". */
function statusUrlFlag(value: string, command: CommandName): string {
  const url = URL.parse(value);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw usageError('--status-url must be an http:// or https:// URL', command);
  if (url.username !== '' || url.password !== '') throw usageError('--status-url must not carry credentials: the status service takes none', command);
  return value;
}

/** The same check as REDIS_URL's (core/redis-url.ts): a bad URL is a usage error, not a crash inside ioredis. */
function redisUrlFlag(value: string, command: CommandName): string {
  try {
    return parseRedisUrl(value);
  } catch (error) {
    throw usageError(`--redis-url is invalid: ${error instanceof Error ? error.message : String(error)}`, command, error);
  }
}

function usageError(message: string, command?: CommandName, cause?: unknown): PontualError {
  const hint = command === undefined ? 'kubectl pontual --help' : `kubectl pontual ${command} --help`;
  return new PontualError('CONFIG_INVALID', `${message} (see \`${hint}\`)`, { cause });
}
