/**
 * The one module that imports cdk8s-plus, so moving to a maintained cdk8s-plus-3x is a one-line
 * change. The workloads (CronJob, Deployment) are written with the L1 `k8s` classes it ships rather
 * than its L2 constructs: the L2 ones default to 1 CPU / 512Mi requests, `imagePullPolicy: Always`,
 * a 10 s startingDeadline, build schedules from fields (`Cron.schedule({ hour: '3' })` is every
 * minute of 03:xx) and cannot express podFailurePolicy or Job template labels without JSON patches.
 * The L2 constructs are used where they add nothing surprising.
 */
export { k8s, Namespace, ConfigMap, ServiceAccount } from 'cdk8s-plus-28';
