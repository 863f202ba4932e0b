import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PontualError } from '../core/errors.ts';

/**
 * Turns argv into one typed invocation. Flags may come before or after the command, as with
 * kubectl; a flag that belongs to another command is a usage error, not silently ignored.
 */

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface GlobalOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
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
export type Invocation =
  | { readonly command: 'help'; readonly topic?: CommandName }
  | StatusInvocation
  | RunInvocation
  | JobInvocation
  | HistoryInvocation
  | LogsInvocation;

export const COMMANDS = ['status', 'run', 'suspend', 'resume', 'history', 'logs', 'why'] as const;
export type CommandName = (typeof COMMANDS)[number];

const GLOBAL_FLAGS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const COMMAND_FLAGS = {
  wait: { type: 'boolean', short: 'w' },
  follow: { type: 'boolean', short: 'f' },
  run: { type: 'string' },
  'status-url': { type: 'string' },
  'redis-url': { type: 'string' },
  limit: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

type CommandFlag = keyof typeof COMMAND_FLAGS;

const FLAGS_OF: Record<CommandName, readonly CommandFlag[]> = {
  status: [],
  run: ['wait', 'follow'],
  suspend: [],
  resume: [],
  history: ['status-url', 'redis-url', 'limit'],
  logs: ['run', 'follow'],
  why: [],
};

const DEFAULT_HISTORY_LIMIT = 20;

export function parseCliArgs(argv: readonly string[]): Invocation {
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

  if (first === 'status') {
    if (rest.length > 0) throw usageError(`"status" takes no arguments, got "${rest.join(' ')}"`, first);
    return { command: 'status', global };
  }
  const job = singleJob(first, rest);
  switch (first) {
    case 'run':
      if (values.follow === true && global.output !== 'table') throw usageError(`--follow writes the logs to stdout: it cannot be combined with -o ${global.output}`, first);
      // Following the logs means staying until the run ends, so --follow implies --wait.
      return { command: 'run', global, job, wait: values.wait === true || values.follow === true, follow: values.follow === true };
    case 'history':
      if (values['status-url'] !== undefined && values['redis-url'] !== undefined) {
        throw usageError('--status-url and --redis-url are two ways to read the same ledger: pass one', first);
      }
      return {
        command: 'history',
        global,
        job,
        ...(values['status-url'] === undefined ? {} : { statusUrl: values['status-url'] }),
        ...(values['redis-url'] === undefined ? {} : { redisUrl: values['redis-url'] }),
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

function globalOptions(values: { kubeconfig?: string; context?: string; namespace?: string; output?: string }, command: CommandName): GlobalOptions {
  const output = values.output ?? 'table';
  if (!isOutputFormat(output)) throw usageError(`-o must be one of ${OUTPUT_FORMATS.join(', ')}, got "${output}"`, command);
  for (const flag of ['kubeconfig', 'context', 'namespace'] as const) {
    if (values[flag] === '') throw usageError(`--${flag} needs a value`, command);
  }
  return {
    output,
    ...(values.kubeconfig === undefined ? {} : { kubeconfig: values.kubeconfig }),
    ...(values.context === undefined ? {} : { context: values.context }),
    ...(values.namespace === undefined ? {} : { namespace: values.namespace }),
  };
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
  if (!Number.isInteger(limit) || limit < 1) throw usageError(`--limit must be a positive integer, got "${value}"`, 'history');
  return limit;
}

function isCommand(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}

function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

function usageError(message: string, command?: CommandName, cause?: unknown): PontualError {
  const hint = command === undefined ? 'kubectl pontual --help' : `kubectl pontual ${command} --help`;
  return new PontualError('CONFIG_INVALID', `${message} (see \`${hint}\`)`, { cause });
}
