#!/usr/bin/env bash
# Regenerates the wrapper modules' go.mod/go.sum from versions.env.
# Run after changing a version; the result is committed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
staging_version="v0.${KUBERNETES_VERSION#v1.}"

cd "$here/kubernetes"
rm -f go.mod go.sum
go mod init pontual.local/toolchain/kubernetes >/dev/null 2>&1
go mod edit -go=1.26.0 -require="k8s.io/kubernetes@$KUBERNETES_VERSION"
upstream="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$KUBERNETES_VERSION.mod"
go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" >/dev/null
# Every staging module ("k8s.io/x => ./staging/src/k8s.io/x") becomes its published release.
grep -Eo 'k8s\.io/[a-z0-9-]+ => \./staging' "$upstream" | awk '{print $1}' | sort -u | while read -r mod; do
  go mod edit -replace="$mod=$mod@$staging_version"
done
go mod tidy -e >/dev/null 2>&1 || true
GOFLAGS=-mod=mod go mod tidy

cd "$here/etcd"
rm -f go.mod go.sum
go mod init pontual.local/toolchain/etcd >/dev/null 2>&1
go mod edit -go=1.26.0 -require="go.etcd.io/etcd/server/v3@$ETCD_VERSION"
GOFLAGS=-mod=mod go mod tidy

cd "$here/containerd"
rm -f go.mod go.sum
go mod init pontual.local/toolchain/containerd >/dev/null 2>&1
go mod edit -go=1.26.0 -require="github.com/containerd/containerd/v2@$CONTAINERD_VERSION"
GOFLAGS=-mod=mod go mod tidy

cd "$here/cni"
rm -f go.mod go.sum
go mod init pontual.local/toolchain/cni >/dev/null 2>&1
go mod edit -go=1.26.0 -require="github.com/containernetworking/plugins@$CNI_PLUGINS_VERSION"
GOFLAGS=-mod=mod go mod tidy
echo "wrapper modules synced to kubernetes $KUBERNETES_VERSION, etcd $ETCD_VERSION, containerd $CONTAINERD_VERSION, CNI plugins $CNI_PLUGINS_VERSION"
