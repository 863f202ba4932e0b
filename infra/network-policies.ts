/**
 * NetworkPolicies: the jobs accept no connection and reach only DNS, Redis and the HTTP APIs
 * (WMS, OMS, the stores' health URLs); the status service's metrics port is reachable only from
 * Prometheus' namespace, its main port (/api, the page) only from the namespaces listed, and it
 * reaches only DNS, Redis and the Kubernetes API server. Enforced by the CNI (Cilium on DOKS).
 */
import { COMPONENTS, LABELS, SUITE_NAME } from '../core/labels.ts';
import { k8s } from './plus.ts';

export interface Egress {
  /** Destination networks; empty: any address (the ports still limit it). */
  readonly cidrs: readonly string[];
  readonly ports: readonly number[];
}

export interface NetworkPolicySettings {
  readonly enabled: boolean;
  /** Namespaces that may scrape the status service's metrics-only port: Prometheus' (kube-prometheus-stack on DOKS). */
  readonly metricsFrom: readonly string[];
  /** Namespaces that may reach its main port (/api, the page): none by default (`kubectl port-forward` is not affected). */
  readonly apiFrom: readonly string[];
  /** DigitalOcean Managed Redis/Valkey listens on 25061; its private network, once known, narrows it. */
  readonly redis: Egress;
  /** WMS, OMS and the stores' health URLs (https, and http for stores that have no TLS). */
  readonly apis: Egress;
  /** The Kubernetes API server, which only the status service talks to (DOKS: 443). */
  readonly apiServer: Egress;
}

export const DEFAULT_NETWORK_POLICY: NetworkPolicySettings = {
  enabled: true,
  metricsFrom: ['kube-prometheus-stack'],
  apiFrom: [],
  redis: { cidrs: [], ports: [25061] },
  apis: { cidrs: [], ports: [443, 80] },
  apiServer: { cidrs: [], ports: [443, 6443] },
};

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const ANYWHERE = '0.0.0.0/0';

const tcp = (port: number): k8s.NetworkPolicyPort => ({ port: k8s.IntOrString.fromNumber(port), protocol: 'TCP' });

/** DNS to any namespace: CoreDNS runs in kube-system, node-local caches elsewhere. */
function dns(): k8s.NetworkPolicyEgressRule {
  return {
    to: [{ namespaceSelector: {} }],
    ports: [
      { port: k8s.IntOrString.fromNumber(53), protocol: 'UDP' },
      { port: k8s.IntOrString.fromNumber(53), protocol: 'TCP' },
    ],
  };
}

function egress(target: Egress): k8s.NetworkPolicyEgressRule {
  const cidrs = target.cidrs.length === 0 ? [ANYWHERE] : target.cidrs;
  return { to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: target.ports.map(tcp) };
}

export function jobsNetworkPolicy(settings: NetworkPolicySettings): k8s.NetworkPolicySpec {
  return {
    podSelector: { matchLabels: { [LABELS.partOf]: SUITE_NAME, [LABELS.component]: COMPONENTS.job } },
    // No ingress rule: nothing connects to a job.
    policyTypes: ['Ingress', 'Egress'],
    egress: [dns(), egress(settings.redis), egress(settings.apis)],
  };
}

/** One ingress rule per port: from the listed namespaces only (an empty `from` would admit everyone). */
function fromNamespaces(namespaces: readonly string[], portName: string): k8s.NetworkPolicyIngressRule[] {
  if (namespaces.length === 0) return [];
  return [
    {
      from: namespaces.map((namespace) => ({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } } })),
      ports: [{ port: k8s.IntOrString.fromString(portName), protocol: 'TCP' }],
    },
  ];
}

export function statusNetworkPolicy(
  settings: NetworkPolicySettings,
  podLabels: Record<string, string>,
  ports: { readonly api: string; readonly metrics: string },
): k8s.NetworkPolicySpec {
  return {
    podSelector: { matchLabels: podLabels },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [...fromNamespaces(settings.metricsFrom, ports.metrics), ...fromNamespaces(settings.apiFrom, ports.api)],
    egress: [dns(), egress(settings.redis), egress(settings.apiServer)],
  };
}
