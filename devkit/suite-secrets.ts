import { CONFIG_MAP_NAME, SECRET_NAME } from '../core/environment.ts';
import type { ControlPlane } from './control-plane.ts';
import type { FixtureApi } from './fixture-api.ts';
import { kubectlOk } from './kube.ts';

/**
 * Points the deployed suite at this test's world: the Secret the manifests reference (Redis URL,
 * API tokens) and the ConfigMap's API URLs, so pods run by the stand-in kubelet reach them.
 */
export async function pointSuiteAt(plane: Pick<ControlPlane, 'kubectl'>, namespace: string, redisUrl: string, fixtures: FixtureApi): Promise<void> {
  await kubectlOk(plane, [
    'create',
    'secret',
    'generic',
    SECRET_NAME,
    '-n',
    namespace,
    `--from-literal=redis-url=${redisUrl}`,
    `--from-literal=wms-api-token=${fixtures.env.WMS_API_TOKEN ?? ''}`,
    `--from-literal=oms-api-token=${fixtures.env.OMS_API_TOKEN ?? ''}`,
  ]);
  const config = { data: { WMS_API_URL: fixtures.wmsUrl, OMS_API_URL: fixtures.omsUrl } };
  await kubectlOk(plane, ['patch', 'configmap', CONFIG_MAP_NAME, '-n', namespace, '--type=merge', '-p', JSON.stringify(config)]);
}
