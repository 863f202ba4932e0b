import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiException } from '@kubernetes/client-node';
import { exitCodeFor, EXIT } from '../../../cli/exit-codes.ts';
import { apiStatusOf, translateKubeError, type KubeRequest } from '../../../cli/kube-errors.ts';
import { PontualError } from '../../../core/errors.ts';

const endpoint = { context: 'do-sfo3-warehouse', server: 'https://abc.k8s.ondigitalocean.com' };
const patchCronJob: KubeRequest = { verb: 'patch', resource: 'cronjobs', group: 'batch', namespace: 'pontual', name: 'embu-sla' };
const status = (code: number, message: string): string => JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code });

test('RBAC denial names the verb, resource, namespace and the Role to ask for; exit 3', () => {
  const denied = new ApiException(
    403,
    'Unknown API Status Code!',
    status(403, 'cronjobs.batch "embu-sla" is forbidden: User "ana" cannot patch resource "cronjobs"'),
    {},
  );
  const error = translateKubeError(denied, patchCronJob, endpoint);
  assert.equal(error.code, 'KUBE_FORBIDDEN');
  assert.equal(
    error.message,
    'forbidden: you may not patch cronjobs.batch in namespace "pontual" (context "do-sfo3-warehouse", server https://abc.k8s.ondigitalocean.com). ' +
      'Ask for a Role granting verb "patch" on resource "cronjobs" in API group "batch"\n  API server: cronjobs.batch "embu-sla" is forbidden: User "ana" cannot patch resource "cronjobs"',
  );
  assert.equal(error.cause, denied);
  assert.equal(exitCodeFor(error), EXIT.cluster);
});

test('expired credentials and unreachable servers name the context and server; exit 3', () => {
  const unauthorized = translateKubeError(new ApiException(401, 'Unauthorized', undefined, {}), patchCronJob, endpoint);
  assert.match(unauthorized.message, /rejected your credentials \(401 Unauthorized\) \(context "do-sfo3-warehouse"/);
  const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }) });
  const unreachable = translateKubeError(refused, patchCronJob, endpoint);
  assert.equal(
    unreachable.message,
    'cannot reach the Kubernetes API (context "do-sfo3-warehouse", server https://abc.k8s.ondigitalocean.com): ECONNREFUSED connect ECONNREFUSED 10.0.0.1:443',
  );
  assert.equal(apiStatusOf(unreachable), undefined);
  assert.equal(exitCodeFor(unreachable), EXIT.cluster);
});

test('a missing object is NOT_FOUND (exit 1); other answers keep the API server message', () => {
  const missing = translateKubeError(new ApiException(404, 'x', status(404, 'not found'), {}), { ...patchCronJob, verb: 'get' }, endpoint);
  assert.equal(missing.code, 'NOT_FOUND');
  assert.match(missing.message, /^cronjob "embu-sla" not found in namespace "pontual"/);
  assert.equal(exitCodeFor(missing), EXIT.failed);
  const invalid = translateKubeError(
    new ApiException(422, 'x', status(422, 'Job.batch "x" is invalid'), {}),
    { ...patchCronJob, verb: 'create', resource: 'jobs' },
    endpoint,
  );
  assert.match(invalid.message, /create jobs in namespace "pontual" failed with HTTP 422 .*: Job\.batch "x" is invalid$/);
  assert.equal(apiStatusOf(invalid), 422);
});

test('exit codes: usage 2, cluster 3, everything else 1', () => {
  assert.equal(exitCodeFor(new PontualError('CONFIG_INVALID', 'x')), EXIT.usage);
  assert.equal(exitCodeFor(new PontualError('JOB_UNKNOWN', 'x')), EXIT.usage);
  assert.equal(exitCodeFor(new PontualError('REDIS_UNAVAILABLE', 'x')), EXIT.failed);
  assert.equal(exitCodeFor(new Error('boom')), EXIT.failed);
});
