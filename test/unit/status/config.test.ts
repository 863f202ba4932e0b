import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IN_CLUSTER_NAMESPACE_FILE, loadStatusConfig } from '../../../status/config.ts';
import { isPontualError } from '../../../core/errors.ts';

const files = (present: Record<string, string>) => ({
  fileExists: (path: string) => path in present,
  readFile: (path: string) => present[path] ?? '',
});

describe('status service configuration', () => {
  test('defaults: port 8080, namespace pontual, the kubeconfig from KUBECONFIG, no Redis', () => {
    const config = loadStatusConfig({ env: { KUBECONFIG: '/home/op/.kube/config' }, ...files({ '/home/op/.kube/config': '' }) });
    assert.deepEqual(
      { port: config.port, namespace: config.namespace, kube: config.kube, redisUrl: config.redisUrl, prefix: config.redisKeyPrefix },
      { port: 8080, namespace: 'pontual', kube: { mode: 'kubeconfig', path: '/home/op/.kube/config' }, redisUrl: undefined, prefix: 'pontual:' },
    );
    assert.ok(Object.isFrozen(config));
  });

  test('in a pod: the service account, and the namespace it runs in', () => {
    const config = loadStatusConfig({
      env: { KUBERNETES_SERVICE_HOST: '10.0.0.1', REDIS_URL: 'rediss://db:25061', REDIS_KEY_PREFIX: 'p:' },
      ...files({ '/var/run/secrets/kubernetes.io/serviceaccount/token': 't', [IN_CLUSTER_NAMESPACE_FILE]: 'pontual-dev\n' }),
    });
    assert.deepEqual(config.kube, { mode: 'in-cluster' });
    assert.equal(config.namespace, 'pontual-dev');
    assert.equal(config.redisUrl, 'rediss://db:25061');
    assert.equal(config.redisKeyPrefix, 'p:');
  });

  const rejects = (env: Record<string, string>, variable: RegExp, present: Record<string, string> = { '/k': '' }) => {
    assert.throws(
      () => loadStatusConfig({ env, ...files(present) }),
      (error: unknown) => isPontualError(error, 'CONFIG_INVALID') && error.exitCode === 2 && variable.test(error.message),
    );
  };

  test('never falls back to localhost:8080: no KUBECONFIG outside a pod is an error naming KUBECONFIG', () => {
    rejects({}, /^KUBECONFIG is not set/);
  });
  test('a KUBECONFIG that does not exist', () => {
    rejects({ KUBECONFIG: '/nope' }, /^KUBECONFIG names "\/nope"/);
  });
  test('a bad PORT', () => {
    rejects({ KUBECONFIG: '/k', PORT: 'http' }, /^PORT must be a TCP port/);
  });
  test('a HOST that is neither an IP address nor a host name', () => {
    for (const host of ['not a host!', '256.1.1.1', 'http://0.0.0.0']) rejects({ KUBECONFIG: '/k', HOST: host }, /^HOST must be an IP address or a host name/);
    for (const host of ['::', '127.0.0.1', 'localhost', 'pontual-status.pontual.svc']) {
      assert.equal(loadStatusConfig({ env: { KUBECONFIG: '/k', HOST: host }, ...files({ '/k': '' }) }).host, host);
    }
  });
  test('a bad METRICS_PORT, or the same as PORT', () => {
    rejects({ KUBECONFIG: '/k', METRICS_PORT: 'metrics' }, /^METRICS_PORT must be a TCP port number \(0-65535\) other than PORT/);
    rejects({ KUBECONFIG: '/k', PORT: '8080', METRICS_PORT: '8080' }, /^METRICS_PORT must be/);
  });
  test('METRICS_PORT adds the metrics-only port', () => {
    assert.equal(loadStatusConfig({ env: { KUBECONFIG: '/k', METRICS_PORT: '9090' }, ...files({ '/k': '' }) }).metricsPort, 9090);
    assert.equal(loadStatusConfig({ env: { KUBECONFIG: '/k' }, ...files({ '/k': '' }) }).metricsPort, undefined);
  });
  test('a bad WATCH_NAMESPACE', () => {
    rejects({ KUBECONFIG: '/k', WATCH_NAMESPACE: 'Pontual_Prod' }, /^WATCH_NAMESPACE must be a namespace name/);
  });
  test('a REDIS_URL that is not redis:// or rediss://, or that ioredis would throw on or read as localhost', () => {
    rejects({ KUBECONFIG: '/k', REDIS_URL: 'http://redis' }, /^REDIS_URL is invalid: expected a redis:\/\/ or rediss:\/\/ URL/);
    rejects({ KUBECONFIG: '/k', REDIS_URL: 'rediss://default:hunter2%@redis:6379' }, /^REDIS_URL is invalid: the user or password has a "%"/);
    rejects({ KUBECONFIG: '/k', REDIS_URL: 'redis://default:hunter2@redis:99999' }, /^REDIS_URL is invalid: not a URL/);
    rejects({ KUBECONFIG: '/k', REDIS_URL: 'redis://' }, /^REDIS_URL is invalid: the URL has no host/);
  });
});
