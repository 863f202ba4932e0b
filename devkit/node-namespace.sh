#!/usr/bin/env bash
# PID 1 of the test node: runs containerd and kubelet inside the private mount and PID namespaces
# devkit/node.ts creates (`unshare --kill-child --mount --pid --fork --mount-proc
# --propagation private`). What is mounted here vanishes with the namespace, and killing the
# `unshare` process kills every process of the node: containerd, kubelet, shims and containers.
set -euo pipefail
# The run directory is an argument, not only env: `npm run cluster:down` recognises the node's
# process by it in /proc/<pid>/cmdline.
NODE_DIR="${1:?usage: node-namespace.sh <node-dir>}"
: "${CONTAINERD:?}" "${CTR:?}" "${KUBELET:?}" "${PAUSE_ARCHIVE:?}" "${NODE_IP:?}" "${NODE_NAME:?}"
sock="$NODE_DIR/containerd/containerd.sock"

# kubelet writes these host sysctls at start when they differ from its values (all six of
# setupKernelTunables in pkg/kubelet/cm/container_manager_linux.go; with protectKernelDefaults it
# refuses to start instead). Files already holding its values are mounted over them: the host
# keeps its own. ip_forward is what the CNI bridge plugin (isGateway) writes; pods only talk to the
# host itself. test/cluster/suite-node.test.ts checks each is masked.
mkdir -p "$NODE_DIR/sysctl"
while read -r key value; do
  echo "$value" >"$NODE_DIR/sysctl/$key"
  mount --bind "$NODE_DIR/sysctl/$key" "/proc/sys/${key//.//}"
done <<'SYSCTLS'
vm.overcommit_memory 1
vm.panic_on_oom 0
kernel.panic 10
kernel.panic_on_oops 1
kernel.keys.root_maxkeys 1000000
kernel.keys.root_maxbytes 25000000
net.ipv4.ip_forward 1
SYSCTLS

# kubelet hard-codes /var/lib/kubelet/{pki,device-plugins} and /var/log/containers.
mkdir -p "$NODE_DIR/var-lib" "$NODE_DIR/var-log"
mount --bind "$NODE_DIR/var-lib" /var/lib
mount --bind "$NODE_DIR/var-log" /var/log

# The runc shim is looked up on PATH.
export PATH="$(dirname "$CONTAINERD"):$PATH"
"$CONTAINERD" --config "$NODE_DIR/containerd.toml" >>"$NODE_DIR/containerd.log" 2>&1 &
for _ in $(seq 300); do
  "$CTR" --address "$sock" version >/dev/null 2>&1 && break
  sleep 0.1
done
# No registry is reachable: the sandbox image comes from the toolchain's archive.
"$CTR" --address "$sock" -n k8s.io images import "$PAUSE_ARCHIVE" >>"$NODE_DIR/containerd.log" 2>&1

"$KUBELET" --config="$NODE_DIR/kubelet.yaml" --kubeconfig="$NODE_DIR/kubelet.kubeconfig" \
  --root-dir="$NODE_DIR/kubelet" --cert-dir="$NODE_DIR/kubelet/pki" \
  --node-ip="$NODE_IP" --hostname-override="$NODE_NAME" >>"$NODE_DIR/kubelet.log" 2>&1 &

# Either one ending ends the node (and, as PID 1, the namespace with everything in it).
wait -n
echo "node-namespace: containerd or kubelet exited; stopping the node" >&2
exit 1
