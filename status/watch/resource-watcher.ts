/**
 * List + watch of one resource kind, decoding each object straight into its compact record: no
 * informer cache of objects, only the records the model keeps (and a map of them by key, to know
 * what a re-list no longer shows).
 *
 * The list is the API server's streaming list when it serves one (a watch with
 * `sendInitialEvents=true`: the current objects arrive as ADDED events, one at a time, ended by a
 * bookmark annotated `k8s.io/initial-events-end`), and paged lists (500 per page) on servers that
 * refuse it. Then the watch resumes from the last resourceVersion whenever the server ends it.
 *
 * Repairs: 410 Gone (the resourceVersion was compacted) lists again at once; any other error
 * restarts with capped exponential backoff; a watch that sees neither an event, a bookmark nor a
 * reconnection for `watchdogMs` is restarted by a watchdog. Every restart lists again, says it is
 * synced only once that list is applied, and drops from the model what the list no longer shows
 * (deletions missed while disconnected). A restart abandons the session it replaces: that
 * session's abort is never taken for a new error.
 */
import type { Logger } from '../../core/logger.ts';
import type { ResourceKind, WatchEventType } from '../../core/model/cluster-model.ts';
import { KubeStatusError, type KubeClient, type Query } from '../kube-client.ts';
import { readWatchEvents, type WatchObject } from './watch-events.ts';

export interface WatchHealth {
  readonly resource: ResourceKind;
  /** Listed and watching; false from an error or a restart until the next successful list. */
  synced: boolean;
  events: number;
  restarts: number;
  lastEventAt: number | undefined;
  /** Last event, bookmark or (re)connection: what the watchdog looks at. */
  lastActivityAt: number;
}

/** Whether the API server serves streaming lists; learnt by the first watcher that asks, shared by all. */
export interface ListSupport {
  streaming: boolean | undefined;
}

export interface ResourceWatcherOptions<R> {
  readonly resource: ResourceKind;
  readonly client: KubeClient;
  /** List and watch path, e.g. /apis/batch/v1/namespaces/pontual/jobs. */
  readonly path: string;
  readonly labelSelector: string;
  /** One object as the API sends it (JSON) to its compact record. */
  readonly decode: (obj: unknown) => R;
  /** Identity of a record (namespace/name). */
  readonly keyOf: (record: R) => string;
  readonly onEvent: (type: WatchEventType, record: R) => void;
  readonly logger: Logger;
  readonly listSupport?: ListSupport;
  readonly pageSize?: number;
  readonly now?: () => number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Restart a watch with no event, bookmark or reconnection for this long (bookmarks come about every minute). */
  readonly watchdogMs?: number;
  /** How often the watchdog looks (default a quarter of `watchdogMs`, at least 1 s). */
  readonly watchdogCheckMs?: number;
  /** Server-side watch timeout; the watch resumes from its resourceVersion after it (default 5 to 10 minutes, as client-go). */
  readonly watchTimeoutSeconds?: () => number;
}

export interface ResourceWatcher {
  readonly health: WatchHealth;
  start(): Promise<void>;
  stop(): Promise<void>;
}

const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

type StreamEnd = { readonly kind: 'closed'; readonly resourceVersion: string } | { readonly kind: 'expired' };

class Replaced extends Error {}

/** A function, not `signal.aborted` inline: the signal changes across awaits, which narrowing cannot see. */
function throwIfReplaced(signal: AbortSignal): void {
  if (signal.aborted) throw new Replaced();
}

export function createResourceWatcher<R>(options: ResourceWatcherOptions<R>): ResourceWatcher {
  const now = options.now ?? Date.now;
  const backoff = options.backoff ?? { initialMs: 1_000, maxMs: 30_000 };
  const watchdogMs = options.watchdogMs ?? 120_000;
  const watchdogCheckMs = options.watchdogCheckMs ?? Math.max(1_000, Math.floor(watchdogMs / 4));
  const watchTimeout = options.watchTimeoutSeconds ?? (() => 300 + Math.floor(Math.random() * 300));
  const pageSize = options.pageSize ?? 500;
  const listSupport = options.listSupport ?? { streaming: undefined };
  const log = options.logger.child({ resource: options.resource });
  const health: WatchHealth = { resource: options.resource, synced: false, events: 0, restarts: 0, lastEventAt: undefined, lastActivityAt: now() };
  let stopped = true;
  let delayMs = backoff.initialMs;
  let restartTimer: NodeJS.Timeout | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  /** The session in charge; a replaced one stops at its next step. */
  let session: AbortController | undefined;
  /** What the model holds from this watcher, by key. */
  let known = new Map<string, R>();

  const apply = (type: WatchEventType, record: R): void => {
    health.events += 1;
    health.lastEventAt = now();
    health.lastActivityAt = health.lastEventAt;
    try {
      options.onEvent(type, record);
    } catch (error) {
      log.error({ err: error, key: options.keyOf(record) }, 'could not apply a watch event');
    }
  };

  /** One watch request, its events handed on as they arrive; resolves when the server ends it. */
  async function watch(
    query: Query,
    signal: AbortSignal,
    onObject: (type: WatchEventType, obj: unknown) => void,
    onBookmark: (obj: WatchObject) => void,
  ): Promise<StreamEnd> {
    const response = await options.client.stream(
      options.path,
      { watch: 1, allowWatchBookmarks: true, labelSelector: options.labelSelector, timeoutSeconds: watchTimeout(), ...query },
      signal,
    );
    throwIfReplaced(signal);
    health.lastActivityAt = now();
    let resourceVersion = typeof query.resourceVersion === 'string' ? query.resourceVersion : '';
    try {
      for await (const event of readWatchEvents(response)) {
        throwIfReplaced(signal);
        if (event.type === 'ERROR') {
          if (event.object.code === 410) return { kind: 'expired' };
          throw new KubeStatusError(event.object.code ?? 500, event.object.reason, `watch ${options.path}: ${event.object.message ?? 'ERROR event'}`);
        }
        resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion;
        health.lastActivityAt = now();
        if (event.type === 'BOOKMARK') onBookmark(event.object);
        else onObject(event.type, event.object);
      }
    } finally {
      response.destroy();
    }
    throwIfReplaced(signal);
    return { kind: 'closed', resourceVersion };
  }

  /** A listed object: applied now, remembered as listed. `known` has it too, should this list be abandoned half-way. */
  function listedObject(listed: Map<string, R>, obj: unknown): void {
    const record = options.decode(obj);
    const key = options.keyOf(record);
    listed.set(key, record);
    known.set(key, record);
    apply('ADDED', record);
  }

  /** Drops what the list no longer shows (also what an abandoned list had added); then the watcher is synced. */
  function finishList(listed: Map<string, R>): void {
    for (const [key, record] of known) if (!listed.has(key)) apply('DELETED', record);
    known = listed;
    health.synced = true;
    health.lastActivityAt = now();
    delayMs = backoff.initialMs;
  }

  function live(signal: AbortSignal) {
    return (type: WatchEventType, obj: unknown): void => {
      if (signal.aborted) return;
      const record = options.decode(obj);
      const key = options.keyOf(record);
      if (type === 'DELETED') known.delete(key);
      else known.set(key, record);
      apply(type, record);
    };
  }

  async function pagedList(signal: AbortSignal, listed: Map<string, R>): Promise<string> {
    let token: string | undefined;
    let resourceVersion = '';
    do {
      const page = (await options.client.getJson(options.path, { labelSelector: options.labelSelector, limit: pageSize, continue: token }, signal)) as {
        items?: unknown[];
        metadata?: { resourceVersion?: string; continue?: string };
      };
      throwIfReplaced(signal);
      for (const item of page.items ?? []) listedObject(listed, item);
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      token = page.metadata?.continue;
    } while (token !== undefined && token !== '');
    return resourceVersion;
  }

  /** List then watch, re-listing after 410, until an error (thrown) or replacement. */
  async function runSession(signal: AbortSignal): Promise<void> {
    const onLive = live(signal);
    for (;;) {
      const listed = new Map<string, R>();
      // Set from the bookmark callback: an object, so the checks after the await read it afresh.
      const list = { synced: false };
      let resourceVersion = '';
      if (listSupport.streaming !== false) {
        try {
          const end = await watch(
            { sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' },
            signal,
            (type, obj) => {
              if (list.synced) onLive(type, obj);
              else listedObject(listed, obj);
            },
            (bookmark) => {
              if (list.synced || bookmark.metadata?.annotations?.[INITIAL_EVENTS_END] !== 'true') return;
              listSupport.streaming = true;
              list.synced = true;
              finishList(listed);
            },
          );
          if (end.kind === 'expired') continue;
          if (!list.synced) throw new Error('the streaming list ended before its initial events did');
          resourceVersion = end.resourceVersion;
        } catch (error) {
          // A server without streaming lists refuses sendInitialEvents (422 Invalid, or 400): page instead, from now on.
          if (list.synced || listSupport.streaming === true || !(error instanceof KubeStatusError) || (error.status !== 400 && error.status !== 422))
            throw error;
          listSupport.streaming = false;
          log.info({ err: error }, 'the API server does not serve streaming lists; listing in pages');
        }
      }
      if (!list.synced) {
        resourceVersion = await pagedList(signal, listed);
        finishList(listed);
      }
      for (;;) {
        const end = await watch({ resourceVersion }, signal, onLive, () => undefined);
        if (end.kind === 'expired') {
          log.info('watch expired (410 Gone); listing again');
          break;
        }
        resourceVersion = end.resourceVersion;
      }
    }
  }

  function scheduleRestart(): void {
    if (restartTimer !== undefined || stopped) return;
    const wait = delayMs;
    delayMs = Math.min(delayMs * 2, backoff.maxMs);
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      health.restarts += 1;
      run();
    }, wait);
  }

  /** Replaces the session in charge with a fresh one, which lists before it watches. */
  function run(): void {
    session?.abort();
    const controller = new AbortController();
    session = controller;
    health.synced = false;
    runSession(controller.signal).catch((error: unknown) => {
      if (controller !== session || stopped || error instanceof Replaced) return;
      health.synced = false;
      log.warn({ err: error, retryInMs: delayMs }, 'watch failed; restarting');
      scheduleRestart();
    });
  }

  return {
    health,
    start() {
      stopped = false;
      health.lastActivityAt = now();
      watchdog = setInterval(() => {
        if (stopped || restartTimer !== undefined || now() - health.lastActivityAt < watchdogMs) return;
        log.warn({ silentForMs: now() - health.lastActivityAt }, 'watch went silent; restarting');
        health.restarts += 1;
        health.lastActivityAt = now();
        run();
      }, watchdogCheckMs);
      watchdog.unref();
      run();
      return Promise.resolve();
    },
    stop() {
      stopped = true;
      if (restartTimer !== undefined) clearTimeout(restartTimer);
      restartTimer = undefined;
      if (watchdog !== undefined) clearInterval(watchdog);
      session?.abort();
      session = undefined;
      return Promise.resolve();
    },
  };
}
