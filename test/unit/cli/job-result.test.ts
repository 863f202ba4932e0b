import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { describeProgress, failureSummary, runVerdict } from '../../../cli/job-result.ts';
import { jobFromApi, podFromApi } from './kube-object.ts';

const started = new Date('2026-11-29T12:00:00Z');

function job(status: Record<string, unknown>, backoffLimit = 2): V1Job {
  return jobFromApi({
    metadata: { name: 'embu-sla-manual-x7k2p', uid: 'u1' },
    spec: { backoffLimit, template: {} },
    status: { startTime: started, ...status },
  });
}

function pod(name: string, phase: string, createdSecond: number, exitCode?: number, waiting?: string, ownerUid = 'u1'): V1Pod {
  return podFromApi({
    metadata: {
      name,
      creationTimestamp: new Date(started.getTime() + createdSecond * 1000),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'j', uid: ownerUid }],
    },
    status: {
      phase,
      containerStatuses: [
        {
          name: 'job',
          image: 'i',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: exitCode !== undefined ? { terminated: { exitCode } } : waiting !== undefined ? { waiting: { reason: waiting } } : { running: {} },
        },
      ],
    },
  });
}

test('a Failed condition fails the run with its reason and the newest pod exit code', () => {
  const failed = job({
    failed: 1,
    conditions: [
      {
        type: 'Failed',
        status: 'True',
        reason: 'PodFailurePolicy',
        message: 'Container job for pod x failed with exit code 2 matching FailJob rule at index 0',
        lastTransitionTime: new Date('2026-11-29T12:00:42Z'),
      },
    ],
  });
  const pods = [pod('old', 'Failed', 0, 1), pod('new', 'Failed', 10, 2)];
  const result = runVerdict(failed, pods);
  assert.deepEqual(result, {
    outcome: 'failed',
    reason: 'PodFailurePolicy',
    message: 'Container job for pod x failed with exit code 2 matching FailJob rule at index 0',
    exitCode: 2,
    pod: 'new',
    startedAt: started,
    finishedAt: new Date('2026-11-29T12:00:42Z'),
  });
  assert.equal(
    failureSummary(result),
    'PodFailurePolicy: Container job for pod x failed with exit code 2 matching FailJob rule at index 0; pod new exited with code 2',
  );
  assert.equal(describeProgress(failed, pods), `failed: ${failureSummary(result)}`);
});

test('Complete succeeds, using completionTime', () => {
  const done = job({ succeeded: 1, completionTime: new Date('2026-11-29T12:01:00Z'), conditions: [{ type: 'Complete', status: 'True' }] });
  assert.deepEqual(runVerdict(done, [pod('p', 'Succeeded', 0, 0)]), {
    outcome: 'succeeded',
    reason: '',
    pod: 'p',
    startedAt: started,
    finishedAt: new Date('2026-11-29T12:01:00Z'),
  });
});

test('a failure Kubernetes has no reason for is named by the exit code, as on the dashboards', () => {
  const failed = job({ failed: 1, conditions: [{ type: 'Failed', status: 'True', reason: 'SomethingNew', message: 'x' }] });
  const verdict = runVerdict(failed, [pod('p', 'Failed', 0, 137)]);
  assert.equal(verdict.reason, 'ExitCode137');
  assert.equal(failureSummary(verdict), 'ExitCode137: x');
});

test('a FailureTarget condition alone is not the end yet: the Job is still terminating its pods', () => {
  const terminating = job({ active: 1, conditions: [{ type: 'FailureTarget', status: 'True', reason: 'PodFailurePolicy' }] });
  assert.equal(runVerdict(terminating, [pod('p', 'Running', 0)]).outcome, 'running');
});

test('progress names the pod, its phase or waiting reason, and the attempt out of backoffLimit + 1', () => {
  assert.equal(describeProgress(job({}), []), 'waiting for the job controller to create a pod');
  assert.equal(
    describeProgress(job({ active: 1 }), [pod('p1', 'Pending', 0, undefined, 'ContainerCreating')]),
    'pod p1 Pending: ContainerCreating (attempt 1 of 3)',
  );
  assert.equal(describeProgress(job({ active: 1, failed: 1 }), [pod('p1', 'Failed', 0, 1), pod('p2', 'Running', 5)]), 'pod p2 Running (attempt 2 of 3)');
  assert.equal(describeProgress(job({ active: 1 }, 0), [pod('p1', 'Running', 0)]), 'pod p1 Running');
});

test('pods of another Job with the same labels are ignored', () => {
  const stranger = pod('stranger', 'Failed', 99, 137, undefined, 'u2');
  assert.equal(runVerdict(job({ active: 1 }), [pod('mine', 'Running', 0), stranger]).pod, 'mine');
});
