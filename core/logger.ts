/**
 * The one logger of every pontual process: pino JSON lines, nothing else (the cluster's log
 * pipeline does the shipping). One shape for jobs, the status service and the CLI, so one Loki
 * query reads them all (fields in docs/observability.md): `time` ISO 8601, `level` as a word,
 * `msg`, `code` from the error catalogue and `err` (type, message, stack with the cause chain)
 * when something failed. Every field and message goes through core/redact.ts first.
 *
 * Writes are synchronous so that the last line is out before the process exits (no flush to
 * forget, and a handful of lines per run costs nothing).
 */
import { pino, type Bindings, type ChildLoggerOptions, type DestinationStream, type Logger, type SerializedError } from 'pino';
import { isPontualError } from './errors.ts';
import { redactValue } from './redact.ts';

export type { Logger } from 'pino';

/** pino's levels, for the config modules that validate LOG_LEVEL. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** For the config modules: a LOG_LEVEL value, or an error saying what would do. */
export function parseLogLevel(value: string): LogLevel {
  const level = LOG_LEVELS.find((candidate) => candidate === value);
  if (level === undefined) throw new Error(`expected one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return level;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Fields on every line, e.g. `{ service: 'pontual-status' }`. */
  readonly base?: Record<string, string>;
  /** Default: stdout. The CLI logs to stderr (fd 2), keeping stdout for its answer. */
  readonly destination?: DestinationStream | 1 | 2;
}

type ChildFactory = (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) => Logger;

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? 1;
  const logger = pino(
    {
      level: options.level,
      base: options.base ?? undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        bindings: redactFields,
        log: redactFields,
      },
      serializers: {
        // Already serialized and redacted by redactFields: pino's default would serialize it again.
        err: (err: unknown) => err,
        // The message after interpolation, and the one pino takes from an error's message.
        msg: (msg: unknown) => redactValue(msg),
      },
      hooks: {
        logMethod(args, method) {
          // Objects formatted into the message (`%o`, `%j`) are redacted before they become text; an
          // error stays one (`%s` prints its name and message, which the msg serializer redacts).
          const redacted = args.map((arg: unknown, index) => (index > 0 && typeof arg === 'object' && !(arg instanceof Error) ? redactValue(arg) : arg));
          method.apply(this, redacted as Parameters<typeof method>);
        },
      },
    },
    typeof destination === 'number' ? pino.destination({ dest: destination, sync: true }) : destination,
  );
  // pino gives children no bindings formatter: their bindings are redacted on the way in, by this
  // `child` that every descendant inherits (children are prototype copies of their parent).
  const child = Reflect.get(logger, 'child') as unknown as ChildFactory;
  const redactedChild: ChildFactory = function (bindings, childOptions) {
    return child.call(this, redactFields(bindings), childOptions);
  };
  Reflect.set(logger, 'child', redactedChild);
  return logger;
}

/**
 * The `err` field of a failure line, except for a configuration error: its message already says
 * which variable and what is wrong, and a stack into the config module would only bury that.
 */
export function errorField(error: unknown): { err?: unknown } {
  return isPontualError(error, 'CONFIG_INVALID') ? {} : { err: error };
}

/**
 * Every field redacted (core/redact.ts), whatever its key: an error under any key gets pino's
 * serializer first (stack with the `caused by:` chain), then the same redaction.
 */
function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  // pino hands the bindings formatter an undefined `base`.
  if ((fields as Record<string, unknown> | undefined) === undefined) return fields;
  const serialized = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value instanceof Error ? serializeError(value) : value]));
  return redactValue(serialized) as Record<string, unknown>;
}

/**
 * pino's error serializer, keeping the error's own message: pino's would append every cause's
 * message to it, and ours already say what went wrong in one sentence (`Redis ledger write failed:
 * Connection is closed.`), which made `...: Connection is closed.: Connection is closed.`. The
 * causes stay in `stack`.
 */
function serializeError(error: Error): SerializedError {
  const serialized: SerializedError = pino.stdSerializers.err(error);
  return { ...serialized, message: error.message };
}
