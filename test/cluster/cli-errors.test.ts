import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { freePort } from '../../devkit/ports.ts';
import { inNamespace, REPO_ROOT, runPlugin, type CliNamespace, type CliRun } from './cli-harness.ts';

/**
 * The errors a person can act on, and the exit codes scripts rely on: unknown job (2), unknown
 * context (2), unreachable cluster (3), RBAC denial (3), and the documented operator Role.
 */
const NAMESPACE = 'cli';
let cluster: ControlPlane;
let cli: CliNamespace;

before(async () => {
  cluster = await startControlPlane();
  await cluster.createNamespace(NAMESPACE);
  cli = inNamespace(cluster, NAMESPACE);
});

after(async () => {
  await cluster.stop();
});

describe('errors a person can act on', () => {
  test('an unknown job lists the CronJobs of the namespace and the catalog, exit 2', async () => {
    await cli.createCronJob({ name: 'embu-sla' });
    const result = await cli.pontual(['why', 'embu_sla']);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /unknown job "embu_sla": no CronJob "embu_sla" in namespace "cli"/);
    assert.match(result.stderr, /CronJobs here: .*embu-sla/);
    assert.match(result.stderr, /jobs in the catalog: embu-sla, extrema-sla, bonus-calc, store-status/);
    assert.match(result.stderr, /did you mean "embu-sla"\?/);
  });

  test('an unreachable cluster names the context and the server, exit 3', async () => {
    const port = await freePort();
    const kubeconfig = join(cluster.dir, 'dead.kubeconfig');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'gone', cluster: { server: `https://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'someone', user: { token: 'x' } }],
        contexts: [{ name: 'do-sfo3-warehouse', context: { cluster: 'gone', user: 'someone' } }],
        'current-context': 'do-sfo3-warehouse',
      }),
    );
    const result = await cli.pontual(['why', 'embu-sla', '--kubeconfig', kubeconfig]);
    assert.equal(result.code, 3, result.stderr);
    assert.match(
      result.stderr,
      new RegExp(`cannot reach the Kubernetes API \\(context "do-sfo3-warehouse", server https://127.0.0.1:${port}\\): ECONNREFUSED`),
    );
  });

  test('a context that does not exist is a usage error listing the contexts, exit 2', async () => {
    const result = await cli.pontual(['why', 'embu-sla', '--context', 'production']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /context "production" is not in .*admin\.kubeconfig \(contexts: pontual-test\)/);
  });

  test('RBAC denial names the verb and the resource, exit 3', async () => {
    const kubeconfig = await cli.serviceAccountKubeconfig('intern');
    // No -n: the namespace comes from the context, as with kubectl.
    const result = await runPlugin(['suspend', 'embu-sla', '--kubeconfig', kubeconfig], cluster.env);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /forbidden: you may not get cronjobs\.batch in namespace "cli" \(context "intern"/);
    assert.match(result.stderr, /Ask for a Role granting verb "get" on resource "cronjobs" in API group "batch"/);
    assert.match(result.stderr, /system:serviceaccount:cli:intern/);
  });

  test('the operator Role in docs/cli.md is enough for every command', async () => {
    const docs = readFileSync(join(REPO_ROOT, 'docs', 'cli.md'), 'utf8');
    const role = /```yaml\n(apiVersion: rbac\.authorization\.k8s\.io\/v1\nkind: Role\n[\s\S]*?)```/.exec(docs)?.[1] ?? assert.fail('no Role in docs/cli.md');
    await cli.kubectl(['apply', '-f', '-'], role);
    const kubeconfig = await cli.serviceAccountKubeconfig('operator');
    await cli.kubectl(['create', 'rolebinding', 'operator', '--role=pontual-operator', `--serviceaccount=${NAMESPACE}:operator`]);
    const as = async (args: string[]): Promise<CliRun> => {
      const result = await runPlugin([...args, '--kubeconfig', kubeconfig], cluster.env);
      assert.doesNotMatch(result.stderr, /forbidden/, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
      return result;
    };
    await as(['status']);
    await as(['why', 'embu-sla']);
    await as(['suspend', 'embu-sla']);
    await as(['resume', 'embu-sla']);
    await as(['run', 'embu-sla']);
    await as(['logs', 'embu-sla']);
    await as(['history', 'embu-sla']);
  });
});
