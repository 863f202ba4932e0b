/**
 * Stop signals caught from the first line of the entrypoint. Where the job is PID 1 (the image run
 * without an init, e.g. `podman run`), the kernel drops a signal PID 1 has no handler for: a
 * SIGTERM that arrives while the modules still load would be lost, and the run would go on to take
 * the job's lock and hold it until SIGKILL, so a retry finds it taken and skips. Caught here, such
 * a signal stops the run as soon as the runner subscribes. (On Kubernetes the CronJobs also share
 * the pod's process namespace, so pause is PID 1: infra/charts/cronjobs-chart.ts.)
 *
 * Imports nothing: it must be loaded and listening before anything heavy is.
 */

/** What the runner needs: the same shape as run-job.ts's `ProcessHooks`. */
export interface StopSignalSource {
  onStopSignal(handler: (signal: string) => void): () => void;
}

type SignalTarget = Pick<NodeJS.EventEmitter, 'on'>;

/** Listens for SIGTERM and SIGINT now; a later subscriber first hears the ones already received. */
export function catchStopSignals(target: SignalTarget = process): StopSignalSource {
  const received: string[] = [];
  const handlers = new Set<(signal: string) => void>();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    target.on(signal, () => {
      received.push(signal);
      for (const handler of handlers) handler(signal);
    });
  }
  return {
    onStopSignal(handler) {
      for (const signal of received) handler(signal);
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
      };
    },
  };
}
