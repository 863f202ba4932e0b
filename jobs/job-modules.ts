/**
 * Where each catalog job's implementation lives, loaded only when that job runs: a store-status
 * pod never parses the SLA rules, and start-up stays short.
 */
import type { Job } from './runtime/define-job.ts';

export const JOB_MODULES: Readonly<Record<string, () => Promise<Job>>> = {
  'embu-sla': async () => (await import('./sla/sla-job.ts')).embuSla,
  'extrema-sla': async () => (await import('./sla/sla-job.ts')).extremaSla,
  'bonus-calc': async () => (await import('./bonus/bonus-job.ts')).bonusCalc,
  'store-status': async () => (await import('./store-status/store-status-job.ts')).storeStatus,
};
