import { toPontualError } from '../core/errors.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { redactText } from '../core/redact.ts';
import { loadCliConfig } from './cli-config.ts';
import { writeLine, type CliContext } from './cli-context.ts';
import { EXIT, exitCodeFor, type ExitCode } from './exit-codes.ts';
import { parseCliArgs } from './parse-args.ts';
import { usage } from './usage.ts';

/**
 * Parses argv, runs one command, and turns any error into a message and a documented exit code.
 * Commands load on demand: `run` need not pay for the Redis client or the status model.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<ExitCode> {
  let log: Logger | undefined;
  let debug = false;
  try {
    const config = loadCliConfig(context.env);
    debug = config.debug;
    log = createLogger({ level: config.logLevel, destination: 2 });
    const invocation = parseCliArgs(argv);
    switch (invocation.command) {
      case 'help':
        context.stdout.write(usage(invocation.topic));
        return EXIT.ok;
      case 'status':
        return await (await import('./commands/status.ts')).statusCommand(invocation, context);
      case 'run':
        return await (await import('./commands/run.ts')).runCommand(invocation, context);
      case 'suspend':
        return await (await import('./commands/suspend-resume.ts')).suspendCommand(invocation, context);
      case 'resume':
        return await (await import('./commands/suspend-resume.ts')).resumeCommand(invocation, context);
      case 'history':
        return await (await import('./commands/history.ts')).historyCommand(invocation, context, config);
      case 'logs':
        return await (await import('./commands/logs.ts')).logsCommand(invocation, context);
      case 'why':
        return await (await import('./commands/why.ts')).whyCommand(invocation, context);
      case 'backfill':
        return await (await import('./commands/backfill.ts')).backfillCommand(invocation, context, config);
      case 'version':
        return await (await import('./commands/version.ts')).versionCommand(invocation, context);
      case 'completion':
        context.stdout.write((await import('./completion-scripts.ts')).completionScript(invocation.shell));
        return EXIT.ok;
      case '__complete': {
        const { completions, NO_FILE_COMPLETION } = await import('./complete.ts');
        context.stdout.write(`${[...completions(invocation.words), NO_FILE_COMPLETION].join('\n')}\n`);
        return EXIT.ok;
      }
    }
  } catch (error) {
    const failure = toPontualError(error);
    log?.debug({ code: failure.code, err: error }, failure.message);
    // Messages can quote what the operator typed (a Redis URL with its password): never echo a secret.
    writeLine(context.stderr, `error: ${redactText(failure.message)}`);
    if (failure.code === 'INTERNAL' && debug) writeLine(context.stderr, redactText(String(failure.stack)));
    return exitCodeFor(failure);
  }
}
