/**
 * Replaces, in synthesized objects, the values an operator sets through Helm values with marker
 * tokens; `chart-files.ts` swaps the markers for template actions after the YAML is written.
 * Every parameter lives at an explicit path: a blanket "replace every `pontual`" would also
 * rewrite the `part-of: pontual` label.
 */
import { PontualError } from '../../core/errors.ts';
import { CONFIG_MAP_NAME, SECRET_NAME } from '../../core/environment.ts';
import { DASHBOARDS_CONFIG_MAP, GRAFANA_FOLDER_ANNOTATION } from '../charts/monitoring-chart.ts';
import { METRICS_PORT_NAME, STATUS_NAME, STATUS_PORT_NAME } from '../charts/status-chart.ts';
import type { KubeObject } from '../synth.ts';

type Node = Record<string, unknown>;

/** What a marker becomes in the template text. */
export type Replacement =
  /** The marker token is replaced by this template text. */
  | { readonly kind: 'inline'; readonly template: string }
  /** The whole `imagePullSecrets: <marker>` line becomes a block rendered only when secrets are set. */
  | { readonly kind: 'pullSecrets' }
  /** The map entry whose key starts with the marker is rendered only when `condition` holds. */
  | { readonly kind: 'whenKey'; readonly condition: string }
  /** The list item whose first key is the marker is rendered only when `condition` holds. */
  | { readonly kind: 'whenItem'; readonly condition: string }
  /** The marker's whole line (`<marker>: true` in a map, `- <marker>` in a list) becomes these lines, at its indentation. */
  | { readonly kind: 'block'; readonly lines: (indent: number) => string[] };

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

/** Lines that render `expr` as YAML under `key` when it is set (non-empty), nothing otherwise. */
export function yamlUnder(key: string, expr: string): Replacement {
  return {
    kind: 'block',
    lines: (indent) => {
      const pad = ' '.repeat(indent);
      return [`${pad}{{- with ${expr} }}`, `${pad}${key}:`, `${pad}  {{- toYaml . | nindent ${indent + 2} }}`, `${pad}{{- end }}`];
    },
  };
}

/** Lines that merge the map `expr` into the map the marker sits in. */
export function yamlMerged(expr: string): Replacement {
  return {
    kind: 'block',
    lines: (indent) => {
      const pad = ' '.repeat(indent);
      return [`${pad}{{- with ${expr} }}`, `${pad}{{- toYaml . | nindent ${indent} }}`, `${pad}{{- end }}`];
    },
  };
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
const indexRef = (map: string, ...keys: string[]): string => `index ${map} ${keys.map((key) => JSON.stringify(key)).join(' ')}`;

/**
 * Scheduling and pod metadata from `values` (`.Values.jobDefaults` or `.Values.status`), the
 * container's resources from `resources`, the operators' Secret by its `existingSecret` name, and
 * extra env from `env` when given.
 */
function parameterizePod(template: Node, markers: Markers, values: string, resources: string, env?: string): void {
  const metadata = child(template, 'metadata');
  metadata.labels = { ...child(metadata, 'labels'), [markers.add(yamlMerged(`${values}.podLabels`))]: true };
  if (typeof metadata.annotations === 'object' && metadata.annotations !== null) {
    metadata.annotations = { ...(metadata.annotations as Node), [markers.add(yamlMerged(`${values}.podAnnotations`))]: true };
  } else {
    metadata[markers.add(yamlUnder('annotations', `${values}.podAnnotations`))] = true;
  }
  const pod = child(template, 'spec');
  pod.imagePullSecrets = markers.add({ kind: 'pullSecrets' });
  for (const [key, field] of [
    ['nodeSelector', 'nodeSelector'],
    ['tolerations', 'tolerations'],
    ['affinity', 'affinity'],
  ] as const) {
    pod[markers.add(yamlUnder(key, `${values}.${field}`))] = true;
  }
  pod[
    markers.add({
      kind: 'block',
      lines: (indent) => [
        `${' '.repeat(indent)}{{- with ${values}.priorityClassName }}`,
        `${' '.repeat(indent)}priorityClassName: {{ . | quote }}`,
        `${' '.repeat(indent)}{{- end }}`,
      ],
    })
  ] = true;
  for (const container of children(pod, 'containers')) {
    container.image = markers.inline('{{ include "pontual.image" . | quote }}');
    container.imagePullPolicy = markers.inline(valueRef('.Values.image.pullPolicy'));
    Reflect.deleteProperty(container, 'resources');
    container[markers.add(yamlUnder('resources', resources))] = true;
    const entries = children(container, 'env');
    for (const entry of entries) {
      const ref = (entry.valueFrom as { secretKeyRef?: Node } | undefined)?.secretKeyRef;
      if (ref?.name === SECRET_NAME) ref.name = markers.inline(valueRef('.Values.existingSecret'));
    }
    if (env !== undefined) {
      container.env = [
        ...entries,
        markers.add({
          kind: 'block',
          lines: (indent) => {
            const pad = ' '.repeat(indent);
            return [
              `${pad}{{- range $name, $value := ${env} }}`,
              `${pad}- name: {{ $name | quote }}`,
              `${pad}  value: {{ $value | quote }}`,
              `${pad}{{- end }}`,
            ];
          },
        }),
      ];
    }
  }
}

/** Renames `key` of `node` so the entry renders only when `condition` holds. */
function whenKey(node: Node, key: string, condition: string, markers: Markers): void {
  if (!(key in node)) throw new PontualError('INTERNAL', `chart generator: no "${key}" to make conditional`);
  const entries = Object.entries(node);
  for (const name of Object.keys(node)) Reflect.deleteProperty(node, name);
  const token = markers.add({ kind: 'whenKey', condition });
  for (const [name, value] of entries) node[name === key ? `${token}${name}` : name] = value;
}

/** The same item with a marker first and `first` next (list items are located by their first line). */
function whenItem(item: Node, first: string, condition: string, markers: Markers): Node {
  const { [first]: head, ...rest } = item;
  return { [markers.add({ kind: 'whenItem', condition })]: true, [first]: head, ...rest };
}

const secretNameRef = '{{ .Values.alerting.secretName | quote }}';

/**
 * The AlertmanagerConfig of a synth with every receiver and the heartbeat on: each receiver kind
 * becomes conditional on `alerting.routes.<severity>.<kind>`, the heartbeat on
 * `alerting.heartbeat.enabled`, the settings become values.
 */
function parameterizeAlertmanagerConfig(spec: Node, markers: Markers): void {
  const alerting = (path: string): string => markers.inline(`{{ .Values.alerting.${path} | quote }}`);
  const route = child(spec, 'route');
  route.groupWait = alerting('groupWait');
  route.groupInterval = alerting('groupInterval');
  route.repeatInterval = alerting('repeatInterval');
  route.routes = children(route, 'routes').map((item) => {
    if (item.receiver !== 'heartbeat') return item;
    item.groupInterval = alerting('heartbeat.interval');
    item.repeatInterval = alerting('heartbeat.interval');
    return whenItem(item, 'receiver', '.Values.alerting.heartbeat.enabled', markers);
  });
  const secretName = (ref: unknown): void => {
    if (ref !== null && typeof ref === 'object') (ref as Node).name = markers.inline(secretNameRef);
  };
  spec.receivers = children(spec, 'receivers').map((receiver) => {
    const name = String(receiver.name);
    for (const [key, configs] of Object.entries(receiver)) {
      if (!Array.isArray(configs)) continue;
      for (const config of configs as Node[]) {
        for (const field of ['apiURL', 'authPassword', 'urlSecret', 'routingKey']) secretName(config[field]);
        if (key === 'slackConfigs') config.channel = alerting('slack.channel');
        if (key === 'emailConfigs') {
          // `to` leads the item, so the conditional auth fields are never the item's first line.
          const { to: _to, ...rest } = config;
          for (const field of Object.keys(rest)) Reflect.deleteProperty(config, field);
          Object.assign(config, rest);
          // Rendered only with email on, where Alertmanager needs them: `required` says which one is missing.
          for (const field of ['to', 'from', 'smarthost'] as const) {
            config[field] = markers.inline(
              `{{ required "alerting.email.${field} is required when an email receiver is on" .Values.alerting.email.${field} | quote }}`,
            );
          }
          config.authUsername = alerting('email.authUsername');
          whenKey(config, 'authUsername', '.Values.alerting.email.authUsername', markers);
          whenKey(config, 'authPassword', '.Values.alerting.email.authUsername', markers);
        }
      }
      if (name === 'critical' || name === 'warning') {
        whenKey(receiver, key, `.Values.alerting.routes.${name}.${key.replace(/Configs$/, '')}`, markers);
      }
    }
    return name === 'heartbeat' ? whenItem(receiver, 'name', '.Values.alerting.heartbeat.enabled', markers) : { name, ...receiver };
  });
}

/** `egress:` of a NetworkPolicy from the values: DNS, then each target's CIDRs (any address when none) and ports. */
function egressBlock(targets: readonly string[]): Replacement {
  return {
    kind: 'block',
    lines: (indent) => {
      const pad = ' '.repeat(indent);
      return [
        `${pad}egress:`,
        `${pad}  - ports:`,
        `${pad}      - port: 53`,
        `${pad}        protocol: UDP`,
        `${pad}      - port: 53`,
        `${pad}        protocol: TCP`,
        `${pad}    to:`,
        `${pad}      - namespaceSelector: {}`,
        `${pad}  {{- range $target := list ${targets.map((t) => `.Values.networkPolicy.${t}`).join(' ')} }}`,
        `${pad}  - ports:`,
        `${pad}      {{- range $target.ports }}`,
        `${pad}      - port: {{ . }}`,
        `${pad}        protocol: TCP`,
        `${pad}      {{- end }}`,
        `${pad}    to:`,
        `${pad}      {{- range (default (list "0.0.0.0/0") $target.cidrs) }}`,
        `${pad}      - ipBlock:`,
        `${pad}          cidr: {{ . | quote }}`,
        `${pad}      {{- end }}`,
        `${pad}  {{- end }}`,
      ];
    },
  };
}

/** `ingress:` of the status service's NetworkPolicy: each port from its listed namespaces, or nothing. */
function statusIngressBlock(ports: { readonly api: string; readonly metrics: string }): Replacement {
  return {
    kind: 'block',
    lines: (indent) => {
      const pad = ' '.repeat(indent);
      return [
        `${pad}{{- if or .Values.networkPolicy.metricsFrom .Values.networkPolicy.apiFrom }}`,
        `${pad}ingress:`,
        `${pad}  {{- range $rule := list (list "${ports.metrics}" .Values.networkPolicy.metricsFrom) (list "${ports.api}" .Values.networkPolicy.apiFrom) }}`,
        `${pad}  {{- with index $rule 1 }}`,
        `${pad}  - from:`,
        `${pad}      {{- range . }}`,
        `${pad}      - namespaceSelector:`,
        `${pad}          matchLabels:`,
        `${pad}            kubernetes.io/metadata.name: {{ . | quote }}`,
        `${pad}      {{- end }}`,
        `${pad}    ports:`,
        `${pad}      - port: {{ index $rule 0 }}`,
        `${pad}        protocol: TCP`,
        `${pad}  {{- end }}`,
        `${pad}  {{- end }}`,
        `${pad}{{- else }}`,
        `${pad}ingress: []`,
        `${pad}{{- end }}`,
      ];
    },
  };
}

export interface ParameterizeContext {
  /** Labels by which kube-prometheus-stack selects ServiceMonitors and PrometheusRules. */
  readonly selectorLabelKeys: readonly string[];
}

/** A deep copy of `object` with the Helm-settable values replaced by markers. */
export function parameterize(object: KubeObject, markers: Markers, context: ParameterizeContext): KubeObject {
  const copy: Node = structuredClone(object);
  const metadata = child(copy, 'metadata');
  const namespaceRef = markers.inline('{{ include "pontual.namespace" . | quote }}');
  if ('namespace' in metadata) metadata.namespace = namespaceRef;
  const name = String(metadata.name);
  // The standard Helm labels (instance, managed-by, helm.sh/chart) on every object, not in selectors.
  metadata.labels = {
    ...(typeof metadata.labels === 'object' && metadata.labels !== null ? metadata.labels : {}),
    [markers.add({ kind: 'block', lines: (indent) => [`${' '.repeat(indent)}{{- include "pontual.helmLabels" . | nindent ${indent} }}`] })]: true,
  };

  switch (copy.kind) {
    case 'Namespace':
      metadata.name = namespaceRef;
      // `helm uninstall` must not delete the namespace, and with it the operators' Secret and history.
      metadata.annotations = { 'helm.sh/resource-policy': 'keep' };
      break;
    case 'ConfigMap':
      if (name === CONFIG_MAP_NAME) {
        const data = child(copy, 'data');
        for (const key of Object.keys(data)) data[key] = markers.inline(`{{ ${indexRef('.Values.config', key)} | quote }}`);
      }
      if (name === DASHBOARDS_CONFIG_MAP) {
        child(metadata, 'annotations')[GRAFANA_FOLDER_ANNOTATION] = markers.inline(valueRef('.Values.monitoring.dashboards.grafanaFolder'));
      }
      break;
    case 'CronJob': {
      const spec = child(copy, 'spec');
      const job = (field: string, quote = false): string => markers.inline(`{{ ${indexRef('.Values.jobs', name, field)}${quote ? ' | quote' : ''} }}`);
      spec.schedule = job('schedule', true);
      spec.suspend = job('suspend');
      spec.successfulJobsHistoryLimit = job('successfulJobsHistoryLimit');
      spec.failedJobsHistoryLimit = job('failedJobsHistoryLimit');
      const jobSpec = child(child(spec, 'jobTemplate'), 'spec');
      jobSpec.activeDeadlineSeconds = job('timeoutSeconds');
      jobSpec.backoffLimit = job('backoffLimit');
      const jobValues = `(index .Values.jobs ${JSON.stringify(name)})`;
      parameterizePod(child(jobSpec, 'template'), markers, '.Values.jobDefaults', `${jobValues}.resources`, `${jobValues}.env`);
      break;
    }
    case 'Deployment': {
      const spec = child(copy, 'spec');
      spec.replicas = markers.inline('{{ .Values.status.replicas }}');
      const template = child(spec, 'template');
      // A changed ConfigMap rolls the status service (the jobs read it at every run anyway).
      const metadata = child(template, 'metadata');
      metadata.annotations = {
        ...(metadata.annotations as Node | undefined),
        'checksum/config': markers.inline('{{ include (print $.Template.BasePath "/10-config.yaml") . | sha256sum | quote }}'),
      };
      parameterizePod(template, markers, '.Values.status', '.Values.status.resources');
      break;
    }
    case 'RoleBinding':
      for (const subject of children(copy, 'subjects')) subject.namespace = namespaceRef;
      break;
    case 'NetworkPolicy': {
      const spec = child(copy, 'spec');
      const isStatus = name === STATUS_NAME;
      Reflect.deleteProperty(spec, 'egress');
      spec[markers.add(egressBlock(isStatus ? ['redis', 'apiServer'] : ['redis', 'apis']))] = true;
      if (isStatus) {
        Reflect.deleteProperty(spec, 'ingress');
        spec[markers.add(statusIngressBlock({ api: STATUS_PORT_NAME, metrics: METRICS_PORT_NAME }))] = true;
      }
      break;
    }
    case 'AlertmanagerConfig':
    case 'ServiceMonitor':
    case 'PrometheusRule': {
      // Every selector label of the values, whatever its key (the profile's keys are only the defaults).
      const labels = child(metadata, 'labels');
      for (const key of context.selectorLabelKeys) Reflect.deleteProperty(labels, key);
      labels[markers.add(yamlMerged('.Values.monitoring.selectorLabels'))] = true;
      if (copy.kind === 'ServiceMonitor') {
        child(child(copy, 'spec'), 'namespaceSelector').matchNames = [namespaceRef];
      }
      if (copy.kind === 'AlertmanagerConfig') parameterizeAlertmanagerConfig(child(copy, 'spec'), markers);
      break;
    }
    default:
      break;
  }
  return copy;
}
