/**
 * How the real job controller treats a run's exit code and deadline, with the synthesized Job
 * template (podFailurePolicy, backoffLimit, activeDeadlineSeconds) and a manual run created the
 * way `kubectl create job --from=cronjob/<name>` (and `kubectl pontual run`) creates it.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { findJob } from '../../core/catalog.ts';
import { MANUAL_INSTANTIATE_ANNOTATION } from '../../core/labels.ts';
import { startControlPlane, type ControlPlane } from '../../devkit/control-plane.ts';
import { installMonitoringCrds, kubeClients, kubectlOk, synthManifests, waitForJobEnd, type KubeClients } from '../../devkit/kube.ts';
import { finishPods, startPods } from '../../devkit/kubelet.ts';

const NAMESPACE = 'pontual';

describe('runs on a real control plane', { concurrency: true }, () => {
  let plane: ControlPlane;
  let clients: KubeClients;
  let manifests: string;

  before(async () => {
    plane = await startControlPlane();
    clients = kubeClients(plane.kubeconfigPath);
    manifests = synthManifests();
    await installMonitoringCrds(plane);
    await plane.createNamespace(NAMESPACE, { podSecurity: 'restricted' });
    await kubectlOk(plane, ['apply', '--server-side', '-f', manifests]);
  });

  after(async () => {
    await plane.stop();
    rmSync(manifests, { recursive: true, force: true });
  });

  const manualRun = async (cronJob: string, name: string): Promise<void> => {
    await kubectlOk(plane, ['create', 'job', name, `--from=cronjob/${cronJob}`, '-n', NAMESPACE]);
  };
  const podsOf = async (job: string): Promise<{ phase: string; exitCode: number | undefined }[]> => {
    const list = await clients.core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: `batch.kubernetes.io/job-name=${job}` });
    return list.items.map((pod) => ({
      phase: pod.status?.phase ?? '',
      exitCode: pod.status?.containerStatuses?.[0]?.state?.terminated?.exitCode,
    }));
  };

  test('a manual run created like kubectl create job --from completes when its pod exits 0', async () => {
    await manualRun('embu-sla', 'embu-sla-manual');
    await finishPods(plane.kubeconfigPath, NAMESPACE, 'embu-sla-manual', { exitCode: 0 });
    const end = await waitForJobEnd(clients.batch, NAMESPACE, 'embu-sla-manual');
    assert.equal(end.type, 'Complete');
    assert.equal(end.job.status?.succeeded, 1);
    assert.equal(end.job.metadata?.annotations?.[MANUAL_INSTANTIATE_ANNOTATION], 'manual');
    assert.equal(end.job.metadata.ownerReferences?.[0]?.name, 'embu-sla');
  });

  test('exit code 2 fails the Job at once through the podFailurePolicy, without retries', async () => {
    await manualRun('extrema-sla', 'extrema-sla-config-error');
    await finishPods(plane.kubeconfigPath, NAMESPACE, 'extrema-sla-config-error', { exitCode: 2, terminationMessage: 'CONFIG_INVALID: WMS_API_URL is not a URL' });
    const end = await waitForJobEnd(clients.batch, NAMESPACE, 'extrema-sla-config-error');
    assert.equal(end.type, 'Failed');
    assert.equal(end.reason, 'PodFailurePolicy');
    assert.deepEqual(await podsOf('extrema-sla-config-error'), [{ phase: 'Failed', exitCode: 2 }]);
  });

  test('exit code 1 is retried up to backoffLimit, then the Job fails with BackoffLimitExceeded', { timeout: 180_000 }, async () => {
    const backoffLimit = findJob('bonus-calc')?.backoffLimit ?? 0;
    assert.ok(backoffLimit >= 1, 'bonus-calc retries');
    await manualRun('bonus-calc', 'bonus-calc-flaky');
    // The job controller recreates the pod after its backoff (10 s, then 20 s, ...).
    for (let attempt = 0; attempt <= backoffLimit; attempt++) {
      await finishPods(plane.kubeconfigPath, NAMESPACE, 'bonus-calc-flaky', { exitCode: 1, timeoutMs: 90_000 });
    }
    const end = await waitForJobEnd(clients.batch, NAMESPACE, 'bonus-calc-flaky');
    assert.equal(end.type, 'Failed');
    assert.equal(end.reason, 'BackoffLimitExceeded');
    assert.equal(end.job.status?.failed, backoffLimit + 1);
    const pods = await podsOf('bonus-calc-flaky');
    assert.equal(pods.length, backoffLimit + 1);
    assert.ok(pods.every((pod) => pod.phase === 'Failed' && pod.exitCode === 1));
  });

  test('a run still going at activeDeadlineSeconds ends with reason DeadlineExceeded', async () => {
    // A manual run with the template's spec but a 5 s deadline instead of the catalog's.
    const job = JSON.parse(
      await kubectlOk(plane, ['create', 'job', 'store-status-stuck', '--from=cronjob/store-status', '-n', NAMESPACE, '--dry-run=client', '-o', 'json']),
    ) as { spec: { activeDeadlineSeconds?: number } };
    assert.equal(job.spec.activeDeadlineSeconds, findJob('store-status')?.timeoutSeconds, 'the template carries the catalog timeout');
    job.spec.activeDeadlineSeconds = 5;
    await kubectlOk(plane, ['create', '-f', '-'], JSON.stringify(job));
    await startPods(plane.kubeconfigPath, NAMESPACE, 'store-status-stuck');
    const end = await waitForJobEnd(clients.batch, NAMESPACE, 'store-status-stuck', 30_000);
    assert.equal(end.type, 'Failed');
    assert.equal(end.reason, 'DeadlineExceeded');
  });
});
