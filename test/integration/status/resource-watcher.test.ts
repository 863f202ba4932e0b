/**
 * The status service's watch repairs, against a local stand-in for the Kubernetes list/watch API:
 * after a failed watch or a watchdog restart the watcher lists again, says it is synced again, and
 * converges with what the API holds (deletions missed while disconnected included). Each case runs
 * against a server with streaming lists (sendInitialEvents) and one that refuses them (paged lists).
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../../core/logger.ts';
import { createKubeClient } from '../../../status/kube-client.ts';
import { createResourceWatcher, type ListSupport, type ResourceWatcher } from '../../../status/watch/resource-watcher.ts';
import { startListWatchStub, STUB_PATH, type ListWatchStub } from './list-watch-stub.ts';

interface Harness {
  readonly stub: ListWatchStub;
  readonly watcher: ResourceWatcher;
  /** What the watcher's events built: name → resourceVersion. */
  readonly seen: Map<string, string>;
  readonly advance: (ms: number) => void;
  readonly listSupport: ListSupport;
}

interface StubRecord {
  readonly name: string;
  readonly resourceVersion: string;
}

const running: Harness[] = [];

afterEach(async () => {
  for (const harness of running.splice(0)) {
    await harness.watcher.stop();
    await harness.stub.close();
  }
});

interface HarnessOptions {
  readonly streamingList: boolean;
  readonly watchdogMs?: number;
  readonly watchdogCheckMs?: number;
  readonly pageSize?: number;
}

async function startHarness(names: readonly string[], options: HarnessOptions): Promise<Harness> {
  const { streamingList, ...watcherOptions } = options;
  const stub = await startListWatchStub(names, { streamingList });
  const credentials = {
    server: stub.url,
    ca: undefined,
    cert: undefined,
    key: undefined,
    insecureSkipTlsVerify: false,
    authorization: () => Promise.resolve(undefined),
  };
  let clock = 1_000_000;
  const seen = new Map<string, string>();
  const listSupport: ListSupport = { streaming: undefined };
  const watcher = createResourceWatcher<StubRecord>({
    resource: 'cronjobs',
    client: createKubeClient(credentials),
    path: STUB_PATH,
    labelSelector: 'app=stub',
    listSupport,
    decode: (obj) => {
      const metadata = (obj as { metadata: { name: string; resourceVersion: string } }).metadata;
      return { name: metadata.name, resourceVersion: metadata.resourceVersion };
    },
    keyOf: (record) => record.name,
    onEvent: (type, record) => {
      if (type === 'DELETED') seen.delete(record.name);
      else seen.set(record.name, record.resourceVersion);
    },
    logger: createLogger({ level: 'silent' }),
    now: () => clock,
    backoff: { initialMs: 20, maxMs: 100 },
    ...watcherOptions,
  });
  const harness: Harness = {
    stub,
    watcher,
    seen,
    listSupport,
    advance: (ms) => {
      clock += ms;
    },
  };
  running.push(harness);
  await watcher.start();
  await until(() => watcher.health.synced && stub.openWatches === 1, 'the first list and watch');
  return harness;
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const streamingList of [true, false]) {
  describe(`resource watcher against a list/watch stub, ${streamingList ? 'streaming lists' : 'paged lists (streaming refused)'}`, () => {
    test('after a 500 on watch it lists again: synced, deletions missed meanwhile applied, later events applied', async () => {
      const { stub, watcher, seen } = await startHarness(['a', 'b'], { streamingList });
      assert.deepEqual([...seen.keys()].sort(), ['a', 'b']);

      stub.remove('a', false);
      stub.put('c', false);
      stub.failNextWatch(500);
      stub.dropWatches();
      await until(() => watcher.health.restarts === 1 && watcher.health.synced && stub.openWatches === 1, 'a restart that lists and watches again');
      assert.equal(stub.lists, 2);
      assert.deepEqual([...seen.keys()].sort(), ['b', 'c'], 'converged with the API, the missed deletion included');

      stub.put('d');
      await until(() => seen.has('d'), 'an event on the new watch');
      assert.equal(watcher.health.synced, true);
      assert.equal(watcher.health.restarts, 1);
    });

    test('a watchdog restart counts once, re-lists, and is synced again', async () => {
      const { stub, watcher, seen, advance } = await startHarness(['a'], { streamingList, watchdogMs: 1_000, watchdogCheckMs: 20 });
      stub.remove('a', false);
      advance(1_001);
      await until(() => watcher.health.restarts >= 1 && watcher.health.synced && stub.lists === 2, 'the watchdog restart');
      // Long enough for a second restart from the stopped watch's abort (backoff 20 ms) to show.
      await sleep(300);
      assert.equal(watcher.health.restarts, 1);
      assert.equal(stub.lists, 2);
      assert.equal(stub.openWatches, 1, 'the silent watch was closed, one watch remains');
      assert.equal(watcher.health.synced, true);
      assert.deepEqual([...seen.keys()], [], 'the deletion missed while silent was applied');
    });

    test('on 410 Gone it lists again by itself, without a restart', async () => {
      const { stub, watcher, seen } = await startHarness(['a', 'b'], { streamingList });
      stub.remove('b', false);
      stub.expireNextWatch();
      stub.dropWatches();
      await until(() => stub.lists === 2 && stub.openWatches === 1, 'the re-list after 410');
      await until(() => !seen.has('b'), 'the deletion from the re-list');
      assert.deepEqual([...seen.keys()], ['a']);
      assert.equal(watcher.health.synced, true);
      assert.equal(watcher.health.restarts, 0);
    });

    test('the list is read as the server serves it, and later events apply', async () => {
      const names = ['a', 'b', 'c', 'd', 'e'];
      const { stub, watcher, seen, listSupport } = await startHarness(names, { streamingList, pageSize: 2 });
      assert.deepEqual([...seen.keys()].sort(), names);
      assert.equal(listSupport.streaming, streamingList, 'what the server serves was learnt');
      assert.equal(stub.pages, streamingList ? 0 : 3, 'five objects in pages of two');
      assert.equal(stub.lists, 1);
      stub.put('f');
      stub.remove('a');
      await until(() => seen.has('f') && !seen.has('a'), 'the watch events');
      assert.equal(watcher.health.restarts, 0);
      assert.equal(watcher.health.events, names.length + 2);
    });
  });
}
