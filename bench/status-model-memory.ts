/**
 * Memory of the status service's compact model and of the watchers' index of it (key → the same
 * record, to tell what a re-list no longer shows), without an API server: builds both from N
 * synthetic finished Jobs, each decoded from a whole object as the watch decodes it, and measures
 * the heap after a forced GC.
 *
 *   node --expose-gc bench/status-model-memory.ts [--cronjobs 500] [--jobs 20000]
 */
import { parseArgs } from 'node:util';
import { applyEvent, createClusterModel, objectKey, toCronJobRecord, toJobRecord, type JobRecord } from '../core/model/cluster-model.ts';
import { cronJobObject, jobObject } from '../devkit/status-fixtures.ts';

const { values: args } = parseArgs({ options: { cronjobs: { type: 'string', default: '500' }, jobs: { type: 'string', default: '20000' } } });
const CRONJOBS = Number(args.cronjobs);
const JOBS = Number(args.jobs);
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

const heapMiB = (): number => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

const base = heapMiB();
const model = createClusterModel();
const known = new Map<string, JobRecord>();
for (let index = 0; index < CRONJOBS; index++) applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject(`bench-${index}`)));
const withCronJobs = heapMiB();
for (let index = 0; index < JOBS; index++) {
  const at = new Date(Date.now() - index * 60_000).toISOString();
  const full = jobObject(`bench-${index % CRONJOBS}-${index}`, {
    cronJob: `bench-${index % CRONJOBS}`,
    scheduledAt: at,
    started: at,
    end:
      index % 10 === 0
        ? { type: 'Failed', at, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }
        : { type: 'Complete', at },
  });
  const record = toJobRecord(full);
  known.set(objectKey(record.namespace, record.name), record);
  applyEvent(model, 'jobs', 'ADDED', record);
}
const withJobs = heapMiB();
known.clear();
const modelOnly = heapMiB();
console.log(`| CronJobs / Jobs | ${CRONJOBS} / ${model.jobs.size} |`);
console.log(`| model (MiB) | ${(modelOnly - base).toFixed(1)} |`);
console.log(`| watchers' index of the records (MiB) | ${(withJobs - modelOnly).toFixed(1)} |`);
console.log(`| per Job, model + index (bytes) | ${(((withJobs - withCronJobs) * 2 ** 20) / JOBS).toFixed(0)} |`);
