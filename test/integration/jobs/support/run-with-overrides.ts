/**
 * `node run-with-overrides.ts <job> '<json>'`: the real entrypoint's work, the real job and
 * runtime, with only the time scales shortened so a test reaches them in seconds instead of the
 * catalog's minutes. JSON keys: `softDeadlineMs`, `timeoutSeconds` (the job's activeDeadline as
 * the runtime sees it), `lock` (`{ ttlMs, heartbeatMs }`).
 */
import { JOB_MODULES } from '../../../../jobs/job-modules.ts';
import { runJob } from '../../../../jobs/runtime/run-job.ts';

interface Overrides {
  readonly softDeadlineMs?: number;
  readonly timeoutSeconds?: number;
  readonly lock?: { readonly ttlMs: number; readonly heartbeatMs: number };
}

const [name = '', json = '{}'] = process.argv.slice(2);
const load = JOB_MODULES.get(name);
if (load === undefined) throw new Error(`unknown job ${name}`);
const overrides = JSON.parse(json) as Overrides;
const job = await load();
process.exitCode = await runJob(overrides.timeoutSeconds === undefined ? job : { ...job, timeoutSeconds: overrides.timeoutSeconds }, {
  env: process.env,
  ...(overrides.softDeadlineMs === undefined ? {} : { softDeadlineMs: overrides.softDeadlineMs }),
  ...(overrides.lock === undefined ? {} : { lock: overrides.lock }),
});
process.exit();
