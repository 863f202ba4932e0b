/**
 * A KubeConfig from the validated settings: the pod's service account, or the KUBECONFIG file.
 * Never `loadFromDefault()`, which silently falls back to http://localhost:8080.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { PontualError } from '../core/errors.ts';
import type { KubeAccess } from './config.ts';

export function loadKubeConfig(access: KubeAccess): KubeConfig {
  const kubeConfig = new KubeConfig();
  try {
    if (access.mode === 'in-cluster') kubeConfig.loadFromCluster();
    else kubeConfig.loadFromFile(access.path);
  } catch (error) {
    const source = access.mode === 'in-cluster' ? 'the in-cluster service account' : `KUBECONFIG (${access.path})`;
    // The reason's first line: a YAML parser quotes the lines around the fault below it, tokens included.
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new PontualError('CONFIG_INVALID', `cannot load Kubernetes credentials from ${source}: ${reason}`, { cause: error });
  }
  if (kubeConfig.getCurrentCluster() === null) {
    throw new PontualError('CONFIG_INVALID', 'KUBECONFIG has no current context with a cluster');
  }
  return kubeConfig;
}
