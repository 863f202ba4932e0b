/**
 * Where pontual's alerts go: the spec of an AlertmanagerConfig (monitoring.coreos.com/v1alpha1) as
 * plain data. Alerts are grouped per CronJob and routed by severity to the receivers an operator
 * turns on; every credential (Slack webhook, PagerDuty key, webhook URL, SMTP password, heartbeat
 * ping URL) is a reference to a key of one Secret, never a value in the manifests.
 */
import { HEARTBEAT_ALERT, STATUS_DOWN_ALERT } from './alert-rules.ts';

export const RECEIVER_KINDS = ['slack', 'email', 'webhook', 'pagerduty'] as const;
export type ReceiverKind = (typeof RECEIVER_KINDS)[number];
export const SEVERITIES = ['critical', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The keys of the alerting Secret, one per credential. */
export const ALERTING_SECRET_KEYS = {
  slack: 'slack-webhook-url',
  email: 'smtp-password',
  webhook: 'webhook-url',
  pagerduty: 'pagerduty-routing-key',
  heartbeat: 'heartbeat-url',
} as const;

export interface AlertingSettings {
  /** The Secret holding the receivers' credentials (keys: ALERTING_SECRET_KEYS), in pontual's namespace. */
  readonly secretName: string;
  /** Per severity, which receivers get the notification. */
  readonly routes: Readonly<Record<Severity, Readonly<Record<ReceiverKind, boolean>>>>;
  readonly slack: { readonly channel: string };
  readonly email: { readonly to: string; readonly from: string; readonly smarthost: string; readonly authUsername: string };
  /** The dead-man's switch: the always-firing heartbeat alert sent to the ping URL of the Secret. */
  readonly heartbeat: { readonly enabled: boolean; readonly interval: string };
  readonly groupWait: string;
  readonly groupInterval: string;
  readonly repeatInterval: string;
}

export const DEFAULT_ALERTING_SECRET = 'pontual-alerting';

export function defaultAlertingSettings(): AlertingSettings {
  const none = { slack: false, email: false, webhook: false, pagerduty: false };
  return {
    secretName: DEFAULT_ALERTING_SECRET,
    routes: { critical: { ...none }, warning: { ...none } },
    slack: { channel: '#pontual-alerts' },
    email: { to: '', from: '', smarthost: '', authUsername: '' },
    heartbeat: { enabled: false, interval: '5m' },
    groupWait: '30s',
    groupInterval: '5m',
    repeatInterval: '4h',
  };
}

export interface Matcher {
  readonly name: string;
  readonly value: string;
  readonly matchType: '=' | '!=' | '=~' | '!~';
}

export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

export interface Route {
  readonly receiver: string;
  readonly matchers?: readonly Matcher[];
  readonly groupBy?: readonly string[];
  readonly groupWait?: string;
  readonly groupInterval?: string;
  readonly repeatInterval?: string;
  readonly continue?: boolean;
  readonly routes?: readonly Route[];
}

export interface Receiver {
  readonly name: string;
  readonly slackConfigs?: readonly { apiURL: SecretKeyRef; channel: string; sendResolved: boolean; title: string; text: string }[];
  readonly emailConfigs?: readonly {
    to: string;
    from: string;
    smarthost: string;
    authUsername?: string;
    authPassword?: SecretKeyRef;
    sendResolved: boolean;
    headers: readonly { key: string; value: string }[];
    text: string;
  }[];
  readonly webhookConfigs?: readonly { urlSecret: SecretKeyRef; sendResolved: boolean }[];
  readonly pagerdutyConfigs?: readonly { routingKey: SecretKeyRef; sendResolved: boolean; description: string }[];
}

export interface InhibitRule {
  readonly sourceMatch: readonly Matcher[];
  readonly targetMatch: readonly Matcher[];
  readonly equal: readonly string[];
}

export interface AlertmanagerConfigSpec {
  readonly route: Route;
  readonly receivers: readonly Receiver[];
  readonly inhibitRules: readonly InhibitRule[];
}

/** Receiver names inside the AlertmanagerConfig (the operator prefixes them with namespace/name/). */
export const RECEIVERS = { none: 'none', heartbeat: 'heartbeat', critical: 'critical', warning: 'warning' } as const;

/**
 * One line per alert of the group: which job, what failed (reason, exit code), since when, and the
 * runbook and status-page links. Alertmanager's Go templates, over the annotations the rules set.
 */
export const NOTIFICATION_TITLE =
  '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] ' +
  '{{ .CommonLabels.alertname }}{{ with .CommonLabels.cronjob }} {{ $.CommonLabels.namespace }}/{{ . }}{{ end }}';
export const NOTIFICATION_TEXT =
  '{{ range .Alerts }}{{ .Annotations.summary }} ({{ .Labels.severity }})\n' +
  '{{ .Annotations.description }}\n' +
  '{{ with .Annotations.failure }}What failed: {{ . }}\n{{ end }}' +
  '{{ with .Annotations.last_success }}Last success: {{ . }}\n{{ end }}' +
  'Since: {{ .StartsAt.Format "2006-01-02 15:04:05 MST" }}{{ if eq .Status "resolved" }}, resolved {{ .EndsAt.Format "2006-01-02 15:04:05 MST" }}{{ end }}\n' +
  'Runbook: {{ .Annotations.runbook_url }}\n' +
  '{{ with .Annotations.status_url }}Status page: {{ . }}\n{{ end }}\n{{ end }}';

const equals = (name: string, value: string): Matcher => ({ name, value, matchType: '=' });

function receiver(name: string, kinds: Readonly<Record<ReceiverKind, boolean>>, settings: AlertingSettings): Receiver {
  const secret = (key: string): SecretKeyRef => ({ name: settings.secretName, key });
  const { email } = settings;
  return {
    name,
    ...(kinds.slack
      ? {
          slackConfigs: [
            {
              apiURL: secret(ALERTING_SECRET_KEYS.slack),
              channel: settings.slack.channel,
              sendResolved: true,
              title: NOTIFICATION_TITLE,
              text: NOTIFICATION_TEXT,
            },
          ],
        }
      : {}),
    ...(kinds.email
      ? {
          emailConfigs: [
            {
              to: email.to,
              from: email.from,
              smarthost: email.smarthost,
              ...(email.authUsername === '' ? {} : { authUsername: email.authUsername, authPassword: secret(ALERTING_SECRET_KEYS.email) }),
              sendResolved: true,
              headers: [{ key: 'Subject', value: NOTIFICATION_TITLE }],
              text: NOTIFICATION_TEXT,
            },
          ],
        }
      : {}),
    ...(kinds.webhook ? { webhookConfigs: [{ urlSecret: secret(ALERTING_SECRET_KEYS.webhook), sendResolved: true }] } : {}),
    ...(kinds.pagerduty
      ? { pagerdutyConfigs: [{ routingKey: secret(ALERTING_SECRET_KEYS.pagerduty), sendResolved: true, description: NOTIFICATION_TITLE }] }
      : {}),
  };
}

/** Alerts of kube-prometheus-stack's kubernetes-mixin that fire for every failed pontual Job as well. */
export const KUBE_JOB_ALERTS = 'KubeJobFailed|KubeJobNotCompleted';

export function alertmanagerConfigSpec(settings: AlertingSettings): AlertmanagerConfigSpec {
  const routes: Route[] = [];
  if (settings.heartbeat.enabled) {
    // Sent again every interval while it fires; never "resolved", which a ping URL would read as a ping.
    routes.push({
      receiver: RECEIVERS.heartbeat,
      matchers: [equals('alertname', HEARTBEAT_ALERT)],
      groupBy: ['namespace'],
      groupWait: '0s',
      groupInterval: settings.heartbeat.interval,
      repeatInterval: settings.heartbeat.interval,
    });
  }
  for (const severity of SEVERITIES) routes.push({ receiver: RECEIVERS[severity], matchers: [equals('severity', severity)] });

  const receivers: Receiver[] = [{ name: RECEIVERS.none }, ...SEVERITIES.map((severity) => receiver(RECEIVERS[severity], settings.routes[severity], settings))];
  if (settings.heartbeat.enabled) {
    receivers.push({
      name: RECEIVERS.heartbeat,
      webhookConfigs: [{ urlSecret: { name: settings.secretName, key: ALERTING_SECRET_KEYS.heartbeat }, sendResolved: false }],
    });
  }
  return {
    route: {
      // Unrouted (the heartbeat when it is off) goes nowhere.
      receiver: RECEIVERS.none,
      // The operator adds `namespace="<this namespace>"`; pontual's alerts only, so the cluster's
      // other alerts about this namespace keep reaching whoever kube-prometheus-stack sends them to.
      matchers: [{ name: 'alertname', value: 'Pontual.+', matchType: '=~' }],
      groupBy: ['namespace', 'cronjob'],
      groupWait: settings.groupWait,
      groupInterval: settings.groupInterval,
      repeatInterval: settings.repeatInterval,
      routes,
    },
    receivers,
    inhibitRules: [
      // Without the status service the job alerts are stale, not news: one page, not one per job.
      {
        sourceMatch: [equals('alertname', STATUS_DOWN_ALERT)],
        targetMatch: [{ name: 'alertname', value: 'PontualCronJob.+', matchType: '=~' }],
        equal: ['namespace'],
      },
      // While pontual watches its jobs (the heartbeat fires), its own alerts cover failed Jobs and
      // resolve on the next success; KubeJobFailed would stay until the failed Job is deleted.
      {
        sourceMatch: [equals('alertname', HEARTBEAT_ALERT)],
        targetMatch: [{ name: 'alertname', value: KUBE_JOB_ALERTS, matchType: '=~' }],
        equal: ['namespace'],
      },
    ],
  };
}
