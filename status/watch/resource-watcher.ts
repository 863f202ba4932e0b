/**
 * List + watch of one resource kind with the repairs client-node's informer needs: it stops on
 * any error other than 410 Gone (restart it with capped backoff), and a watch can go quiet
 * without failing (a watchdog restarts it). Every restart is a fresh informer that lists again:
 * the old one would resume from its resourceVersion without listing, so nothing would say the
 * cache is whole again, and deletions made while disconnected could be lost. Objects are slimmed
 * before the informer caches them, and lists are paged, so memory follows the compact model
 * rather than object sizes.
 */
import { ListWatch, V1ListMeta, Watch, type KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { ResourceKind, WatchEventType } from '../../core/model/cluster-model.ts';

export interface WatchHealth {
  readonly resource: ResourceKind;
  /** Listed and watching; false from an error or a restart until the next successful list. */
  synced: boolean;
  events: number;
  restarts: number;
  lastEventAt: number | undefined;
  /** Last event or (re)connection: what the watchdog looks at. */
  lastActivityAt: number;
}

export interface ListPage<T> {
  readonly items: T[];
  readonly resourceVersion: string | undefined;
  readonly continueToken: string | undefined;
}

export interface ResourceWatcherOptions<T extends KubernetesObject> {
  readonly resource: ResourceKind;
  readonly kubeConfig: KubeConfig;
  /** Watch path, e.g. /apis/batch/v1/namespaces/pontual/jobs. */
  readonly path: string;
  readonly labelSelector: string;
  /** One page of the list (label selector applied by the caller). */
  readonly listPage: (continueToken: string | undefined) => Promise<ListPage<T>>;
  /** The fields the model needs; what the informer caches. */
  readonly slim: (obj: T) => T;
  readonly onEvent: (type: WatchEventType, obj: T) => void;
  readonly logger: Logger;
  readonly now?: () => number;
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Restart a watch with no event and no reconnection for this long (the client reconnects every 30 s when idle). */
  readonly watchdogMs?: number;
  /** How often the watchdog looks (default a quarter of `watchdogMs`, at least 1 s). */
  readonly watchdogCheckMs?: number;
}

export interface ResourceWatcher {
  readonly health: WatchHealth;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Applies `slim` to every watched object before ListWatch sees it. One per informer: `retire`
 * closes its watch, also one still connecting when the informer was stopped (ListWatch.stop
 * only aborts a watch already connected).
 */
class SlimmingWatch<T extends KubernetesObject> extends Watch {
  private readonly slim: (obj: T) => T;
  private retired = false;
  private controller: AbortController | undefined;

  constructor(kubeConfig: KubeConfig, slim: (obj: T) => T) {
    super(kubeConfig);
    this.slim = slim;
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    const controller = await super.watch(
      path,
      queryParams,
      (phase, apiObj, watchObj) => {
        callback(phase, phase === 'ADDED' || phase === 'MODIFIED' || phase === 'DELETED' ? this.slim(apiObj as T) : apiObj, watchObj);
      },
      done,
    );
    if (this.retired) controller.abort();
    else this.controller = controller;
    return controller;
  }

  retire(): void {
    this.retired = true;
    this.controller?.abort();
  }
}

export function createResourceWatcher<T extends KubernetesObject>(options: ResourceWatcherOptions<T>): ResourceWatcher {
  const now = options.now ?? Date.now;
  const backoff = options.backoff ?? { initialMs: 1_000, maxMs: 30_000 };
  const watchdogMs = options.watchdogMs ?? 120_000;
  const watchdogCheckMs = options.watchdogCheckMs ?? Math.max(1_000, Math.floor(watchdogMs / 4));
  const log = options.logger.child({ resource: options.resource });
  const health: WatchHealth = { resource: options.resource, synced: false, events: 0, restarts: 0, lastEventAt: undefined, lastActivityAt: now() };
  let stopped = true;
  let delayMs = backoff.initialMs;
  let restartTimer: NodeJS.Timeout | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  /** The informer in charge; events and errors of replaced ones (their abort included) are ignored. */
  let current: { readonly informer: ListWatch<T>; readonly watch: SlimmingWatch<T> } | undefined;
  /** The last informer whose list was applied: what the model holds. */
  let applied: ListWatch<T> | undefined;

  const apply = (type: WatchEventType, obj: T): void => {
    health.events += 1;
    health.lastEventAt = now();
    health.lastActivityAt = health.lastEventAt;
    try {
      options.onEvent(type, obj);
    } catch (error) {
      log.error({ err: error, name: obj.metadata?.name }, 'could not apply a watch event');
    }
  };

  async function list(informer: ListWatch<T>): Promise<KubernetesListObject<T>> {
    const items: T[] = [];
    let token: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const page = await options.listPage(token);
      for (const item of page.items) items.push(options.slim(item));
      resourceVersion = page.resourceVersion;
      token = page.continueToken;
    } while (token !== undefined && token !== '');
    // Replaced while listing: fail the list so the stale informer does not go on to watch.
    if (informer !== current?.informer) throw new Error('replaced by a newer watch');
    if (applied !== undefined && applied !== informer) {
      // A fresh informer starts empty and cannot tell what went while disconnected: diff the list
      // against the cache the model was built from.
      const listed = new Set(items.map(identity));
      for (const gone of applied.list()) if (!listed.has(identity(gone))) apply('DELETED', gone);
    }
    // ListWatch applies the items right after this resolves; synced once that has happened.
    setImmediate(() => {
      if (stopped || informer !== current?.informer) return;
      applied = informer;
      health.synced = true;
      health.lastActivityAt = now();
      delayMs = backoff.initialMs;
    });
    const metadata = new V1ListMeta();
    metadata.resourceVersion = resourceVersion;
    return { apiVersion: 'v1', kind: 'List', metadata, items };
  }

  function createInformer(): { readonly informer: ListWatch<T>; readonly watch: SlimmingWatch<T> } {
    const watch = new SlimmingWatch(options.kubeConfig, options.slim);
    const informer: ListWatch<T> = new ListWatch<T>(options.path, watch, () => list(informer), false, options.labelSelector);
    const isCurrent = (): boolean => informer === current?.informer;
    const forward = (type: WatchEventType) => (obj: T) => {
      if (isCurrent()) apply(type, obj);
    };
    informer.on('add', forward('ADDED'));
    informer.on('update', forward('MODIFIED'));
    informer.on('delete', forward('DELETED'));
    informer.on('connect', () => {
      if (isCurrent()) health.lastActivityAt = now();
    });
    informer.on('error', (error: unknown) => {
      // A replaced informer's error is the abort of its own watch: the restart is already done.
      if (!isCurrent() || stopped) return;
      health.synced = false;
      log.warn({ err: error, retryInMs: delayMs }, 'watch failed; restarting');
      scheduleRestart();
    });
    return { informer, watch };
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

  /** Replaces the informer in charge with a fresh one, which lists before it watches. */
  function run(): void {
    const previous = current;
    const next = createInformer();
    current = next;
    health.synced = false;
    if (previous !== undefined) void retire(previous);
    next.informer.start().catch((error: unknown) => {
      if (next !== current || stopped) return;
      health.synced = false;
      log.warn({ err: error }, 'watch could not start');
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
    async stop() {
      stopped = true;
      if (restartTimer !== undefined) clearTimeout(restartTimer);
      restartTimer = undefined;
      if (watchdog !== undefined) clearInterval(watchdog);
      if (current !== undefined) await retire(current);
    },
  };
}

async function retire<T extends KubernetesObject>(replaced: { readonly informer: ListWatch<T>; readonly watch: SlimmingWatch<T> }): Promise<void> {
  replaced.watch.retire();
  await replaced.informer.stop();
}

function identity(obj: KubernetesObject): string {
  return `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
}
