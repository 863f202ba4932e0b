/** What a job's `run` gets: everything it may touch, nothing it has to set up itself. */
import type { JobSpec } from '../../core/catalog.ts';
import type { OmsClient } from '../sources/oms-client.ts';
import type { WmsClient } from '../sources/wms-client.ts';
import type { Clock } from './clock.ts';
import type { JobConfig } from './config.ts';
import type { Logger } from '../../core/logger.ts';
import type { Redis } from '../../core/redis-client.ts';
import type { LockFence } from './job-lock.ts';

export interface Sources {
  readonly wms: WmsClient;
  readonly oms: OmsClient;
}

export interface JobContext {
  /** Bound to `{ job, runId }`. */
  readonly log: Logger;
  /** Aborted by SIGTERM or the soft deadline; pass it to every wait. */
  readonly signal: AbortSignal;
  readonly config: JobConfig;
  readonly redis: Redis;
  readonly sources: Sources;
  /** "Now" for the job's rules: the wall clock, or `JOB_AS_OF` when set. */
  readonly clock: Clock;
  readonly runId: string;
  readonly spec: JobSpec;
  /** The run's hold on the job's lock: writeAtomically applies a result only while it holds. */
  readonly fence: LockFence;
  /** Milliseconds until the soft deadline aborts the run: a job that can do part of its work plans with it. */
  timeLeftMs(): number;
}

/** A few facts about what the run did, logged on the finish line. */
export type RunReport = Readonly<Record<string, string | number | boolean>>;
