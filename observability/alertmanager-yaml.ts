/**
 * An AlertmanagerConfig spec turned into an alertmanager.yml the way the prometheus-operator
 * mounts it: receivers named `<namespace>/<name>/<receiver>`, the route placed under a root route
 * with `namespace="<namespace>"` added and `continue: true`, the same matcher added to both sides
 * of every inhibition rule, Secret references resolved to their values. `amtool check-config` and
 * the end-to-end test run a real Alertmanager on it; a cluster without the operator can use it.
 */
import type { AlertmanagerConfigSpec, Matcher, Receiver, Route, SecretKeyRef } from './alert-routing.ts';

export interface AlertmanagerYamlOptions {
  readonly namespace: string;
  /** The AlertmanagerConfig's name. */
  readonly name: string;
  /** The value of a Secret key (tests: a local URL; amtool: a placeholder). */
  readonly secret: (ref: SecretKeyRef) => string;
}

type Config = Record<string, unknown>;

const matcherText = (matcher: Matcher): string => `${matcher.name}${matcher.matchType}${JSON.stringify(matcher.value)}`;

function route(input: Route, qualify: (name: string) => string, extra: readonly Matcher[], top: boolean): Config {
  const matchers = [...(input.matchers ?? []), ...extra];
  return {
    receiver: qualify(input.receiver),
    ...(matchers.length > 0 ? { matchers: matchers.map(matcherText) } : {}),
    ...(input.groupBy === undefined ? {} : { group_by: [...input.groupBy] }),
    ...(input.groupWait === undefined ? {} : { group_wait: input.groupWait }),
    ...(input.groupInterval === undefined ? {} : { group_interval: input.groupInterval }),
    ...(input.repeatInterval === undefined ? {} : { repeat_interval: input.repeatInterval }),
    ...(top || input.continue === true ? { continue: true } : {}),
    ...(input.routes === undefined || input.routes.length === 0 ? {} : { routes: input.routes.map((child) => route(child, qualify, [], false)) }),
  };
}

function receiver(input: Receiver, name: string, secret: AlertmanagerYamlOptions['secret']): Config {
  return {
    name,
    ...(input.slackConfigs === undefined
      ? {}
      : {
          slack_configs: input.slackConfigs.map((c) => ({
            api_url: secret(c.apiURL),
            channel: c.channel,
            send_resolved: c.sendResolved,
            title: c.title,
            text: c.text,
          })),
        }),
    ...(input.emailConfigs === undefined
      ? {}
      : {
          email_configs: input.emailConfigs.map((c) => ({
            to: c.to,
            from: c.from,
            smarthost: c.smarthost,
            ...(c.authUsername === undefined ? {} : { auth_username: c.authUsername }),
            ...(c.authPassword === undefined ? {} : { auth_password: secret(c.authPassword) }),
            send_resolved: c.sendResolved,
            headers: Object.fromEntries(c.headers.map((header) => [header.key, header.value])),
            text: c.text,
          })),
        }),
    ...(input.webhookConfigs === undefined
      ? {}
      : { webhook_configs: input.webhookConfigs.map((c) => ({ url: secret(c.urlSecret), send_resolved: c.sendResolved })) }),
    ...(input.pagerdutyConfigs === undefined
      ? {}
      : {
          pagerduty_configs: input.pagerdutyConfigs.map((c) => ({
            routing_key: secret(c.routingKey),
            send_resolved: c.sendResolved,
            description: c.description,
          })),
        }),
  };
}

export function alertmanagerYaml(spec: AlertmanagerConfigSpec, options: AlertmanagerYamlOptions): Config {
  const qualify = (name: string): string => `${options.namespace}/${options.name}/${name}`;
  const inNamespace: Matcher = { name: 'namespace', value: options.namespace, matchType: '=' };
  return {
    route: { receiver: 'null', routes: [route(spec.route, qualify, [inNamespace], true)] },
    receivers: [{ name: 'null' }, ...spec.receivers.map((r) => receiver(r, qualify(r.name), options.secret))],
    inhibit_rules: spec.inhibitRules.map((rule) => ({
      source_matchers: [...rule.sourceMatch, inNamespace].map(matcherText),
      target_matchers: [...rule.targetMatch, inNamespace].map(matcherText),
      equal: [...rule.equal],
    })),
  };
}
