/**
 * The runner: everything around a job's `run` that every job needs and none should write twice.
 * Reads the config once, connects to Redis failing fast, takes the job's lock (or records a
 * `skipped` run), arms the soft deadline and the SIGTERM handler, runs the job, then releases the
 * lock, appends the run to the ledger, logs the finish line and returns the process exit code.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DestinationStream } from 'pino';
import { PontualError, toPontualError } from '../../core/errors.ts';
import { lockKey, type LedgerEntry } from '../../core/run-ledger.ts';
import { createOmsClient } from '../sources/oms-client.ts';
import { createWmsClient } from '../sources/wms-client.ts';
import { fixedClock, systemClock, type Clock } from './clock.ts';
import { loadConfig, type JobConfig } from './config.ts';
import type { Env } from '../../core/environment.ts';
import type { Job } from './define-job.ts';
import type { JobContext, RunReport, Sources } from './job-context.ts';
import { acquireLock, lockTtlMs, type HeldLock } from './job-lock.ts';
import { createLogger } from '../../core/logger.ts';
import { connectRedis, createRedisClient, describeRedisUrl, type Redis, type RedisFactory } from '../../core/redis-client.ts';
import { appendToLedger } from './run-ledger-writer.ts';
import { decideOutcome, SKIPPED, type RunEnding } from './run-outcome.ts';
import { softDeadlineMs } from './soft-deadline.ts';

export interface ProcessHooks {
  /** Calls `handler` on SIGTERM (and SIGINT, for Ctrl-C locally); returns an unsubscribe. */
  onStopSignal(handler: (signal: string) => void): () => void;
}

export const processHooks: ProcessHooks = {
  onStopSignal(handler) {
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
    return () => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    };
  },
};

export interface RunJobOptions {
  readonly env: Env;
  /** Wall clock for the ledger's start and finish times. */
  readonly clock?: Clock;
  /** Monotonic milliseconds, for durations. */
  readonly monotonicMs?: () => number;
  readonly createRedis?: RedisFactory;
  readonly createSources?: (config: JobConfig, signal: AbortSignal) => Sources;
  readonly logDestination?: DestinationStream;
  readonly process?: ProcessHooks;
  /** How long a stopped run may take to notice its aborted signal before cleanup goes ahead. */
  readonly stopGraceMs?: number;
  /** Overrides the soft deadline computed from the job's timeout. */
  readonly softDeadlineMs?: number;
}

/** A source the job did not declare: using it is a catalog mistake, reported as such. */
function undeclared(source: string): never {
  throw new PontualError('CONFIG_INVALID', `this job does not declare the ${source} API in its catalog sources, so it has no ${source} settings`);
}

export const defaultSources = (config: JobConfig, signal: AbortSignal): Sources => {
  const { wms, oms } = config;
  return {
    wms: wms === undefined ? { listOrders: () => undeclared('WMS') } : createWmsClient(wms.url, { token: wms.token, ...config.http, signal }),
    oms: oms === undefined ? { listStores: () => undeclared('OMS') } : createOmsClient(oms.url, { token: oms.token, ...config.http, signal }),
  };
};

/** Runs one job to the end and returns the exit code for the process. Never throws. */
export async function runJob(job: Job, options: RunJobOptions): Promise<number> {
  const clock = options.clock ?? systemClock;
  const monotonicMs = options.monotonicMs ?? (() => performance.now());
  const started = { at: clock.now(), ms: monotonicMs() };
  const runId = randomUUID();

  let config: JobConfig;
  try {
    config = loadConfig(options.env, job.sources);
  } catch (error) {
    const failure = toPontualError(error);
    createLogger({ level: 'info', destination: options.logDestination })
      .child({ job: job.name, runId })
      .fatal({ outcome: 'failed', code: failure.code, exitCode: failure.exitCode, err: failure }, failure.message);
    return failure.exitCode;
  }

  const log = createLogger({ level: config.logLevel, destination: options.logDestination }).child({ job: job.name, runId });
  const controller = new AbortController();
  const stop = (reason: PontualError) => {
    if (controller.signal.aborted) return;
    log.warn({ code: reason.code }, `${reason.message}: stopping the run`);
    controller.abort(reason);
  };
  const unsubscribe = (options.process ?? processHooks).onStopSignal((signal) => {
    stop(new PontualError('TERMINATED', `${signal} received`));
  });
  log.info(
    { timeoutSeconds: job.timeoutSeconds, ...config.kube, ...(config.asOf ? { asOf: config.asOf.toISOString() } : {}) },
    'run started',
  );

  const finish = (outcome: RunEnding, summary?: RunReport): number => {
    unsubscribe();
    const line = { outcome: outcome.outcome, exitCode: outcome.exitCode, durationMs: elapsed(), ...summary };
    const { error } = outcome;
    if (error === undefined) log.info(line, `run finished: ${outcome.outcome}`);
    // `err` through pino's serializer: the stack and the cause chain (the socket error behind a
    // REDIS_UNAVAILABLE, the network error behind a SOURCE_UNAVAILABLE). The logger redacts
    // credentials and Redis command arguments (core/redact.ts).
    else log.error({ ...line, code: error.code, err: error }, `run finished: ${outcome.outcome}: ${error.message}`);
    return outcome.exitCode;
  };
  const elapsed = () => Math.round(monotonicMs() - started.ms);

  const redis = (options.createRedis ?? createRedisClient)(config.redisUrl);
  try {
    await untilAborted(connectRedis(redis, config.redisUrl), controller.signal);
  } catch (error) {
    redis.disconnect();
    return finish(decideOutcome({ ok: false, error }, controller.signal.reason));
  }
  log.debug({ redis: describeRedisUrl(config.redisUrl) }, 'connected to Redis');

  const record = async (outcome: RunEnding) => {
    const entry: LedgerEntry = {
      runId,
      job: job.name,
      ...(config.kube.job === undefined ? {} : { kubeJob: config.kube.job }),
      ...(config.kube.pod === undefined ? {} : { pod: config.kube.pod }),
      ...(config.kube.namespace === undefined ? {} : { namespace: config.kube.namespace }),
      startedAt: started.at.toISOString(),
      finishedAt: clock.now().toISOString(),
      durationMs: elapsed(),
      outcome: outcome.outcome,
      exitCode: outcome.exitCode,
      ...(outcome.error === undefined ? {} : { errorCode: outcome.error.code, errorMessage: outcome.error.message }),
    };
    await appendToLedger(redis, config.keyPrefix, entry).catch((error: unknown) => {
      log.error({ err: error }, 'the run could not be recorded in the ledger');
    });
  };

  let lock: HeldLock | undefined;
  try {
    lock = await acquireLock(redis, lockKey(config.keyPrefix, job.name), {
      ttlMs: lockTtlMs(job.timeoutSeconds),
      onHeartbeatProblem: (problem) => {
        log.warn(`lock heartbeat: ${problem}`);
      },
    });
  } catch (error) {
    await quit(redis);
    return finish(decideOutcome({ ok: false, error }, controller.signal.reason));
  }
  if (lock === undefined) {
    log.info('another run of this job holds the lock: skipping');
    await record(SKIPPED);
    await quit(redis);
    return finish(SKIPPED);
  }

  const deadlineMs = options.softDeadlineMs ?? softDeadlineMs(job.timeoutSeconds);
  const deadline = setTimeout(() => {
    stop(new PontualError('DEADLINE_EXCEEDED', `soft deadline reached after ${deadlineMs} ms (timeout ${job.timeoutSeconds} s)`));
  }, deadlineMs);
  const ctx: JobContext = {
    log,
    signal: controller.signal,
    config,
    redis,
    sources: (options.createSources ?? defaultSources)(config, controller.signal),
    clock: config.asOf === undefined ? clock : fixedClock(config.asOf),
    runId,
    spec: job,
  };

  const settled = await settle(job, ctx, options.stopGraceMs ?? 3_000);
  clearTimeout(deadline);
  const outcome = decideOutcome(settled, controller.signal.aborted ? controller.signal.reason : undefined);
  await lock.release().catch((error: unknown) => {
    log.error({ err: error }, 'the lock could not be released; it expires on its own');
  });
  await record(outcome);
  await quit(redis);
  return finish(outcome, settled.ok ? settled.summary : undefined);
}

type Settled = { ok: true; summary: RunReport } | { ok: false; error: unknown };

/** The run's result, or its abort reason once it has ignored an abort for `graceMs`. */
async function settle(job: Job, ctx: JobContext, graceMs: number): Promise<Settled> {
  // Through a promise so that a run throwing synchronously is a failed run, not a crash.
  const ran = Promise.resolve(ctx)
    .then((context) => job.run(context))
    .then(
      (summary): Settled => ({ ok: true, summary }),
      (error: unknown): Settled => ({ ok: false, error }),
    );
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<Settled>((resolve) => {
    const expire = () => {
      timer = setTimeout(() => {
        resolve({ ok: false, error: ctx.signal.reason });
      }, graceMs);
    };
    if (ctx.signal.aborted) expire();
    else ctx.signal.addEventListener('abort', expire, { once: true });
  });
  try {
    return await Promise.race([ran, gaveUp]);
  } finally {
    clearTimeout(timer);
  }
}

/** Rejects with the signal's reason as soon as it aborts, even if `promise` never settles. */
async function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function quit(redis: Redis): Promise<void> {
  const timer = setTimeout(() => {
    redis.disconnect();
  }, 1_000);
  await redis.quit().catch(() => {
    redis.disconnect();
  });
  clearTimeout(timer);
}
