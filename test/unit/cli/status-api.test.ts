import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPontualError } from '../../../core/errors.ts';
import { readRunsFromStatus } from '../../../cli/status-api.ts';

function serving(status: number, body: unknown, seen: string[] = []): typeof fetch {
  return (input) => {
    seen.push(input instanceof URL ? input.href : typeof input === 'string' ? input : input.url);
    return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
  };
}

test('runs come from GET /api/cronjobs/<job>/runs?limit=n with dates revived', async () => {
  const seen: string[] = [];
  const runs = await readRunsFromStatus(
    'http://127.0.0.1:8080',
    'embu-sla',
    5,
    serving(
      200,
      {
        namespace: 'pontual',
        cronJob: 'embu-sla',
        runs: [
          {
            job: 'embu-sla-29412345',
            manual: false,
            startedAt: '2026-11-30T13:00:01.000Z',
            durationSeconds: 12,
            outcome: 'failed',
            reason: 'ExitCode1',
            exitCode: 1,
          },
        ],
      },
      seen,
    ),
  );
  assert.deepEqual(seen, ['http://127.0.0.1:8080/api/cronjobs/embu-sla/runs?limit=5']);
  assert.deepEqual(runs, [
    {
      job: 'embu-sla-29412345',
      runId: undefined,
      manual: false,
      scheduledAt: undefined,
      startedAt: new Date('2026-11-30T13:00:01.000Z'),
      finishedAt: undefined,
      durationSeconds: 12,
      outcome: 'failed',
      reason: 'ExitCode1',
      exitCode: 1,
      message: undefined,
    },
  ]);
});

test('a port-forward URL with a path prefix keeps it', async () => {
  const seen: string[] = [];
  await readRunsFromStatus('http://127.0.0.1:8001/api/v1/namespaces/pontual/services/pontual-status:8080/proxy', 'x', 1, serving(200, { runs: [] }, seen));
  assert.deepEqual(seen, ['http://127.0.0.1:8001/api/v1/namespaces/pontual/services/pontual-status:8080/proxy/api/cronjobs/x/runs?limit=1']);
});

test('errors say which service and what it answered', async () => {
  await assert.rejects(
    readRunsFromStatus('http://s:8080', 'nope', 1, serving(404, { error: { code: 'NOT_FOUND', message: 'no CronJob named "nope" in namespace pontual' } })),
    (error) => {
      assert.ok(isPontualError(error, 'NOT_FOUND'));
      assert.equal(error.message, 'the status service at http://s:8080 answered 404: no CronJob named "nope" in namespace pontual');
      return true;
    },
  );
  const refused: typeof fetch = () =>
    Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
  await assert.rejects(
    readRunsFromStatus('http://127.0.0.1:9', 'x', 1, refused),
    /cannot reach the status service at http:\/\/127\.0\.0\.1:9: fetch failed: ECONNREFUSED/,
  );
});
