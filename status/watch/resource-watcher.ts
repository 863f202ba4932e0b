/**
 * List + watch of one resource kind with the repairs client-node's informer needs: it stops on
 * any error other than 410 Gone (restart it with capped backoff), and a watch can go quiet
 * without failing (a watchdog restarts it). Objects are slimmed before the informer caches them,
 * and lists are paged, so memory follows the compact model rather than object sizes.
 */
import { ListWatch, V1ListMeta, Watch, type KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { ResourceKind, WatchEventType } from '../model/cluster-model.ts';

export interface WatchHealth {
  readonly resource: ResourceKind;
  /** Listed and watching; false from an error until the next successful list. */
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
}

export interface ResourceWatcher {
  readonly health: WatchHealth;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Applies `slim` to every watched object before ListWatch sees it. */
class SlimmingWatch<T extends KubernetesObject> extends Watch {
  private readonly slim: (obj: T) => T;

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
    return super.watch(
      path,
      queryParams,
      (phase, apiObj, watchObj) => {
        callback(phase, phase === 'ADDED' || phase === 'MODIFIED' || phase === 'DELETED' ? this.slim(apiObj as T) : apiObj, watchObj);
      },
      done,
    );
  }
}

export function createResourceWatcher<T extends KubernetesObject>(options: ResourceWatcherOptions<T>): ResourceWatcher {
  const now = options.now ?? Date.now;
  const backoff = options.backoff ?? { initialMs: 1_000, maxMs: 30_000 };
  const watchdogMs = options.watchdogMs ?? 120_000;
  const log = options.logger.child({ resource: options.resource });
  const health: WatchHealth = { resource: options.resource, synced: false, events: 0, restarts: 0, lastEventAt: undefined, lastActivityAt: now() };
  let stopped = true;
  let delayMs = backoff.initialMs;
  let restartTimer: NodeJS.Timeout | undefined;
  let watchdog: NodeJS.Timeout | undefined;

  const list = async (): Promise<KubernetesListObject<T>> => {
    const items: T[] = [];
    let token: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const page = await options.listPage(token);
      for (const item of page.items) items.push(options.slim(item));
      resourceVersion = page.resourceVersion;
      token = page.continueToken;
    } while (token !== undefined && token !== '');
    // ListWatch applies the items right after this resolves; synced once that has happened.
    setImmediate(() => {
      if (stopped) return;
      health.synced = true;
      health.lastActivityAt = now();
      delayMs = backoff.initialMs;
    });
    const metadata = new V1ListMeta();
    metadata.resourceVersion = resourceVersion;
    return { apiVersion: 'v1', kind: 'List', metadata, items };
  };

  const informer = new ListWatch<T>(options.path, new SlimmingWatch(options.kubeConfig, options.slim), list, false, options.labelSelector);
  const event = (type: WatchEventType) => (obj: T) => {
    health.events += 1;
    health.lastEventAt = now();
    health.lastActivityAt = health.lastEventAt;
    try {
      options.onEvent(type, obj);
    } catch (error) {
      log.error({ err: error, name: obj.metadata?.name }, 'could not apply a watch event');
    }
  };
  informer.on('add', event('ADDED'));
  informer.on('update', event('MODIFIED'));
  informer.on('delete', event('DELETED'));
  informer.on('connect', () => {
    health.lastActivityAt = now();
  });
  informer.on('error', (error: unknown) => {
    health.synced = false;
    if (stopped) return;
    log.warn({ err: error, retryInMs: delayMs }, 'watch failed; restarting');
    scheduleRestart();
  });

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

  function run(): void {
    informer.start().catch((error: unknown) => {
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
        void informer.stop().then(run);
      }, Math.max(1_000, Math.floor(watchdogMs / 4)));
      watchdog.unref();
      run();
      return Promise.resolve();
    },
    async stop() {
      stopped = true;
      if (restartTimer !== undefined) clearTimeout(restartTimer);
      restartTimer = undefined;
      if (watchdog !== undefined) clearInterval(watchdog);
      await informer.stop();
    },
  };
}
