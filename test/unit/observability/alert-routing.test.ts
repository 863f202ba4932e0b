import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  alertmanagerConfigSpec,
  defaultAlertingSettings,
  NOTIFICATION_TEXT,
  NOTIFICATION_TITLE,
  RECEIVER_KINDS,
  type AlertingSettings,
} from '../../../observability/alert-routing.ts';
import { alertmanagerYaml } from '../../../observability/alertmanager-yaml.ts';

const dir = mkdtempSync(join(tmpdir(), 'pontual-amtool-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Debian's amtool (prometheus-alertmanager); fails with what to do when it is missing, never skips. */
function amtool(args: readonly string[]): { code: number | null; output: string } {
  const result = spawnSync('amtool', args, { encoding: 'utf8' });
  if (result.error !== undefined)
    throw new Error('amtool is not installed: run npm run setup (apt-get install prometheus-alertmanager)', { cause: result.error });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

const everything: AlertingSettings = {
  ...defaultAlertingSettings(),
  routes: {
    critical: { slack: true, email: true, webhook: true, pagerduty: true },
    warning: { slack: true, email: false, webhook: true, pagerduty: false },
  },
  email: { to: 'ops@example.com', from: 'pontual@example.com', smarthost: 'smtp.example.com:587', authUsername: 'pontual' },
  heartbeat: { enabled: true, interval: '5m' },
};

function writeConfig(settings: AlertingSettings, file: string): string {
  const config = alertmanagerYaml(alertmanagerConfigSpec(settings), {
    namespace: 'pontual',
    name: 'pontual',
    secret: (ref) => (ref.key === 'pagerduty-routing-key' || ref.key === 'smtp-password' ? `value-of-${ref.key}` : `https://hooks.example.com/${ref.key}`),
  });
  const path = join(dir, file);
  writeFileSync(path, stringify(config, { lineWidth: 0 }));
  return path;
}

test('amtool check-config accepts the generated config with every receiver and the heartbeat on, and with all off', () => {
  for (const [file, settings] of [
    ['all.yml', everything],
    ['none.yml', defaultAlertingSettings()],
  ] as const) {
    const checked = amtool(['check-config', writeConfig(settings, file)]);
    assert.equal(checked.code, 0, checked.output);
    assert.match(checked.output, /SUCCESS/);
  }
});

test('routes by severity, the heartbeat to its ping URL, other namespaces and other alerts nowhere', () => {
  const config = writeConfig(everything, 'routes.yml');
  const routesTo = (labels: string[], receivers: string): void => {
    const result = amtool(['config', 'routes', 'test', `--config.file=${config}`, `--verify.receivers=${receivers}`, ...labels]);
    assert.equal(result.code, 0, `${labels.join(' ')} → ${result.output}`);
  };
  routesTo(['alertname=PontualCronJobConsecutiveFailures', 'severity=critical', 'namespace=pontual', 'cronjob=bonus-calc'], 'pontual/pontual/critical');
  routesTo(['alertname=PontualCronJobLastRunFailed', 'severity=warning', 'namespace=pontual', 'cronjob=bonus-calc'], 'pontual/pontual/warning');
  routesTo(['alertname=PontualHeartbeat', 'severity=none', 'namespace=pontual'], 'pontual/pontual/heartbeat');
  routesTo(['alertname=PontualCronJobLastRunFailed', 'severity=warning', 'namespace=elsewhere'], 'null');
  routesTo(['alertname=KubePodCrashLooping', 'severity=warning', 'namespace=pontual'], 'null');
});

test('notifications are grouped per CronJob, and the status-service outage silences the job alerts', () => {
  const spec = alertmanagerConfigSpec(everything);
  assert.deepEqual(spec.route.groupBy, ['namespace', 'cronjob']);
  const inhibit = spec.inhibitRules.find((rule) => rule.sourceMatch.some((m) => m.value === 'PontualStatusServiceDown'));
  assert.ok(inhibit);
  assert.deepEqual(inhibit.targetMatch, [{ name: 'alertname', value: 'PontualCronJob.+', matchType: '=~' }]);
  assert.deepEqual(inhibit.equal, ['namespace']);
  const kube = spec.inhibitRules.find((rule) => rule.targetMatch.some((m) => m.value.includes('KubeJobFailed')));
  assert.equal(kube?.sourceMatch[0]?.value, 'PontualHeartbeat', 'KubeJobFailed is silenced only while pontual itself is watching');
});

test('every credential is a Secret reference: no receiver carries a URL, key or password', () => {
  const text = JSON.stringify(alertmanagerConfigSpec(everything));
  assert.doesNotMatch(text, /https?:\/\//);
  for (const kind of RECEIVER_KINDS) assert.ok(text.includes(`"name":"pontual-alerting"`), kind);
  const refs = [...text.matchAll(/\{"name":"pontual-alerting","key":"([a-z-]+)"\}/g)].map((match) => match[1]);
  assert.deepEqual([...new Set(refs)].sort(), ['heartbeat-url', 'pagerduty-routing-key', 'slack-webhook-url', 'smtp-password', 'webhook-url']);
});

test('the heartbeat is never sent as resolved: a resolved notification would be a ping', () => {
  const heartbeat = alertmanagerConfigSpec(everything).receivers.find((receiver) => receiver.name === 'heartbeat');
  assert.equal(heartbeat?.webhookConfigs?.[0]?.sendResolved, false);
});

test('the notification text names the job, what failed, since when, the runbook and the status page', () => {
  const data = {
    receiver: 'pontual/pontual/warning',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'PontualCronJobLastRunFailed', namespace: 'pontual', cronjob: 'bonus-calc', severity: 'warning' },
        annotations: {
          summary: 'CronJob pontual/bonus-calc: the last run failed',
          description: 'The most recent finished run of CronJob bonus-calc in namespace pontual failed.',
          failure: 'reason PodFailurePolicy, exit code 2',
          last_success: '2026-03-02 09:00:12 +0000 UTC',
          runbook_url: 'https://runbooks.example/runbooks.md#pontualcronjoblastrunfailed',
          status_url: 'https://status.example/jobs/bonus-calc',
        },
        startsAt: '2026-03-03T09:00:40Z',
        endsAt: '0001-01-01T00:00:00Z',
      },
    ],
    groupLabels: { namespace: 'pontual', cronjob: 'bonus-calc' },
    commonLabels: { alertname: 'PontualCronJobLastRunFailed', namespace: 'pontual', cronjob: 'bonus-calc', severity: 'warning' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example',
  };
  const dataPath = join(dir, 'data.json');
  writeFileSync(dataPath, JSON.stringify(data));
  const render = (template: string): string => {
    // No template files of our own: the glob only has to match something harmless.
    const result = amtool(['template', 'render', `--template.glob=${dataPath}`, `--template.text=${template}`, `--template.data=${dataPath}`]);
    assert.equal(result.code, 0, result.output);
    return result.output;
  };
  assert.equal(render(NOTIFICATION_TITLE).trim(), '[FIRING:1] PontualCronJobLastRunFailed pontual/bonus-calc');
  const text = render(NOTIFICATION_TEXT);
  assert.match(text, /CronJob pontual\/bonus-calc: the last run failed \(warning\)/);
  assert.match(text, /What failed: reason PodFailurePolicy, exit code 2/);
  assert.match(text, /Last success: 2026-03-02 09:00:12 \+0000 UTC/);
  assert.match(text, /Since: 2026-03-03 09:00:40 UTC/);
  assert.match(text, /Runbook: https:\/\/runbooks\.example\/runbooks\.md#pontualcronjoblastrunfailed/);
  assert.match(text, /Status page: https:\/\/status\.example\/jobs\/bonus-calc/);
});
