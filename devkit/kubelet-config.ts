/**
 * The test node's KubeletConfiguration (docs/control-plane.md, "The node"): a pure function of its
 * directories, ports and addresses. Each setting that differs from a production kubelet says why.
 */
import { join } from 'node:path';

export interface KubeletSettings {
  readonly dir: string;
  /** The containerd socket. */
  readonly runtimeSocket: string;
  /** Cgroup under every v1 controller (and cgroup2), made by the harness before kubelet starts. */
  readonly cgroupRoot: string;
  readonly address: string;
  readonly port: number;
  readonly healthzPort: number;
  readonly clientCaFile: string;
}

export function kubeletConfig(settings: KubeletSettings): string {
  const config = {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    // Logs and exec reach the kubelet at the node's InternalIP (the bridge gateway), never 0.0.0.0.
    address: settings.address,
    port: settings.port,
    healthzBindAddress: '127.0.0.1',
    healthzPort: settings.healthzPort,
    readOnlyPort: 0,
    containerRuntimeEndpoint: `unix://${settings.runtimeSocket}`,
    cgroupDriver: 'cgroupfs',
    cgroupRoot: settings.cgroupRoot,
    // These machines run cgroup v1 (hybrid); Kubernetes >= 1.35 refuses it unless told otherwise.
    failCgroupV1: false,
    failSwapOn: false,
    authentication: {
      x509: { clientCAFile: settings.clientCaFile },
      anonymous: { enabled: false },
      webhook: { enabled: false },
    },
    // A throwaway test node: only the API server (its kubelet client cert) talks to it.
    authorization: { mode: 'AlwaysAllow' },
    // The machine's disks and memory are shared with everything else: never evict test pods
    // because of them, and never garbage-collect the imported images (no registry to pull from).
    evictionHard: { 'memory.available': '1Mi', 'nodefs.available': '1%', 'imagefs.available': '1%', 'nodefs.inodesFree': '1%' },
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    registerNode: true,
    maxPods: 30,
    // Instead of /usr/libexec/kubernetes and /var/log/pods.
    volumePluginDir: join(settings.dir, 'volume-plugins'),
    podLogsDir: join(settings.dir, 'pod-logs'),
    // The KUBE-* chains would change the host's iptables.
    makeIPTablesUtilChains: false,
    resolvConf: '/etc/resolv.conf',
    // Quick feedback for the tests: status and pod events without the production batching.
    nodeStatusUpdateFrequency: '2s',
    syncFrequency: '5s',
    fileCheckFrequency: '5s',
    shutdownGracePeriod: '0s',
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
