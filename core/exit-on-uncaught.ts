/**
 * The last line of defence of a long-lived process: what escapes every handler (a throw in an
 * event listener, a rejection nobody awaited) is logged as one redacted fatal line carrying its
 * catalogue code, and the process exits with that code's exit code. Without it Node prints the
 * raw error to stderr, past the logger: util.inspect shows every own property, an ioredis error's
 * command arguments (a password) included, and the exit code says nothing.
 */
import { toPontualError } from './errors.ts';
import type { Logger } from './logger.ts';

export function exitOnUncaught(logger: Logger): void {
  const fail = (error: unknown): void => {
    const failure = toPontualError(error);
    logger.fatal({ code: failure.code, exitCode: failure.exitCode, err: error }, `uncaught: ${failure.message}`);
    process.exit(failure.exitCode);
  };
  process.once('uncaughtException', fail);
  process.once('unhandledRejection', fail);
}
