import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1CronJob } from '@kubernetes/client-node';
import { jobLabels } from '../../../core/labels.ts';
import { buildManualJob, manualJobName, MAX_JOB_NAME_LENGTH } from '../../../cli/manual-job.ts';
import { cronJobFromApi } from './kube-object.ts';

const template = {
  spec: {
    backoffLimit: 2,
    activeDeadlineSeconds: 300,
    template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'pontual:1', args: ['embu-sla'] }] } },
  },
};

function cronJobWith(templateMetadata: Record<string, unknown>): V1CronJob {
  return cronJobFromApi({
    metadata: { name: 'embu-sla', namespace: 'pontual', uid: 'c0ffee', labels: { team: 'ops' } },
    spec: { schedule: '*/15 * * * *', jobTemplate: { metadata: templateMetadata, ...template } },
  });
}

const cronJob = cronJobWith({ labels: jobLabels('embu-sla'), annotations: { 'pontual.io/description': 'SLA' } });

test('the Job is what `kubectl create job --from=cronjob/embu-sla` builds', () => {
  const job = buildManualJob(cronJob, 'embu-sla-manual-x7k2p');
  assert.deepEqual(job, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'embu-sla-manual-x7k2p',
      annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', 'pontual.io/description': 'SLA' },
      // The template's labels, not the CronJob's own.
      labels: jobLabels('embu-sla'),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'embu-sla', uid: 'c0ffee', controller: true }],
    },
    spec: cronJob.spec.jobTemplate.spec,
  });
});

test('a template annotation named like the manual marker wins, as in kubectl', () => {
  const job = buildManualJob(cronJobWith({ annotations: { 'cronjob.kubernetes.io/instantiate': 'template' } }), 'x');
  assert.equal(job.metadata?.annotations?.['cronjob.kubernetes.io/instantiate'], 'template');
  assert.equal(job.metadata.labels, undefined);
});

test('names are <cronjob>-manual-<5 characters>, shortened to 63 characters for the longest CronJob names', () => {
  assert.match(manualJobName('store-status'), /^store-status-manual-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  const longest = `${'a'.repeat(50)}-b`;
  const name = manualJobName(longest, () => new Uint8Array([0, 1, 2, 3, 4]));
  assert.equal(name.length, MAX_JOB_NAME_LENGTH);
  assert.equal(name, `${'a'.repeat(50)}-manual-bcdfg`);
  assert.notEqual(manualJobName('x'), manualJobName('x'));
});
