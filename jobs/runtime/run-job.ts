/**
 * The runner: everything around a job's `run` that every job needs and none should write twice.
 * `runJob` reads as its steps: read the config, open the run (logger, stop signal, finish line),
 * connect to Redis, take the lock (or record a `skipped` run), record the runs it found
 * abandoned, run the job under the soft deadline, then release the lock, append the run to the
 * ledger and return the exit code.
 */
import { randomUuid } from './random-uuid.ts';
import type { LogDestination } from '../../core/logger.ts';
import { PontualError, toPontualError } from '../../core/errors.ts';
import { lockKey, openRunsKey, type LedgerEntry } from '../../core/run-ledger.ts';
import { createOmsClient } from '../sources/oms-client.ts';
import { createWmsClient } from '../sources/wms-client.ts';
import { abandonedEntry } from './abandoned-run.ts';
import { fixedClock, systemClock, type Clock } from './clock.ts';
import { loadConfig, type JobConfig } from './config.ts';
import type { Env } from '../../core/environment.ts';
import type { Job } from './define-job.ts';
import type { JobContext, RunReport, Sources } from './job-context.ts';
import { acquireLock, type HeldLock } from './job-lock.ts';
import { createLogger, errorField, type Logger } from '../../core/logger.ts';
import { connectRedis, createRedisClient, describeRedisUrl, type ReconnectWindow, type Redis, type RedisFactory } from '../../core/redis-client.ts';
import { appendEntriesToLedger, appendToLedger } from './run-ledger-writer.ts';
import { decideOutcome, SKIPPED, type RunEnding } from './run-outcome.ts';
import { softDeadlineMs } from './soft-deadline.ts';
import { untilAborted, withTimeout } from './bounded-waits.ts';

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
  readonly createSources?: (config: JobConfig, signal: AbortSignal, timeLeftMs: () => number) => Sources;
  readonly logDestination?: LogDestination;
  readonly process?: ProcessHooks;
  /** How long a stopped run may take to notice its aborted signal before cleanup goes ahead. */
  readonly stopGraceMs?: number;
  /** Overrides the soft deadline computed from the job's timeout. */
  readonly softDeadlineMs?: number;
  /** Overrides the lock's TTL and heartbeat (tests of a holder that died). */
  readonly lock?: { readonly ttlMs: number; readonly heartbeatMs: number };
}

/** A source the job did not declare: using it is a catalog mistake, reported as such. */
function undeclared(source: string): never {
  throw new PontualError('CONFIG_INVALID', `this job does not declare the ${source} API in its catalog sources, so it has no ${source} settings`);
}

export const defaultSources = (config: JobConfig, signal: AbortSignal, timeLeftMs: () => number): Sources => {
  const { wms, oms } = config;
  return {
    wms: wms === undefined ? { listOrders: () => undeclared('WMS') } : createWmsClient(wms.url, { token: wms.token, ...config.http, signal, timeLeftMs }),
    oms: oms === undefined ? { listStores: () => undeclared('OMS') } : createOmsClient(oms.url, { token: oms.token, ...config.http, signal, timeLeftMs }),
  };
};

/** Cleanup after SIGTERM must fit the pod's grace period with room to spare. */
const CLEANUP_AFTER_SIGTERM_MS = 2_000;

/** Runs one job to the end and returns the exit code for the process. Never throws. */
export async function runJob(job: Job, options: RunJobOptions): Promise<number> {
  const config = readConfig(job, options);
  if (typeof config === 'number') return config;
  const run = openRun(job, config, options);

  const connected = await connect(run);
  if ('ended' in connected) return run.finish(connected.ended);
  const { redis } = connected;

  const taken = await takeLock(run, redis);
  if ('ended' in taken) {
    await quit(redis);
    return run.finish(taken.ended);
  }

  const settled = await execute(run, redis, taken.lock);
  const outcome = decideOutcome(settled, run.signal.aborted ? run.signal.reason : undefined);
  await closeRun(run, redis, outcome, taken.lock);
  return run.finish(outcome, settled.ok ? settled.summary : undefined);
}

/** The config, or the exit code after one fatal line naming the bad variable. */
function readConfig(job: Job, options: RunJobOptions): JobConfig | number {
  try {
    return loadConfig(options.env, job.sources);
  } catch (error) {
    const failure = toPontualError(error);
    createLogger({ level: 'info', destination: options.logDestination })
      .child({ job: job.name, runId: randomUuid() })
      .fatal({ outcome: 'failed', code: failure.code, exitCode: failure.exitCode, ...errorField(failure) }, failure.message);
    return failure.exitCode;
  }
}

/** One run's state: who it is, its logger, its stop signal and its time budget. */
interface Run {
  readonly job: Job;
  readonly config: JobConfig;
  readonly options: RunJobOptions;
  readonly runId: string;
  readonly startedAt: Date;
  readonly clock: Clock;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly reconnect: ReconnectWindow;
  readonly softDeadlineMs: number;
  stop(reason: PontualError): void;
  elapsedMs(): number;
  /** Time left before the kubelet kills the pod at activeDeadlineSeconds. */
  untilHardDeadlineMs(): number;
  /** Logs the finish line and returns the exit code. */
  finish(outcome: RunEnding, summary?: RunReport): number;
}

function openRun(job: Job, config: JobConfig, options: RunJobOptions): Run {
  const clock = options.clock ?? systemClock;
  const monotonicMs = options.monotonicMs ?? (() => performance.now());
  const startedMs = monotonicMs();
  const runId = randomUuid();
  const log = createLogger({ level: config.logLevel, destination: options.logDestination }).child({ job: job.name, runId });
  const controller = new AbortController();
  const elapsedMs = () => Math.round(monotonicMs() - startedMs);
  const stop = (reason: PontualError) => {
    if (controller.signal.aborted) return;
    log.warn({ code: reason.code }, `${reason.message}: stopping the run`);
    controller.abort(reason);
  };
  const unsubscribe = (options.process ?? processHooks).onStopSignal((signal) => {
    stop(new PontualError('TERMINATED', `${signal} received`));
  });
  // The line is already bound to the catalog's `job`: the Kubernetes Job's name is `kubeJob`, as in the ledger.
  const { job: kubeJob, ...kube } = config.kube;
  log.info(
    {
      timeoutSeconds: job.timeoutSeconds,
      ...kube,
      ...(kubeJob === undefined ? {} : { kubeJob }),
      ...(config.asOf ? { asOf: config.asOf.toISOString() } : {}),
    },
    'run started',
  );
  return {
    job,
    config,
    options,
    runId,
    startedAt: clock.now(),
    clock,
    log,
    signal: controller.signal,
    reconnect: { until: undefined },
    softDeadlineMs: options.softDeadlineMs ?? softDeadlineMs(job.timeoutSeconds),
    stop,
    elapsedMs,
    untilHardDeadlineMs: () => job.timeoutSeconds * 1000 - elapsedMs(),
    finish(outcome, summary) {
      unsubscribe();
      const line = { outcome: outcome.outcome, exitCode: outcome.exitCode, durationMs: elapsedMs(), ...summary };
      const { error } = outcome;
      if (error === undefined) log.info(line, `run finished: ${outcome.outcome}`);
      // `err` through the logger's serializer: the stack and the cause chain (the socket error
      // behind a REDIS_UNAVAILABLE, the network error behind a SOURCE_UNAVAILABLE). The logger
      // redacts credentials and Redis command arguments (core/redact.ts).
      else log.error({ ...line, code: error.code, err: error }, `run finished: ${outcome.outcome}: ${error.message}`);
      return outcome.exitCode;
    },
  };
}

/**
 * Connects failing fast (nothing is lost yet), then opens the reconnection window: from here on a
 * dropped connection is retried with backoff until two seconds before activeDeadlineSeconds, so
 * that even a run stopped by the soft deadline can still release its lock and record itself.
 */
async function connect(run: Run): Promise<{ redis: Redis } | { ended: RunEnding }> {
  const redis = (run.options.createRedis ?? createRedisClient)(run.config.redisUrl, run.reconnect);
  try {
    await untilAborted(connectRedis(redis, run.config.redisUrl), run.signal);
  } catch (error) {
    redis.disconnect();
    return { ended: decideOutcome({ ok: false, error }, run.signal.reason) };
  }
  run.reconnect.until = Date.now() + run.untilHardDeadlineMs() - 2_000;
  let dropped = false;
  redis.on('reconnecting', () => {
    if (!dropped) run.log.warn('the connection to Redis dropped: reconnecting');
    dropped = true;
  });
  redis.on('ready', () => {
    if (dropped) run.log.info('reconnected to Redis');
    dropped = false;
  });
  run.log.debug({ redis: describeRedisUrl(run.config.redisUrl) }, 'connected to Redis');
  return { redis };
}

/** Who this run is, in the lock, its open entry and its ledger entry. */
function identity(run: Run) {
  const { kube } = run.config;
  return {
    runId: run.runId,
    job: run.job.name,
    ...(kube.job === undefined ? {} : { kubeJob: kube.job }),
    ...(kube.pod === undefined ? {} : { pod: kube.pod }),
    ...(kube.namespace === undefined ? {} : { namespace: kube.namespace }),
    startedAt: run.startedAt.toISOString(),
  };
}

/**
 * The lock, or the outcome when the run goes no further: `skipped` (recorded) only when a
 * different run holds the lock and heartbeats it; a failure when Redis did not answer. Records
 * the runs it found abandoned.
 */
async function takeLock(run: Run, redis: Redis): Promise<{ lock: HeldLock } | { ended: RunEnding }> {
  const prefix = run.config.keyPrefix;
  let attempt;
  try {
    attempt = await untilAborted(
      acquireLock(redis, {
        key: lockKey(prefix, run.job.name),
        openRunsKey: openRunsKey(prefix, run.job.name),
        run: identity(run),
        ...(run.options.lock === undefined ? {} : run.options.lock),
        now: () => run.clock.now(),
        onLost: () => {
          run.stop(new PontualError('LOCK_LOST', 'another run took the lock over (this run missed its heartbeats)'));
        },
        onHeartbeatProblem: (problem) => {
          run.log.warn(`lock heartbeat: ${problem}`);
        },
      }),
      run.signal,
    );
  } catch (error) {
    return { ended: decideOutcome({ ok: false, error }, run.signal.reason) };
  }
  if (attempt.kind === 'held') {
    const { holder } = attempt;
    run.log.info(
      {
        holder: holder === undefined ? 'unknown' : { runId: holder.runId, kubeJob: holder.kubeJob, pod: holder.pod, startedAt: holder.startedAt },
        lockTtlMs: attempt.ttlMs,
      },
      'another run of this job holds the lock: skipping',
    );
    await record(run, redis, SKIPPED);
    return { ended: SKIPPED };
  }
  if (attempt.tookOverFrom !== undefined) {
    const { runId, pod } = attempt.tookOverFrom;
    run.log.warn({ previous: { runId, pod } }, 'took the lock over from an earlier pod of this Kubernetes Job');
  }
  if (attempt.abandoned.length > 0 || attempt.unreadableOpenRuns.length > 0) {
    const entries = attempt.abandoned.map((open) => abandonedEntry(open, run.runId));
    for (const entry of entries) run.log.warn({ abandonedRunId: entry.runId, pod: entry.pod }, entry.errorMessage ?? 'abandoned run');
    await appendEntriesToLedger(redis, prefix, run.job.name, entries, attempt.unreadableOpenRuns).catch((error: unknown) => {
      run.log.error({ err: error }, 'the abandoned runs could not be recorded; the next run records them');
    });
  }
  return { lock: attempt.lock };
}

type Settled = { ok: true; summary: RunReport } | { ok: false; error: unknown };

/** Runs the job under the soft deadline; returns what it settled with. */
async function execute(run: Run, redis: Redis, lock: HeldLock): Promise<Settled> {
  const deadline = setTimeout(
    () => {
      run.stop(new PontualError('DEADLINE_EXCEEDED', `soft deadline reached after ${run.softDeadlineMs} ms (timeout ${run.job.timeoutSeconds} s)`));
    },
    Math.max(0, run.softDeadlineMs - run.elapsedMs()),
  );
  const { config } = run;
  const timeLeftMs = () => run.softDeadlineMs - run.elapsedMs();
  const ctx: JobContext = {
    log: run.log,
    signal: run.signal,
    config,
    redis,
    sources: (run.options.createSources ?? defaultSources)(config, run.signal, timeLeftMs),
    clock: config.asOf === undefined ? run.clock : fixedClock(config.asOf),
    runId: run.runId,
    spec: run.job,
    fence: lock.fence,
    timeLeftMs,
  };
  // performance.now() counts from the process' start: what a pod spends before the job's own work
  // (node, the bundle, config, Redis, lock, ledger). npm run bench:startup reads it, in the image too.
  run.log.debug({ startupMs: Math.round(performance.now() * 10) / 10 }, 'calling the job');
  try {
    return await settle(run.job, ctx, run.options.stopGraceMs ?? 3_000);
  } finally {
    clearTimeout(deadline);
  }
}

/** Releases the lock and records the run, within what is left of the pod's time. */
async function closeRun(run: Run, redis: Redis, outcome: RunEnding, lock: HeldLock): Promise<void> {
  const stoppedBySigterm = outcome.error?.code === 'TERMINATED';
  const budgetMs = stoppedBySigterm ? CLEANUP_AFTER_SIGTERM_MS : Math.max(1_000, run.untilHardDeadlineMs() - 1_000);
  await withTimeout(lock.release(), budgetMs, 'releasing the lock').catch((error: unknown) => {
    run.log.error({ err: error }, 'the lock could not be released; it expires on its own within seconds');
  });
  await withTimeout(record(run, redis, outcome), budgetMs, 'recording the run').catch((error: unknown) => {
    run.log.error({ err: error }, 'the run could not be recorded in the ledger; the next run records it as abandoned');
  });
  await quit(redis);
}

/** Appends the run to the ledger; a failure is logged: the run's open entry lets the next run record it. */
async function record(run: Run, redis: Redis, outcome: RunEnding): Promise<void> {
  const entry: LedgerEntry = {
    ...identity(run),
    finishedAt: run.clock.now().toISOString(),
    durationMs: run.elapsedMs(),
    outcome: outcome.outcome,
    exitCode: outcome.exitCode,
    ...(outcome.error === undefined ? {} : { errorCode: outcome.error.code, errorMessage: outcome.error.message }),
  };
  await appendToLedger(redis, run.config.keyPrefix, entry).catch((error: unknown) => {
    run.log.error({ err: error }, 'the run could not be recorded in the ledger; the next run records it as abandoned');
  });
}

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

async function quit(redis: Redis): Promise<void> {
  const timer = setTimeout(() => {
    redis.disconnect();
  }, 1_000);
  await redis.quit().catch(() => {
    redis.disconnect();
  });
  clearTimeout(timer);
}
