import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Writable } from 'node:stream';
import { ApiException, type KubeConfig } from '@kubernetes/client-node';

/**
 * Streams a container's log (GET .../pods/<pod>/log) into `out`, which is left open. Plain
 * node:https with the kubeconfig's TLS and credentials (the library's websocket path) because the
 * library's own log clients drop the API server's explanation when it refuses ("container is
 * waiting to start", "pod does not have a host assigned"): a refusal rejects with an
 * ApiException carrying the Status body. Resolves false when the API server has no log at all
 * (204: the pod was never assigned to a node), true once a log was streamed.
 */
export async function streamPodLog(
  kubeConfig: KubeConfig,
  target: { readonly server: string; readonly namespace: string; readonly pod: string; readonly container: string; readonly follow: boolean },
  out: Writable,
): Promise<boolean> {
  const url = new URL(
    `${target.server.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/log`,
  );
  url.searchParams.set('container', target.container);
  if (target.follow) url.searchParams.set('follow', 'true');
  const options: RequestOptions & { headers: Record<string, string> } = { method: 'GET', headers: {} };
  await kubeConfig.applyToHTTPSOptions(options);
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const request = (url.protocol === 'http:' ? httpRequest : httpsRequest)(url, options, resolve);
    request.on('error', reject);
    request.end();
  });
  if (response.statusCode === 204) {
    response.resume();
    return false;
  }
  if (response.statusCode !== 200) {
    let body = '';
    response.setEncoding('utf8');
    for await (const chunk of response) body += String(chunk);
    throw new ApiException(response.statusCode ?? 0, 'log request refused', body, {});
  }
  await new Promise<void>((resolve, reject) => {
    response.on('end', resolve);
    response.on('error', reject);
    response.pipe(out, { end: false });
  });
  return true;
}
