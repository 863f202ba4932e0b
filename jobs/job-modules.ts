/**
 * Where each catalog job's implementation lives, loaded only when that job runs: a store-status
 * pod never parses the SLA rules, and start-up stays short. A Map, not an object literal, so that
 * a name like `constructor` or `hasOwnProperty` is unknown rather than an inherited member.
 */
import type { Job } from './runtime/define-job.ts';

export const JOB_MODULES: ReadonlyMap<string, () => Promise<Job>> = new Map([
  ['embu-sla', async () => (await import('./sla/sla-job.ts')).embuSla],
  ['extrema-sla', async () => (await import('./sla/sla-job.ts')).extremaSla],
  ['bonus-calc', async () => (await import('./bonus/bonus-job.ts')).bonusCalc],
  ['store-status', async () => (await import('./store-status/store-status-job.ts')).storeStatus],
]);
