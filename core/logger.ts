/**
 * The one logger of every pontual process: JSON lines, nothing else (the cluster's log pipeline
 * does the shipping). One shape for jobs, the status service and the CLI, so one Loki query reads
 * them all (fields in docs/observability.md): `level` as a word, `time` ISO 8601, the bindings,
 * the line's fields, `msg`; `code` from the error catalogue and `err` (type, message, stack with
 * the cause chain) when something failed. Every field and message goes through core/redact.ts.
 *
 * The shape is pino's, which this module used until it measured pino's load at about 6 ms of a
 * job's start-up (docs/image.md): a job writes a handful of lines, and what it needs of a logger
 * is these hundred lines. Writes are synchronous so that the last line is out before the process
 * exits (no flush to forget).
 */
import { isPontualError } from './errors.ts';
import { redactValue } from './redact.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
type LineLevel = Exclude<LogLevel, 'silent'>;

/** pino's numbers, so that `LOG_LEVEL=debug` means what it meant. */
const SEVERITY: Readonly<Record<LogLevel, number>> = { fatal: 60, error: 50, warn: 40, info: 30, debug: 20, trace: 10, silent: Infinity };

/** For the config modules: a LOG_LEVEL value, or an error saying what would do. */
export function parseLogLevel(value: string): LogLevel {
  const level = LOG_LEVELS.find((candidate) => candidate === value);
  if (level === undefined) throw new Error(`expected one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return level;
}

/**
 * A line: a message (printf-style `%s %d %o %j` placeholders take the arguments after it), or
 * fields then an optional message, or an error (logged as `err`, its message the line's).
 */
export interface LogMethod {
  (message: string, ...args: unknown[]): void;
  (fields: object, message?: string, ...args: unknown[]): void;
}

export interface Logger {
  readonly level: LogLevel;
  readonly fatal: LogMethod;
  readonly error: LogMethod;
  readonly warn: LogMethod;
  readonly info: LogMethod;
  readonly debug: LogMethod;
  readonly trace: LogMethod;
  /** A logger whose lines all carry these fields too. */
  child(bindings: Record<string, unknown>): Logger;
}

/** Where lines go when not to a file descriptor: one call per line, the line ending in `\n`. */
export interface LogDestination {
  write(line: string): unknown;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Fields on every line, e.g. `{ service: 'pontual-status' }`. */
  readonly base?: Record<string, string>;
  /** Default: stdout. The CLI logs to stderr (fd 2), keeping stdout for its answer. */
  readonly destination?: LogDestination | 1 | 2;
}

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? 1;
  const write =
    typeof destination === 'number'
      ? (line: string) => {
          writeFully(destination, line);
        }
      : (line: string) => destination.write(line);
  return loggerWith(options.level, write, options.base === undefined ? {} : redactFields(options.base));
}

/**
 * The `err` field of a failure line, except for a configuration error: its message already says
 * which variable and what is wrong, and a stack into the config module would only bury that.
 */
export function errorField(error: unknown): { err?: unknown } {
  return isPontualError(error, 'CONFIG_INVALID') ? {} : { err: error };
}

function loggerWith(level: LogLevel, write: (line: string) => unknown, bindings: Readonly<Record<string, unknown>>): Logger {
  const method = (lineLevel: LineLevel): LogMethod => {
    if (SEVERITY[lineLevel] < SEVERITY[level]) return () => undefined;
    return (first: unknown, ...rest: unknown[]) => {
      write(safeLine(lineLevel, bindings, first, rest));
    };
  };
  return Object.freeze({
    level,
    fatal: method('fatal'),
    error: method('error'),
    warn: method('warn'),
    info: method('info'),
    debug: method('debug'),
    trace: method('trace'),
    child: (more: Record<string, unknown>) => loggerWith(level, write, { ...bindings, ...redactFields(more) }),
  });
}

/**
 * The line, or, when its fields throw as they are read or serialized (a toJSON, a getter, a
 * Proxy), the line without them, saying why: a job logs from catch blocks and cleanup, where a
 * throw would lose the run's outcome, and pino's serializer did not throw either.
 */
function safeLine(level: LineLevel, bindings: Readonly<Record<string, unknown>>, first: unknown, rest: readonly unknown[]): string {
  try {
    return formatLine(level, bindings, first, rest);
  } catch (error) {
    const message = [first, ...rest].find((part) => typeof part === 'string');
    return formatLine(level, bindings, { logError: `this line's fields could not be serialized: ${describe(error)}` }, message === undefined ? [] : [message]);
  }
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'an unprintable error';
  }
}

/** JSON with BigInts as their decimal text, as pino printed them. */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
}

function formatLine(level: LineLevel, bindings: Readonly<Record<string, unknown>>, first: unknown, rest: readonly unknown[]): string {
  let fields: object = {};
  let message: unknown;
  let args: readonly unknown[];
  if (first instanceof Error) {
    fields = { err: first };
    [message = first.message, ...args] = rest;
  } else if (typeof first === 'object' && first !== null) {
    fields = first;
    [message, ...args] = rest;
    const err: unknown = Reflect.get(first, 'err');
    if (message === undefined && err instanceof Error) message = err.message;
  } else {
    message = first;
    args = rest;
  }
  const line: Record<string, unknown> = { level, time: new Date().toISOString(), ...bindings, ...redactFields(fields as Record<string, unknown>) };
  if (message !== undefined) line.msg = redactValue(interpolate(typeof message === 'string' ? message : toJson(redactValue(message)), args));
  return `${toJson(line)}\n`;
}

/**
 * printf-style placeholders, as pino read them. Objects are redacted before they become text; an
 * error stays one (`%s` prints its name and message, which the message's redaction then covers).
 */
function interpolate(message: string, args: readonly unknown[]): string {
  if (args.length === 0) return message;
  let next = 0;
  return message.replace(/%([sdifjoO%])/gu, (placeholder, kind: string) => {
    if (kind === '%') return '%';
    if (next >= args.length) return placeholder;
    const arg = args[next++];
    if (kind === 's') return typeof arg === 'object' && arg !== null && !(arg instanceof Error) ? toJson(redactValue(arg)) : String(arg);
    if (kind === 'd' || kind === 'i' || kind === 'f') return String(Number(arg));
    return arg === undefined ? 'undefined' : toJson(redactValue(arg));
  });
}

/**
 * Every field redacted (core/redact.ts), whatever its key: an error under any key becomes its
 * serialized form first (stack with the `caused by:` chain), then gets the same redaction.
 */
function redactFields(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const serialized = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value instanceof Error ? serializeError(value, new Set()) : value]));
  return redactValue(serialized) as Record<string, unknown>;
}

/**
 * An error as a log field: `type`, its own `message` (not its causes': ours already say what went
 * wrong in one sentence), `stack` followed by each cause's as `caused by: ...`, an AggregateError's
 * errors, and its other own fields (a `code`, an `exitCode`).
 */
function serializeError(error: Error, seen: Set<Error>): Record<string, unknown> {
  seen.add(error);
  const serialized: Record<string, unknown> = { type: error.constructor.name || error.name, message: error.message, stack: stackWithCauses(error) };
  if (error instanceof AggregateError)
    serialized.aggregateErrors = (error.errors as unknown[]).map((item) => (item instanceof Error && !seen.has(item) ? serializeError(item, seen) : item));
  for (const [key, value] of Object.entries(error)) {
    if (key in serialized || key === 'cause') continue;
    serialized[key] = value instanceof Error ? (seen.has(value) ? undefined : serializeError(value, seen)) : value;
  }
  return serialized;
}

function stackWithCauses(error: Error): string {
  let stack = error.stack ?? `${error.name}: ${error.message}`;
  const seen = new Set<unknown>([error]);
  for (let cause = error.cause; cause instanceof Error && !seen.has(cause); cause = cause.cause) {
    seen.add(cause);
    stack += `\ncaused by: ${cause.stack ?? `${cause.name}: ${cause.message}`}`;
  }
  return stack;
}

/**
 * `node:fs` as CommonJS gives it: importing it as an ES module makes Node build its module facade,
 * which reads every export, and the `ReadStream` getter loads all of Node's streams, about 6 ms
 * of a job's start-up for a logger that only ever calls writeSync.
 */
const { writeSync } = process.getBuiltinModule('node:fs');

/** Writes the whole line to a file descriptor, waiting out a full pipe rather than dropping the line. */
function writeFully(fd: number, line: string): void {
  let bytes = Buffer.from(line);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (error) {
      // A closed stdout (EPIPE) has no reader left to tell; anything but a full pipe ends the line.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return;
      Atomics.wait(PAUSE, 0, 0, 1);
    }
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));
