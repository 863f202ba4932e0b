import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { LABELS, SUITE_NAME } from '../../core/labels.ts';
import { CONFIG_MAP_NAME, type EnvVarSpec } from '../../core/environment.ts';
import { configMapData } from '../job-environment.ts';
import { ConfigMap } from '../plus.ts';

export interface ConfigChartProps {
  readonly namespace: string;
  readonly envVars: readonly EnvVarSpec[];
  /** Profile values over the declared defaults. */
  readonly config: Readonly<Record<string, string>>;
}

/** The non-secret settings every job and the status service read. The Secret is the operators'. */
export class ConfigChart extends Chart {
  constructor(scope: Construct, id: string, props: ConfigChartProps) {
    super(scope, id, { namespace: props.namespace, disableResourceNameHashes: true });
    new ConfigMap(this, 'config', {
      metadata: { name: CONFIG_MAP_NAME, labels: { [LABELS.partOf]: SUITE_NAME } },
      data: configMapData(props.envVars, props.config),
    });
  }
}
