// Needs Node >= 24.11 (it runs this TypeScript directly): `npx node <this file>` or the npm scripts use the pinned one; a system Node 20 fails with ERR_UNKNOWN_FILE_EXTENSION.
/**
 * `kubectl pontual`: the process entry point. Everything testable lives in runCli; this file only
 * wires the real process to it and exits explicitly, so an idle keep-alive connection to the
 * API server cannot hold the terminal after the answer is printed. No top-level await: the
 * single-executable build bundles this file as CommonJS (scripts/build-cli.ts).
 */
import { defaultCliContext } from './cli-context.ts';
import { runCli } from './run-cli.ts';

void runCli(process.argv.slice(2), defaultCliContext()).then((code) => {
  process.exitCode = code;
  // Let buffered output reach a pipe before exiting.
  process.stdout.write('', () => {
    process.stderr.write('', () => process.exit(code));
  });
});
