import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { PontualError } from '../core/errors.ts';

/**
 * Which cluster, identity and namespace a command talks to, resolved the way kubectl resolves
 * them: --kubeconfig, else the files in $KUBECONFIG merged (first one wins per name), else
 * ~/.kube/config; --context, else the current context; -n, else the context's namespace, else
 * "default". Never the client library's silent fallback to http://localhost:8080: with no
 * kubeconfig we stop and say so.
 */
export interface KubeTarget {
  readonly kubeConfig: KubeConfig;
  readonly context: string;
  readonly server: string;
  readonly namespace: string;
}

export interface KubeTargetOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly namespace?: string;
  /** KUBECONFIG as the environment gives it (cli/cli-config.ts): a path list, empty when unset. */
  readonly kubeconfigEnv: string;
  readonly homeDir: string;
}

export function resolveKubeTarget(options: KubeTargetOptions): KubeTarget {
  const files = kubeconfigFiles(options);
  const kubeConfig = mergeKubeconfigs(files);
  const context = options.context ?? kubeConfig.getCurrentContext();
  if (context === '' || (context as string | undefined) === undefined) {
    throw new PontualError('CONFIG_INVALID', `no current context in ${files.join(', ')}: pass --context <name> (${listNames(kubeConfig.getContexts())})`);
  }
  const contextObject = kubeConfig.getContextObject(context);
  if (contextObject === null) {
    throw new PontualError('CONFIG_INVALID', `context "${context}" is not in ${files.join(', ')} (${listNames(kubeConfig.getContexts())})`);
  }
  kubeConfig.setCurrentContext(context);
  const cluster = kubeConfig.getCluster(contextObject.cluster);
  if (cluster === null || cluster.server === '') {
    throw new PontualError('CONFIG_INVALID', `context "${context}" names cluster "${contextObject.cluster}", which has no server in ${files.join(', ')}`);
  }
  const namespace = options.namespace ?? (contextObject.namespace !== undefined && contextObject.namespace !== '' ? contextObject.namespace : 'default');
  return { kubeConfig, context, server: cluster.server, namespace };
}

function kubeconfigFiles(options: KubeTargetOptions): string[] {
  if (options.kubeconfig !== undefined) {
    if (!existsSync(options.kubeconfig)) throw new PontualError('CONFIG_INVALID', `--kubeconfig ${options.kubeconfig}: no such file`);
    return [options.kubeconfig];
  }
  const fromEnv = options.kubeconfigEnv.split(delimiter).filter((file) => file !== '');
  if (fromEnv.length > 0) {
    // As kubectl: files listed in KUBECONFIG that do not exist are skipped.
    const existing = fromEnv.filter((file) => existsSync(file));
    if (existing.length === 0) throw new PontualError('CONFIG_INVALID', `none of the files in KUBECONFIG exists: ${fromEnv.join(delimiter)}`);
    return existing;
  }
  const home = join(options.homeDir, '.kube', 'config');
  if (existsSync(home)) return [home];
  throw new PontualError(
    'CONFIG_INVALID',
    `no kubeconfig: pass --kubeconfig <file>, set KUBECONFIG, or create ${home} (e.g. \`doctl kubernetes cluster kubeconfig save <cluster>\`)`,
  );
}

function mergeKubeconfigs(files: readonly string[]): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  for (const file of files) {
    const single = new KubeConfig();
    try {
      single.loadFromFile(file);
    } catch (error) {
      // The parser's first line says what and where; the lines it quotes below it hold tokens.
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
      throw new PontualError('CONFIG_INVALID', `cannot read kubeconfig ${file}: ${reason}`, { cause: error });
    }
    for (const cluster of single.getClusters()) if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of single.getUsers()) if (!users.has(user.name)) users.set(user.name, user);
    for (const context of single.getContexts()) if (!contexts.has(context.name)) contexts.set(context.name, context);
    if (currentContext === '' && typeof single.currentContext === 'string') currentContext = single.currentContext;
  }
  const merged = new KubeConfig();
  merged.loadFromOptions({ clusters: [...clusters.values()], users: [...users.values()], contexts: [...contexts.values()], currentContext });
  return merged;
}

function listNames(contexts: readonly Context[]): string {
  return contexts.length === 0 ? 'it has no contexts' : `contexts: ${contexts.map((context) => context.name).join(', ')}`;
}
