/**
 * pino JSON logs to stdout, nothing else: the cluster's log pipeline does the shipping. Writes are
 * synchronous so that the finish line is on stdout before the process exits (no flush to forget,
 * and a handful of lines per run costs nothing).
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
