/**
 * The status service's picture of the cluster: compact records of the suite's CronJobs, Jobs and
 * Pods, kept current by applying watch events, plus what must outlive deleted Jobs (run history,
 * started schedule times, missed-run tallies). Everything shown is derived from it on request
 * (summarize.ts). Mutated only through the functions here.
 */
import type { LedgerEntry } from '../run-ledger.ts';
import { jobOutcome } from './job-outcome.ts';
import { ledgerOutcome } from './ledger-outcome.ts';
import { toCronJobRecord, toJobRecord, toPodRecord, type CronJobRecord, type JobRecord, type PodRecord } from './records.ts';
import { createRunHistory, markSkipped, recordRun, refineRun, SKIPPED_REASON, type RunHistory } from './run-history.ts';
import { CONTROLLER_MARGIN_MS, scheduleHealth } from './schedule-health.ts';
import { createScheduleTimes, type ScheduleTimes } from './schedule-times.ts';
import { compareText } from './compare-text.ts';

export { toCronJobRecord, toJobRecord, toPodRecord };
export type { CronJobRecord, JobRecord, PodRecord };

export type ResourceKind = 'cronjobs' | 'jobs' | 'pods';
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** What the model keeps per CronJob beyond its record; created by whichever object arrives first. */
export interface CronJobTrack {
  readonly history: RunHistory;
  /** Schedule times a Job was created for (pruned as they are judged). */
  readonly startedTimes: Set<number>;
  /** Schedule times at or before this are judged: counted in `missedBefore` or started. */
  judgedFrom: number | undefined;
  /** Not this CronJob's to run before: creation, or the last time it was resumed. */
  notBefore: number;
  missedBefore: number;
  /** Jobs counted in the history, so a Job is counted once across updates and re-lists. */
  readonly countedJobs: Set<string>;
  /**
   * Names of the Jobs counted either way (watch or ledger), newest last, bounded; they outlive
   * the Jobs' deletion so a ledger entry of a run the watch counted is not counted again.
   */
  readonly countedRuns: Set<string>;
  /** Names of the Jobs counted from the ledger (the watch never saw them finish), newest last, bounded. */
  readonly ledgerRuns: Set<string>;
  /** Jobs the ledger says were skipped (the lock was held), newest last, bounded: their completion is not a success. */
  readonly skippedJobs: Set<string>;
  /** Skipped ledger runs without a Kubernetes Job counted, and the finish time of the newest (entries arrive in order). */
  skippedCount: number;
  skippedThrough: string;
}

/** Skipped and counted Job names remembered per CronJob: the ledger reader's window (50 entries) is smaller. */
const SKIPPED_JOBS_KEPT = 200;

/**
 * Where judging a CronJob's schedule times starts when the model first sees it:
 * - `recent` (the status service, which keeps watching): a starting deadline plus the controller's
 *   margin before now, the times whose Jobs the initial list still shows;
 * - `last-schedule` (a one-shot snapshot, the CLI): after the CronJob's `status.lastScheduleTime`,
 *   else its creation — every later time the controller let pass without a Job is missed — but
 *   no further back than JUDGE_LOOKBACK_MS, so a per-minute schedule stays a short walk.
 */
export type JudgeFrom = 'recent' | 'last-schedule';

/** How far back `last-schedule` judges at most: a day. */
export const JUDGE_LOOKBACK_MS = 24 * 60 * 60 * 1000;

export interface ClusterModel {
  readonly cronJobs: Map<string, CronJobRecord>;
  readonly jobs: Map<string, JobRecord>;
  readonly pods: Map<string, PodRecord>;
  readonly jobsByCronJob: Map<string, Set<string>>;
  readonly podsByJob: Map<string, Set<string>>;
  readonly tracks: Map<string, CronJobTrack>;
  readonly scheduleTimes: Map<string, ScheduleTimes | Error>;
  readonly now: () => Date;
  readonly judgeFrom: JudgeFrom;
  /**
   * Completed Jobs are held here, by Job key, until the run ledger has been read (`awaitLedger`):
   * a skipped run's Job completes too, and a run counted as succeeded cannot be un-counted
   * without a Prometheus counter going down.
   */
  readonly awaitLedger: boolean;
  readonly unclassifiedJobs: Map<string, JobRecord>;
  /**
   * Ledger entries of Kubernetes runs that finished at or after this (ms) and that the watch never
   * counted are counted from the ledger (a Job that finished and was deleted while the watch was
   * down). Undefined: the ledger only refines what the watch counts (a one-shot snapshot).
   */
  readonly countLedgerRunsFrom: number | undefined;
}

export interface ClusterModelOptions {
  readonly now?: () => Date;
  /** Default `recent`. */
  readonly judgeFrom?: JudgeFrom;
  /** Count a completed Job only after `classifyRuns` (the service with a run ledger). Default false. */
  readonly awaitLedger?: boolean;
  /** See ClusterModel.countLedgerRunsFrom; the service passes its start. */
  readonly countLedgerRunsFrom?: number;
}

export function createClusterModel(options: ClusterModelOptions = {}): ClusterModel {
  return {
    cronJobs: new Map(),
    jobs: new Map(),
    pods: new Map(),
    jobsByCronJob: new Map(),
    podsByJob: new Map(),
    tracks: new Map(),
    scheduleTimes: new Map(),
    now: options.now ?? (() => new Date()),
    judgeFrom: options.judgeFrom ?? 'recent',
    awaitLedger: options.awaitLedger ?? false,
    unclassifiedJobs: new Map(),
    countLedgerRunsFrom: options.countLedgerRunsFrom,
  };
}

export function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function applyEvent(model: ClusterModel, kind: 'cronjobs', type: WatchEventType, record: CronJobRecord): void;
export function applyEvent(model: ClusterModel, kind: 'jobs', type: WatchEventType, record: JobRecord): void;
export function applyEvent(model: ClusterModel, kind: 'pods', type: WatchEventType, record: PodRecord): void;
export function applyEvent(model: ClusterModel, kind: ResourceKind, type: WatchEventType, record: CronJobRecord | JobRecord | PodRecord): void {
  if (kind === 'cronjobs') applyCronJob(model, type, record as CronJobRecord);
  else if (kind === 'jobs') applyJob(model, type, record as JobRecord);
  else applyPod(model, type, record as PodRecord);
}

/** The parsed schedule of a CronJob, or the error that makes it unusable (shown, never thrown). */
export function scheduleTimesOf(model: ClusterModel, cronJob: CronJobRecord): ScheduleTimes | Error {
  const timeZone = cronJob.timeZone ?? 'UTC';
  const key = `${timeZone} ${cronJob.schedule}`;
  let times = model.scheduleTimes.get(key);
  if (times === undefined) {
    try {
      times = createScheduleTimes(cronJob.schedule, timeZone);
    } catch (error) {
      times = error instanceof Error ? error : new Error(String(error));
    }
    model.scheduleTimes.set(key, times);
  }
  return times;
}

function track(model: ClusterModel, key: string): CronJobTrack {
  let found = model.tracks.get(key);
  if (found === undefined) {
    found = {
      history: createRunHistory(),
      startedTimes: new Set(),
      judgedFrom: undefined,
      notBefore: 0,
      missedBefore: 0,
      countedJobs: new Set(),
      countedRuns: new Set(),
      ledgerRuns: new Set(),
      skippedJobs: new Set(),
      skippedCount: 0,
      skippedThrough: '',
    };
    model.tracks.set(key, found);
  }
  return found;
}

function applyCronJob(model: ClusterModel, type: WatchEventType, record: CronJobRecord): void {
  const key = objectKey(record.namespace, record.name);
  if (type === 'DELETED') {
    model.cronJobs.delete(key);
    model.tracks.delete(key);
    return;
  }
  const previous = model.cronJobs.get(key);
  const now = model.now().getTime();
  const rescheduled = previous !== undefined && (previous.schedule !== record.schedule || previous.timeZone !== record.timeZone);
  // Misses already final under the old schedule stay counted; its pending times are no longer due.
  if (rescheduled) settleCronJob(model, key, now);
  model.cronJobs.set(key, record);
  const state = track(model, key);
  if (record.lastScheduleTime !== undefined) state.startedTimes.add(record.lastScheduleTime);
  if (previous === undefined) {
    state.notBefore = record.createdAt ?? now;
    state.judgedFrom = Math.max(state.notBefore, firstJudged(model.judgeFrom, record, now));
  } else if (previous.suspended !== record.suspended || rescheduled) {
    // Suspended time is not judged, and a new schedule's earlier times were never due: fold what
    // is final, then start afresh from now.
    if (record.suspended && !rescheduled) settleCronJob(model, key, now);
    if (!record.suspended) state.notBefore = now;
    state.judgedFrom = now;
  }
}

function firstJudged(judgeFrom: JudgeFrom, record: CronJobRecord, now: number): number {
  if (judgeFrom === 'last-schedule') return Math.max(record.lastScheduleTime ?? record.createdAt ?? now, now - JUDGE_LOOKBACK_MS);
  return now - ((record.startingDeadlineSeconds ?? 0) * 1000 + CONTROLLER_MARGIN_MS);
}

function applyJob(model: ClusterModel, type: WatchEventType, record: JobRecord): void {
  const key = objectKey(record.namespace, record.name);
  const cronKey = record.cronJob === undefined ? undefined : objectKey(record.namespace, record.cronJob);
  if (type === 'DELETED') {
    model.jobs.delete(key);
    if (cronKey !== undefined) {
      model.jobsByCronJob.get(cronKey)?.delete(key);
      model.tracks.get(cronKey)?.countedJobs.delete(record.uid);
    }
    return;
  }
  model.jobs.set(key, record);
  if (cronKey === undefined) return;
  let siblings = model.jobsByCronJob.get(cronKey);
  if (siblings === undefined) model.jobsByCronJob.set(cronKey, (siblings = new Set()));
  siblings.add(key);
  const state = track(model, cronKey);
  if (record.scheduledAt !== undefined) state.startedTimes.add(record.scheduledAt);
  if (record.finished === undefined || state.countedJobs.has(record.uid)) return;
  // Counted from the ledger while the watch could not see it: the same run, not another.
  if (state.ledgerRuns.has(record.name)) {
    state.countedJobs.add(record.uid);
    return;
  }
  if (model.awaitLedger && record.finished.type === 'Complete' && !state.skippedJobs.has(record.name)) model.unclassifiedJobs.set(key, record);
  else countRun(model, state, key, record);
}

function countRun(model: ClusterModel, state: CronJobTrack, key: string, record: JobRecord): void {
  if (record.finished === undefined) return;
  state.countedJobs.add(record.uid);
  remember(state.countedRuns, record.name);
  const result = jobOutcome(record, podsOf(model, key));
  const finishedAt = record.finished.at ?? model.now().getTime();
  const skipped = result.outcome === 'succeeded' && state.skippedJobs.has(record.name);
  recordRun(state.history, {
    ...result,
    ...(skipped ? { reason: SKIPPED_REASON } : {}),
    outcome: skipped ? 'skipped' : result.outcome === 'succeeded' ? 'succeeded' : 'failed',
    job: record.name,
    manual: record.manual,
    scheduledAt: record.scheduledAt,
    startedAt: record.startedAt,
    finishedAt,
    durationSeconds: record.startedAt === undefined ? undefined : Math.max(0, (finishedAt - record.startedAt) / 1000),
  });
}

/**
 * Counts completed Jobs held for the ledger (`awaitLedger`), as succeeded or, when the ledger
 * says so, skipped. Call with the Jobs held before a ledger read started and after its entries
 * were applied: the job runtime writes its entry before the pod exits, so that read had it.
 */
export function classifyRuns(model: ClusterModel, jobKeys: Iterable<string>): void {
  for (const key of jobKeys) {
    const record = model.unclassifiedJobs.get(key);
    model.unclassifiedJobs.delete(key);
    const state = record?.cronJob === undefined ? undefined : model.tracks.get(objectKey(record.namespace, record.cronJob));
    if (record !== undefined && state !== undefined && !state.countedJobs.has(record.uid) && !state.ledgerRuns.has(record.name))
      countRun(model, state, key, record);
  }
}

function applyPod(model: ClusterModel, type: WatchEventType, record: PodRecord): void {
  const key = objectKey(record.namespace, record.name);
  const jobKey = record.jobName === undefined ? undefined : objectKey(record.namespace, record.jobName);
  if (type === 'DELETED') {
    model.pods.delete(key);
    if (jobKey !== undefined) {
      const pods = model.podsByJob.get(jobKey);
      pods?.delete(key);
      if (pods?.size === 0) model.podsByJob.delete(jobKey);
    }
    return;
  }
  model.pods.set(key, record);
  if (jobKey === undefined) return;
  let pods = model.podsByJob.get(jobKey);
  if (pods === undefined) model.podsByJob.set(jobKey, (pods = new Set()));
  pods.add(key);
  // A pod's exit code can arrive after its Job's terminal condition: complete the recorded run.
  const job = model.jobs.get(jobKey);
  if (job?.finished?.type === 'Failed' && job.cronJob !== undefined && record.exitCode !== undefined) {
    const result = jobOutcome(job, podsOf(model, jobKey));
    const history = model.tracks.get(objectKey(job.namespace, job.cronJob))?.history;
    if (history !== undefined) {
      refineRun(history, job.name, {
        reason: result.reason,
        ...(result.exitCode === undefined ? {} : { exitCode: result.exitCode }),
        ...(result.message === undefined ? {} : { message: result.message }),
      });
    }
  }
}

export function podsOf(model: ClusterModel, jobKey: string): PodRecord[] {
  const pods: PodRecord[] = [];
  for (const podKey of model.podsByJob.get(jobKey) ?? []) {
    const pod = model.pods.get(podKey);
    if (pod !== undefined) pods.push(pod);
  }
  return pods;
}

/** Folds missed-run judgements that are final, so later evaluations walk only recent times. */
export function settleSchedules(model: ClusterModel): void {
  const now = model.now().getTime();
  for (const key of model.cronJobs.keys()) settleCronJob(model, key, now);
}

function settleCronJob(model: ClusterModel, key: string, now: number): void {
  const cronJob = model.cronJobs.get(key);
  const state = model.tracks.get(key);
  if (cronJob === undefined || state === undefined || state.judgedFrom === undefined || cronJob.suspended) return;
  const times = scheduleTimesOf(model, cronJob);
  if (times instanceof Error) return;
  const health = scheduleHealth({
    times,
    startingDeadlineSeconds: cronJob.startingDeadlineSeconds,
    anchor: cronJob.lastScheduleTime ?? cronJob.createdAt ?? state.notBefore,
    judgedFrom: state.judgedFrom,
    notBefore: state.notBefore,
    startedTimes: state.startedTimes,
    now,
  });
  const settled = health.settledThrough;
  state.missedBefore += health.missed.filter((time) => time <= settled).length;
  state.judgedFrom = settled;
  for (const time of state.startedTimes) if (time < settled) state.startedTimes.delete(time);
}

/**
 * Counts ledger runs that found the lock held (skipped), each once. The Job of such a run
 * completes like a success: it is counted as skipped instead, whether the ledger entry arrives
 * before the Job is counted or after (then it moves from succeeded to skipped: the service
 * avoids that with `awaitLedger`). Idempotent: the same entries are applied on every poll.
 */
export function applyLedgerEntries(model: ClusterModel, namespace: string, entries: readonly LedgerEntry[]): void {
  const oldestFirst = [...entries].sort((a, b) => compareText(a.finishedAt, b.finishedAt));
  for (const entry of oldestFirst) {
    if (entry.outcome !== 'skipped') continue;
    const state = model.tracks.get(objectKey(entry.namespace ?? namespace, entry.job));
    if (state === undefined) continue;
    if (entry.kubeJob !== undefined) {
      remember(state.skippedJobs, entry.kubeJob);
      markSkipped(state.history, entry.kubeJob);
    } else if (entry.finishedAt > state.skippedThrough) {
      state.skippedThrough = entry.finishedAt;
      state.skippedCount += 1;
    }
  }
}

/** Adds a name to a bounded, oldest-first set. */
function remember(names: Set<string>, name: string): void {
  if (names.has(name)) return;
  names.add(name);
  for (const oldest of names) {
    if (names.size <= SKIPPED_JOBS_KEPT) break;
    names.delete(oldest);
  }
}

/**
 * Counts the runs the watch never saw finish, from the ledger: a Job that finished and was
 * deleted (or was created, finished and deleted) while the watch was down is gone from the
 * re-list, but the job runtime wrote its entry. Keyed by the Job's name, shared with the watch
 * (`countedRuns`, `ledgerRuns`), so a run counts once whichever side sees it first. A Job the
 * model still holds is left to the watch while the watch is current (`jobsWatched`; it knows
 * Kubernetes' reason); while it is not, the model's copy may be a Job long gone, and the ledger
 * decides. Idempotent: the same entries come back every poll.
 */
export function countLedgerRuns(
  model: ClusterModel,
  namespace: string,
  entries: readonly LedgerEntry[],
  options: { readonly jobsWatched: boolean } = { jobsWatched: true },
): void {
  const from = model.countLedgerRunsFrom;
  if (from === undefined) return;
  const oldestFirst = [...entries].sort((a, b) => compareText(a.finishedAt, b.finishedAt));
  for (const entry of oldestFirst) {
    if (entry.kubeJob === undefined) continue;
    const entryNamespace = entry.namespace ?? namespace;
    const state = model.tracks.get(objectKey(entryNamespace, entry.job));
    const finishedAt = Date.parse(entry.finishedAt);
    if (state === undefined || !Number.isFinite(finishedAt) || finishedAt < from) continue;
    const jobKey = objectKey(entryNamespace, entry.kubeJob);
    if (state.countedRuns.has(entry.kubeJob) || model.unclassifiedJobs.has(jobKey) || (options.jobsWatched && model.jobs.has(jobKey))) continue;
    const startedAt = Date.parse(entry.startedAt);
    const result = ledgerOutcome(entry);
    remember(state.countedRuns, entry.kubeJob);
    remember(state.ledgerRuns, entry.kubeJob);
    recordRun(state.history, {
      outcome: result.outcome,
      reason: result.reason,
      exitCode: entry.exitCode,
      ...(entry.errorMessage === undefined ? {} : { message: entry.errorMessage }),
      job: entry.kubeJob,
      manual: false,
      scheduledAt: undefined,
      startedAt: Number.isFinite(startedAt) ? startedAt : undefined,
      finishedAt,
      durationSeconds: entry.durationMs / 1000,
    });
  }
}
