/**
 * Memory of the status service's compact model and of the informers' slimmed cache, without an
 * API server: builds both from N synthetic finished Jobs and measures the heap after a forced GC.
 *
 *   node --expose-gc bench/status-model-memory.ts [--cronjobs 500] [--jobs 20000]
 */
import { parseArgs } from 'node:util';
import { applyEvent, createClusterModel, toCronJobRecord, toJobRecord } from '../core/model/cluster-model.ts';
import { slimJob } from '../status/watch/slim-objects.ts';
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
const cache: unknown[] = [];
for (let index = 0; index < CRONJOBS; index++) applyEvent(model, 'cronjobs', 'ADDED', toCronJobRecord(cronJobObject(`bench-${index}`)));
const withCronJobs = heapMiB();
for (let index = 0; index < JOBS; index++) {
  const at = new Date(Date.now() - index * 60_000).toISOString();
  const full = jobObject(`bench-${index % CRONJOBS}-${index}`, {
    cronJob: `bench-${index % CRONJOBS}`,
    scheduledAt: at,
    started: at,
    end: index % 10 === 0 ? { type: 'Failed', at, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' } : { type: 'Complete', at },
  });
  const slim = slimJob(full);
  cache.push(slim);
  applyEvent(model, 'jobs', 'ADDED', toJobRecord(slim));
}
const withJobs = heapMiB();
cache.length = 0;
const modelOnly = heapMiB();
console.log(`| CronJobs / Jobs | ${CRONJOBS} / ${model.jobs.size} |`);
console.log(`| model (MiB) | ${(modelOnly - base).toFixed(1)} |`);
console.log(`| informer cache of slimmed Jobs (MiB) | ${(withJobs - modelOnly).toFixed(1)} |`);
console.log(`| per Job, model + cache (bytes) | ${(((withJobs - withCronJobs) * 2 ** 20) / JOBS).toFixed(0)} |`);
