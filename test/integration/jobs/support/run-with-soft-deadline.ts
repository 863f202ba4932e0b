/**
 * `node run-with-soft-deadline.ts <job> <ms>`: the real entrypoint's work, the real job and
 * runtime, with only the soft deadline shortened, so a test can reach it in seconds instead of the
 * catalog's minutes.
 */
import { JOB_MODULES } from '../../../../jobs/job-modules.ts';
import { runJob } from '../../../../jobs/runtime/run-job.ts';

const [name = '', ms = ''] = process.argv.slice(2);
const load = JOB_MODULES.get(name);
if (load === undefined) throw new Error(`unknown job ${name}`);
process.exitCode = await runJob(await load(), { env: process.env, softDeadlineMs: Number(ms) });
process.exit();
