/**
 * The test node's containerd and CNI configuration (docs/control-plane.md, "The node"): pure
 * functions of the node's directories and addresses. Everything containerd and the CNI plugins
 * write lives under the node's run directory, never in /var/lib, /run or /etc.
 */
import { join } from 'node:path';

export interface ContainerdPaths {
  /** The node's run directory. */
  readonly dir: string;
  /** Directory holding the CNI plugin binaries. */
  readonly cniBinDir: string;
  /** The image containerd uses for pod sandboxes (imported from the toolchain's pause archive). */
  readonly pauseImage: string;
  readonly streamPort: number;
}

export function containerdSocket(dir: string): string {
  return join(dir, 'containerd', 'containerd.sock');
}

/**
 * Plugins that need hardware, kernel modules or services this sandbox lacks; disabled so
 * containerd's log holds only what matters.
 */
const DISABLED_PLUGINS = [
  'io.containerd.nri.v1.nri',
  'io.containerd.internal.v1.opt',
  'io.containerd.snapshotter.v1.btrfs',
  'io.containerd.snapshotter.v1.zfs',
  'io.containerd.snapshotter.v1.devmapper',
  'io.containerd.snapshotter.v1.erofs',
  'io.containerd.tracing.processor.v1.otlp',
];

const quote = (value: string): string => `'${value}'`;

export function containerdConfig(paths: ContainerdPaths): string {
  const c = (...parts: string[]): string => quote(join(paths.dir, 'containerd', ...parts));
  return `version = 3
root = ${c('root')}
state = ${c('state')}
disabled_plugins = [${DISABLED_PLUGINS.map(quote).join(', ')}]

[grpc]
  address = ${quote(containerdSocket(paths.dir))}

[ttrpc]
  address = ${c('containerd.sock.ttrpc')}

[plugins]
  [plugins.'io.containerd.shim.v1.manager']
    # At most 42 characters (unix socket paths are short): directly under the node directory.
    socket_dir = ${quote(join(paths.dir, 's'))}

  [plugins.'io.containerd.cri.v1.images']
    snapshotter = 'overlayfs'
    [plugins.'io.containerd.cri.v1.images'.pinned_images]
      sandbox = ${quote(paths.pauseImage)}

  [plugins.'io.containerd.cri.v1.runtime']
    # Without CAP_SYS_RESOURCE runc cannot lower a process's oom_score_adj below containerd's:
    # unrestricted, every sandbox fails ("can't get final child's PID from pipe: EOF").
    restrict_oom_score_adj = true
    # Network namespaces under the state dir, not the host's /var/run/netns.
    netns_mounts_under_state_dir = true
    enable_cdi = false
    cdi_spec_dirs = []
    [plugins.'io.containerd.cri.v1.runtime'.containerd]
      default_runtime_name = 'runc'
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
        runtime_type = 'io.containerd.runc.v2'
        [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
          BinaryName = '/usr/sbin/runc'
          Root = ${c('runc')}
          SystemdCgroup = false
    [plugins.'io.containerd.cri.v1.runtime'.cni]
      bin_dirs = [${quote(paths.cniBinDir)}]
      conf_dir = ${quote(join(paths.dir, 'cni', 'net.d'))}

  [plugins.'io.containerd.grpc.v1.cri']
    disable_tcp_service = true
    stream_server_address = '127.0.0.1'
    stream_server_port = '${paths.streamPort}'
`;
}

export interface BridgeNetwork {
  /** Linux bridge name (at most 15 characters). */
  readonly bridge: string;
  /** e.g. `10.88.12.0/24`. */
  readonly subnet: string;
  /** The bridge's own address: the pods' gateway and the node's InternalIP. */
  readonly gateway: string;
}

/**
 * A bridge with host-local addresses and a default route through the host. No ipMasq and no
 * portmap in the chain (the toolchain builds it for a hostPort test to add): both write iptables
 * rules on the host, and pods only need to reach the host itself (sources and Redis listen on the
 * gateway address).
 */
export function cniConfList(network: BridgeNetwork, dir: string): string {
  return `${JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'pontual-test',
      plugins: [
        {
          type: 'bridge',
          bridge: network.bridge,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            ranges: [[{ subnet: network.subnet, gateway: network.gateway }]],
            routes: [{ dst: '0.0.0.0/0' }],
            dataDir: join(dir, 'cni', 'ipam'),
          },
        },
      ],
    },
    null,
    2,
  )}\n`;
}
