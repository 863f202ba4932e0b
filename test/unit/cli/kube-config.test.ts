import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { stringify } from 'yaml';
import { isPontualError } from '../../../core/errors.ts';
import { resolveKubeTarget } from '../../../cli/kube-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'pontual-kubeconfig-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function kubeconfig(file: string, config: { clusters: [string, string][]; contexts: [string, string, string?][]; current?: string }): string {
  const path = join(dir, file);
  writeFileSync(
    path,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: config.clusters.map(([name, server]) => ({ name, cluster: { server } })),
      users: [{ name: 'me', user: { token: 't' } }],
      contexts: config.contexts.map(([name, cluster, namespace]) => ({
        name,
        context: { cluster, user: 'me', ...(namespace === undefined ? {} : { namespace }) },
      })),
      ...(config.current === undefined ? {} : { 'current-context': config.current }),
    }),
  );
  return path;
}

const production = kubeconfig('production', {
  clusters: [['doks', 'https://doks.example:443']],
  contexts: [['do-sfo3-warehouse', 'doks', 'pontual']],
  current: 'do-sfo3-warehouse',
});
const development = kubeconfig('development', {
  clusters: [
    ['doks', 'https://other.example:443'],
    ['kind', 'https://127.0.0.1:6443'],
  ],
  contexts: [
    ['kind-dev', 'kind'],
    ['do-sfo3-warehouse', 'kind', 'shadowed'],
  ],
  current: 'kind-dev',
});
const noHome = join(dir, 'home');

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    assert.ok(isPontualError(error, 'CONFIG_INVALID'), String(error));
    return error.message;
  }
  assert.fail('expected CONFIG_INVALID');
}

test('KUBECONFIG files merge as kubectl merges them: the first file wins per name and for current-context', () => {
  const target = resolveKubeTarget({ kubeconfigEnv: `${production}:${development}`, homeDir: noHome });
  assert.deepEqual([target.context, target.server, target.namespace], ['do-sfo3-warehouse', 'https://doks.example:443', 'pontual']);
  const other = resolveKubeTarget({ kubeconfigEnv: `${join(dir, 'missing')}:${development}:${production}`, homeDir: noHome, context: 'do-sfo3-warehouse' });
  assert.deepEqual([other.context, other.server, other.namespace], ['do-sfo3-warehouse', 'https://127.0.0.1:6443', 'shadowed']);
});

test('--context and -n override the kubeconfig; a context without a namespace means "default"', () => {
  const target = resolveKubeTarget({ kubeconfigEnv: development, homeDir: noHome, context: 'kind-dev' });
  assert.deepEqual([target.context, target.server, target.namespace], ['kind-dev', 'https://127.0.0.1:6443', 'default']);
  assert.equal(resolveKubeTarget({ kubeconfigEnv: development, homeDir: noHome, namespace: 'pontual-dev' }).namespace, 'pontual-dev');
});

test('--kubeconfig replaces KUBECONFIG entirely', () => {
  const target = resolveKubeTarget({ kubeconfigEnv: development, homeDir: noHome, kubeconfig: production });
  assert.equal(target.server, 'https://doks.example:443');
});

test('~/.kube/config is the last resort; with nothing at all it says what to do instead of using localhost:8080', () => {
  assert.match(
    errorOf(() => resolveKubeTarget({ kubeconfigEnv: '', homeDir: noHome })),
    /no kubeconfig: pass --kubeconfig <file>, set KUBECONFIG, or create .*home\/\.kube\/config/,
  );
  assert.match(
    errorOf(() => resolveKubeTarget({ kubeconfigEnv: join(dir, 'nope'), homeDir: noHome })),
    /none of the files in KUBECONFIG exists/,
  );
  assert.match(
    errorOf(() => resolveKubeTarget({ kubeconfigEnv: '', homeDir: noHome, kubeconfig: join(dir, 'nope') })),
    /--kubeconfig .*nope: no such file/,
  );
});

test('a kubeconfig that is not YAML: one line saying where, never the lines around it (they hold tokens)', () => {
  const broken = join(dir, 'broken');
  writeFileSync(broken, 'users:\n- name: u\n  user:\n    token: sha256~kube-token-7e2a\n  bad: [\n');
  const message = errorOf(() => resolveKubeTarget({ kubeconfigEnv: broken, homeDir: noHome }));
  assert.match(message, /^cannot read kubeconfig .*broken: .*\(\d+:\d+\)$/u);
  assert.ok(!message.includes('\n') && !message.includes('kube-token-7e2a'), message);
});

test('an unknown context lists the ones that exist', () => {
  assert.match(
    errorOf(() => resolveKubeTarget({ kubeconfigEnv: `${production}:${development}`, homeDir: noHome, context: 'prod' })),
    /context "prod" is not in .* \(contexts: do-sfo3-warehouse, kind-dev\)/,
  );
  const noCurrent = kubeconfig('no-current', { clusters: [['kind', 'https://127.0.0.1:6443']], contexts: [['kind-dev', 'kind']] });
  assert.match(
    errorOf(() => resolveKubeTarget({ kubeconfigEnv: noCurrent, homeDir: noHome })),
    /no current context .*: pass --context <name> \(contexts: kind-dev\)/,
  );
});
