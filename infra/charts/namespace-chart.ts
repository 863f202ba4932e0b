import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { LABELS, SUITE_NAME } from '../../core/labels.ts';
import { Namespace } from '../plus.ts';

/** Pod Security Admission refuses any pod of the namespace that is not `restricted`. */
export const POD_SECURITY_LABELS: Readonly<Record<string, string>> = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};

export interface NamespaceChartProps {
  readonly namespace: string;
}

export class NamespaceChart extends Chart {
  constructor(scope: Construct, id: string, props: NamespaceChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    new Namespace(this, 'namespace', {
      metadata: { name: props.namespace, labels: { [LABELS.partOf]: SUITE_NAME, ...POD_SECURITY_LABELS } },
    });
  }
}
