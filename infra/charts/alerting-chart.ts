import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { LABELS, SUITE_NAME } from '../../core/labels.ts';
import { alertmanagerConfigSpec } from '../../observability/alert-routing.ts';
import type { Profile } from '../profiles.ts';

export const ALERTMANAGER_CONFIG_NAME = 'pontual';

export interface AlertingChartProps {
  readonly profile: Profile;
}

/**
 * The AlertmanagerConfig routing pontual's alerts to the receivers of the profile. A plain
 * ApiObject: the typed import of this CRD would add a megabyte of generated code for five fields.
 */
export class AlertingChart extends Chart {
  constructor(scope: Construct, id: string, props: AlertingChartProps) {
    super(scope, id, { namespace: props.profile.namespace, disableResourceNameHashes: true });
    const { profile } = props;
    new ApiObject(this, 'alertmanager-config', {
      apiVersion: 'monitoring.coreos.com/v1alpha1',
      kind: 'AlertmanagerConfig',
      metadata: {
        name: ALERTMANAGER_CONFIG_NAME,
        // kube-prometheus-stack's Alertmanager selects AlertmanagerConfigs by these labels once told to (docs/observability.md).
        labels: { [LABELS.partOf]: SUITE_NAME, ...profile.monitoring.selectorLabels },
      },
      spec: alertmanagerConfigSpec(profile.alerting.settings),
    });
  }
}
