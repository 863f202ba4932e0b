// Needs Node >= 24.11 (it runs this TypeScript directly): `npx node <this file>` or the npm scripts use the pinned one; a system Node 20 fails with ERR_UNKNOWN_FILE_EXTENSION.
/**
 * The container entrypoint: `node jobs/main.ts <job-name>` (the image's ENTRYPOINT), or
 * `npm run job -- <job-name>` locally. Runs one catalog job with the environment and exits with
 * the runtime's code: 0 ok or skipped, 1 retryable failure, 2 bad config or input, 143 SIGTERM.
 */
// First, so that what follows loads from it: V8's compiled code (and, run from the sources, the
// TypeScript with its types stripped), kept between runs. A no-op where NODE_COMPILE_CACHE already
// set one (the image); elsewhere in the system's temp dir. About 70 ms of a run from the sources.
process.getBuiltinModule('node:module').enableCompileCache();
const { catchStopSignals } = await import('./runtime/stop-signals.ts');

// Before anything else loads: a SIGTERM during start-up must still stop the run (stop-signals.ts).
const stopSignals = catchStopSignals();
const [{ PontualError }, { JOB_NAMES }, { JOB_MODULES }, { createLogger }, { exitOnUncaught }, { runJob }] = await Promise.all([
  import('../core/errors.ts'),
  import('../core/catalog.ts'),
  import('./job-modules.ts'),
  import('../core/logger.ts'),
  import('../core/exit-on-uncaught.ts'),
  import('./runtime/run-job.ts'),
]);

// runJob never throws; this catches what escapes it (a listener's throw, an unawaited rejection).
exitOnUncaught(createLogger({ level: 'info', base: { job: process.argv[2] ?? '' } }));

const name = process.argv[2];
const load = name === undefined ? undefined : JOB_MODULES.get(name);

if (load === undefined) {
  const error = new PontualError('JOB_UNKNOWN', `${name === undefined ? 'no job name given' : `unknown job "${name}"`}; valid jobs: ${JOB_NAMES.join(', ')}`);
  createLogger({ level: 'info' }).fatal({ code: error.code, exitCode: error.exitCode }, error.message);
  process.exitCode = error.exitCode;
} else {
  process.exitCode = await runJob(await load(), { env: process.env, process: stopSignals });
}
// Exit now rather than wait for stray handles (a hung health check past the deadline, a socket).
process.exit();
