import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPontualError } from '../../../core/errors.ts';
import { fetchJson, retryAfterMs, type HttpOptions } from '../../../jobs/sources/fetch-json.ts';

/** A fetch that plays back `script`: a status, or an error to throw; records what it was asked. */
function scripted(script: (number | Error)[]) {
  const calls: { url: string; authorization: string | null }[] = [];
  const fake = ((input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: input instanceof Request ? input.url : input.toString(), authorization: new Headers(init?.headers).get('authorization') });
    const step = script.shift() ?? 500;
    if (step instanceof Error) return Promise.reject(step);
    return Promise.resolve(new Response(JSON.stringify({ ok: step }), { status: step }));
  }) as typeof fetch;
  return { fake, calls };
}

function options(fake: typeof fetch, retries = 3): HttpOptions {
  return { token: 't0k', timeoutMs: 1000, retries, signal: new AbortController().signal, fetch: fake, backoffMs: () => 1 };
}

test('retries 5xx, 429 and network errors, then returns the body', async () => {
  const { fake, calls } = scripted([503, 429, new TypeError('fetch failed'), 200]);
  assert.deepEqual(await fetchJson('WMS', 'http://wms/v1/x', options(fake)), { ok: 200 });
  assert.equal(calls.length, 4);
  assert.ok(calls.every((call) => call.authorization === 'Bearer t0k'));
});

test('gives up after the bounded retries with SOURCE_UNAVAILABLE', async () => {
  const { fake, calls } = scripted([500, 502, 503]);
  await assert.rejects(
    fetchJson('OMS', 'http://oms/v1/stores', options(fake, 2)),
    (error: unknown) => isPontualError(error, 'SOURCE_UNAVAILABLE') && error.message === 'OMS GET /v1/stores failed after 3 attempts: HTTP 503',
  );
  assert.equal(calls.length, 3);
});

test('a 4xx other than 429 is SOURCE_REJECTED at once', async () => {
  const { fake, calls } = scripted([401]);
  await assert.rejects(fetchJson('WMS', 'http://wms/v1/x', options(fake)), (error: unknown) => isPontualError(error, 'SOURCE_REJECTED'));
  assert.equal(calls.length, 1);
});

test('a timeout is retried and reported as such', async () => {
  const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
  const { fake } = scripted([timeout, timeout]);
  await assert.rejects(fetchJson('WMS', 'http://wms/v1/x', options(fake, 1)), /failed after 2 attempts: no response within 1000 ms/);
});

test('an aborted run stops retrying and surfaces its own reason', async () => {
  const controller = new AbortController();
  const reason = new Error('SIGTERM received');
  const fake = (() => {
    controller.abort(reason);
    return Promise.reject(new DOMException('aborted', 'AbortError'));
  }) as typeof fetch;
  await assert.rejects(fetchJson('WMS', 'http://wms/v1/x', { ...options(fake), signal: controller.signal }), reason);
});

test('giving up after network errors keeps the last one as the cause', async () => {
  const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2'), { code: 'ECONNREFUSED' }) });
  const { fake } = scripted([new TypeError('fetch failed'), refused]);
  await assert.rejects(fetchJson('OMS', 'http://oms/v1/stores', options(fake, 1)), (error: unknown) => {
    assert.ok(isPontualError(error, 'SOURCE_UNAVAILABLE'));
    assert.equal(error.message, 'OMS GET /v1/stores failed after 2 attempts: ECONNREFUSED');
    assert.equal(error.cause, refused);
    return true;
  });
});

test('giving up on an HTTP status carries no stale network error as the cause', async () => {
  const { fake } = scripted([new TypeError('fetch failed'), 503]);
  await assert.rejects(fetchJson('OMS', 'http://oms/v1/stores', options(fake, 1)), (error: unknown) => {
    assert.ok(isPontualError(error, 'SOURCE_UNAVAILABLE'));
    assert.match(error.message, /: HTTP 503$/);
    assert.equal(error.cause, undefined);
    return true;
  });
});

test('a body that breaks off mid-way is retried like a network error', async () => {
  let calls = 0;
  const fake = (() => {
    calls++;
    if (calls === 1) {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"orders":[{"id":'));
          controller.error(new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }));
        },
      });
      return Promise.resolve(new Response(body, { status: 200 }));
    }
    return Promise.resolve(new Response('{"ok":true}', { status: 200 }));
  }) as typeof fetch;
  assert.deepEqual(await fetchJson('WMS', 'http://wms/v1/x', options(fake)), { ok: true });
  assert.equal(calls, 2);
});

test('Retry-After on 429/503 is waited for when it fits before the deadline, and ends the run early when it does not', async () => {
  assert.equal(retryAfterMs('2', 0), 2_000);
  assert.equal(retryAfterMs('Tue, 01 Dec 2026 12:00:05 GMT', Date.parse('2026-12-01T12:00:00Z')), 5_000);
  assert.equal(retryAfterMs('soon', 0), undefined);
  assert.equal(retryAfterMs(null, 0), undefined);

  const answers = [new Response('{}', { status: 429, headers: { 'retry-after': '1' } }), new Response('{"ok":1}', { status: 200 })];
  const fake = (() => Promise.resolve(answers.shift() ?? new Response('{}', { status: 500 }))) as typeof fetch;
  const started = performance.now();
  assert.deepEqual(await fetchJson('WMS', 'http://wms/v1/x', { ...options(fake), timeLeftMs: () => 60_000 }), { ok: 1 });
  assert.ok(performance.now() - started >= 990, 'waited the second it was asked to');

  const busy = (() => Promise.resolve(new Response('{}', { status: 503, headers: { 'retry-after': '120' } }))) as typeof fetch;
  const before = performance.now();
  await assert.rejects(
    fetchJson('OMS', 'http://oms/v1/stores', { ...options(busy), timeLeftMs: () => 30_000 }),
    (error: unknown) => isPontualError(error, 'SOURCE_UNAVAILABLE') && /HTTP 503 asked to retry after 120 s, past the run's deadline/.test(error.message),
  );
  assert.ok(performance.now() - before < 500, 'gave up at once');
});
