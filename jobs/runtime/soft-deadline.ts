/**
 * When the runtime aborts a run on its own, ahead of Kubernetes' activeDeadlineSeconds: early
 * enough to release the lock, write the ledger entry and log the finish line before the kubelet
 * kills the pod, which would leave none of those behind.
 */

/** A tenth of the timeout, at least one second and at most fifteen. */
export function softDeadlineMs(timeoutSeconds: number): number {
  const timeoutMs = timeoutSeconds * 1000;
  const margin = Math.min(15_000, Math.max(1_000, Math.ceil(timeoutMs / 10)));
  return Math.max(timeoutMs - margin, Math.ceil(timeoutMs / 2));
}
