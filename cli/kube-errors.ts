import { ApiException } from '@kubernetes/client-node';
import { PontualError } from '../core/errors.ts';

/** What the CLI was doing when a request failed: enough to tell a person what to fix. */
export interface KubeRequest {
  readonly verb: 'get' | 'list' | 'create' | 'patch' | 'delete';
  /** Plural resource, with subresource where there is one: `cronjobs`, `pods/log`. */
  readonly resource: string;
  /** API group: `batch` or "" for the core group. */
  readonly group: string;
  readonly namespace: string;
  readonly name?: string;
}

export interface KubeEndpoint {
  readonly context: string;
  readonly server: string;
}

/**
 * Turns whatever the client library threw into a PontualError a person can act on: which
 * server and context could not be reached, which verb and resource RBAC denied, which object
 * does not exist. The library's error stays as the cause.
 */
export function translateKubeError(error: unknown, request: KubeRequest, endpoint: KubeEndpoint): PontualError {
  if (error instanceof PontualError) return error;
  const where = `(context "${endpoint.context}", server ${endpoint.server})`;
  if (error instanceof ApiException) {
    const code = error.code;
    const serverMessage = statusMessage(error.body);
    if (code === 401) {
      return new PontualError(
        'KUBE_FORBIDDEN',
        `the cluster rejected your credentials (401 Unauthorized) ${where}: refresh the kubeconfig's token or certificate`,
        { cause: error },
      );
    }
    if (code === 403) {
      const resource = request.group === '' ? request.resource : `${request.resource}.${request.group}`;
      return new PontualError(
        'KUBE_FORBIDDEN',
        `forbidden: you may not ${request.verb} ${resource} in namespace "${request.namespace}" ${where}. ` +
          `Ask for a Role granting verb "${request.verb}" on resource "${request.resource}" in API group "${request.group}"` +
          (serverMessage === undefined ? '' : `\n  API server: ${serverMessage}`),
        { cause: error },
      );
    }
    if (code === 404) {
      const object = request.name === undefined ? request.resource : `${singular(request.resource)} "${request.name}"`;
      return new PontualError('NOT_FOUND', `${object} not found in namespace "${request.namespace}" ${where}`, { cause: error });
    }
    return new PontualError(
      'KUBE_UNAVAILABLE',
      `${request.verb} ${request.resource} in namespace "${request.namespace}" failed with HTTP ${code} ${where}${serverMessage === undefined ? '' : `: ${serverMessage}`}`,
      { cause: error },
    );
  }
  return new PontualError('KUBE_UNAVAILABLE', `cannot reach the Kubernetes API ${where}: ${networkReason(error)}`, { cause: error });
}

/** The HTTP status the API server answered with, when the error is an answer and not a network failure. */
export function apiStatusOf(error: unknown): number | undefined {
  const cause = error instanceof PontualError ? error.cause : error;
  return cause instanceof ApiException ? cause.code : undefined;
}

/** The `message` of a Kubernetes Status body, which the library hands over as text or object. */
export function statusMessage(body: unknown): string | undefined {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim() === '' ? undefined : body.trim();
    }
  }
  if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string') return parsed.message;
  return undefined;
}

function networkReason(error: unknown): string {
  const reasons: string[] = [];
  let current: unknown = error;
  // undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND, a TLS error) in the cause.
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = 'code' in current && typeof current.code === 'string' ? `${current.code} ` : '';
    reasons.push(`${code}${current.message}`.trim());
    current = current.cause;
  }
  return reasons.length === 0 ? String(error) : reasons.filter((reason) => reason !== 'fetch failed').join(': ') || 'fetch failed';
}

function singular(resource: string): string {
  const base = resource.split('/')[0] ?? resource;
  return base.endsWith('s') ? base.slice(0, -1) : base;
}
