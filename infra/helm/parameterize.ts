/**
 * Replaces, in synthesized objects, the values an operator sets through Helm values with marker
 * tokens; `chart-files.ts` swaps the markers for template actions after the YAML is written.
 * Every parameter lives at an explicit path: a blanket "replace every `pontual`" would also
 * rewrite the `part-of: pontual` label.
 */
import { PontualError } from '../../core/errors.ts';
import { CONFIG_MAP_NAME } from '../../core/environment.ts';
import type { KubeObject } from '../synth.ts';

type Node = Record<string, unknown>;

/** What a marker becomes in the template text. */
export type Replacement =
  /** The marker token is replaced by this template text. */
  | { readonly kind: 'inline'; readonly template: string }
  /** The whole `imagePullSecrets: <marker>` line becomes a block rendered only when secrets are set. */
  | { readonly kind: 'pullSecrets' };

export class Markers {
  readonly #replacements = new Map<string, Replacement>();

  add(replacement: Replacement): string {
    const token = `__PONTUAL_VALUE_${this.#replacements.size}__`;
    this.#replacements.set(token, replacement);
    return token;
  }

  inline(template: string): string {
    return this.add({ kind: 'inline', template });
  }

  entries(): [string, Replacement][] {
    return [...this.#replacements];
  }
}

export const MARKER_PATTERN = /__PONTUAL_VALUE_\d+__/;

function child(node: Node, key: string): Node {
  const value = node[key];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PontualError('INTERNAL', `chart generator: expected an object at "${key}"`);
  }
  return value as Node;
}

function children(node: Node, key: string): Node[] {
  const value = node[key];
  return Array.isArray(value) ? (value as Node[]) : [];
}

const valueRef = (path: string): string => `{{ ${path} | quote }}`;
const indexRef = (map: string, ...keys: string[]): string =>
  `index ${map} ${keys.map((key) => JSON.stringify(key)).join(' ')}`;

function parameterizePod(pod: Node, markers: Markers): void {
  pod.imagePullSecrets = markers.add({ kind: 'pullSecrets' });
  for (const container of children(pod, 'containers')) {
    container.image = markers.inline('{{ include "pontual.image" . | quote }}');
    container.imagePullPolicy = markers.inline(valueRef('.Values.image.pullPolicy'));
  }
}

export interface ParameterizeContext {
  /** Labels by which kube-prometheus-stack selects ServiceMonitors and PrometheusRules. */
  readonly selectorLabelKeys: readonly string[];
}

/** A deep copy of `object` with the Helm-settable values replaced by markers. */
export function parameterize(object: KubeObject, markers: Markers, context: ParameterizeContext): KubeObject {
  const copy: Node = structuredClone(object);
  const metadata = child(copy, 'metadata');
  const namespaceRef = markers.inline(valueRef('.Values.namespace'));
  if ('namespace' in metadata) metadata.namespace = namespaceRef;
  const name = String(metadata.name);

  switch (copy.kind) {
    case 'Namespace':
      metadata.name = namespaceRef;
      break;
    case 'ConfigMap':
      if (name === CONFIG_MAP_NAME) {
        const data = child(copy, 'data');
        for (const key of Object.keys(data)) data[key] = markers.inline(`{{ ${indexRef('.Values.config', key)} | quote }}`);
      }
      break;
    case 'CronJob': {
      const spec = child(copy, 'spec');
      spec.schedule = markers.inline(`{{ ${indexRef('.Values.jobs', name, 'schedule')} | quote }}`);
      spec.suspend = markers.inline(`{{ ${indexRef('.Values.jobs', name, 'suspend')} }}`);
      parameterizePod(child(child(child(child(spec, 'jobTemplate'), 'spec'), 'template'), 'spec'), markers);
      break;
    }
    case 'Deployment': {
      const spec = child(copy, 'spec');
      spec.replicas = markers.inline('{{ .Values.status.replicas }}');
      parameterizePod(child(child(spec, 'template'), 'spec'), markers);
      break;
    }
    case 'RoleBinding':
      for (const subject of children(copy, 'subjects')) subject.namespace = namespaceRef;
      break;
    case 'ServiceMonitor':
    case 'PrometheusRule': {
      const labels = child(metadata, 'labels');
      for (const key of context.selectorLabelKeys) {
        labels[key] = markers.inline(`{{ ${indexRef('.Values.monitoring.selectorLabels', key)} | quote }}`);
      }
      if (copy.kind === 'ServiceMonitor') {
        child(child(copy, 'spec'), 'namespaceSelector').matchNames = [namespaceRef];
      }
      break;
    }
    default:
      break;
  }
  return copy;
}
