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
import { pino, type DestinationStream, type Logger, type SerializedError } from 'pino';
import { redactText, redactValue } from './redact.ts';

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

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? 1;
  return pino(
    {
      level: options.level,
      base: options.base ?? undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactValue(fields) as Record<string, unknown>,
      },
      serializers: { err: serializeError },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg: unknown) => (typeof arg === 'string' ? redactText(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    typeof destination === 'number' ? pino.destination({ dest: destination, sync: true }) : destination,
  );
}

/**
 * pino's error serializer (stack with `caused by:` lines), then redacted. Its `message` would
 * append every cause's message to the error's own; ours already say what went wrong in one
 * sentence (`Redis ledger write failed: Connection is closed.`), which made
 * `...: Connection is closed.: Connection is closed.`. The causes stay in `stack`.
 */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return redactValue(error);
  const serialized: SerializedError = pino.stdSerializers.err(error);
  return redactValue({ ...serialized, message: error.message });
}
