#!/usr/bin/env bash
# Builds (or reuses) the test control plane's binaries and prints the bin directory.
# Cache: ${PONTUAL_CACHE:-$HOME/.cache/pontual}/bin/<version>/, outside git, keyed by version.
# Usage: toolchain/build.sh            # all binaries
#        toolchain/build.sh --print    # only print the bin directory
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
cache="${PONTUAL_CACHE:-$HOME/.cache/pontual}/bin"
kdir="$cache/kubernetes-$KUBERNETES_VERSION"
edir="$cache/etcd-$ETCD_VERSION"
hdir="$cache/helm-$HELM_VERSION"
krdir="$cache/krew-$KREW_VERSION"

if [[ "${1:-}" == "--print" ]]; then
  echo "$kdir:$edir:$hdir:$krdir"
  exit 0
fi

mkdir -p "$cache"
# One build per cache at a time: a second `npm run setup` waits, then finds the binaries cached.
exec 9>"$cache/.build.lock"
flock 9

log() { printf '[toolchain %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
export GOFLAGS="${GOFLAGS:-} -trimpath"

build_one() { # dir name package ldflags
  local dir="$1" name="$2" pkg="$3" ldflags="$4" src="$5"
  if [[ -x "$dir/$name" ]]; then
    log "$name: cached at $dir/$name"
    return
  fi
  mkdir -p "$dir"
  log "$name: building $pkg (cold builds take minutes on 2 cores)"
  local start=$SECONDS
  (cd "$src" && go build -ldflags "$ldflags" -o "$dir/$name.tmp" "$pkg")
  mv "$dir/$name.tmp" "$dir/$name"
  log "$name: built in $((SECONDS - start)) s"
}

kver="-s -w -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/client-go/pkg/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$(echo "$KUBERNETES_VERSION" | cut -d. -f2)"
total=$SECONDS
build_one "$edir" etcd go.etcd.io/etcd/server/v3 "-s -w" "$here/etcd"
build_one "$kdir" kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$kver" "$here/kubernetes"
build_one "$kdir" kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager "$kver" "$here/kubernetes"
build_one "$kdir" kubectl k8s.io/kubernetes/cmd/kubectl "$kver" "$here/kubernetes"
if [[ ! -x "$hdir/helm" ]]; then
  mkdir -p "$hdir"
  log "helm: go install helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  start=$SECONDS
  GOBIN="$hdir" go install -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  log "helm: built in $((SECONDS - start)) s"
else
  log "helm: cached at $hdir/helm"
fi
if [[ ! -x "$krdir/kubectl-krew" ]]; then
  mkdir -p "$krdir"
  log "krew: go install sigs.k8s.io/krew/cmd/krew@$KREW_VERSION"
  start=$SECONDS
  GOBIN="$krdir" go install -ldflags "-s -w" "sigs.k8s.io/krew/cmd/krew@$KREW_VERSION"
  # kubectl finds plugins by name: kubectl-krew is `kubectl krew`.
  mv "$krdir/krew" "$krdir/kubectl-krew"
  log "krew: built in $((SECONDS - start)) s"
else
  log "krew: cached at $krdir/kubectl-krew"
fi
log "all binaries ready in $((SECONDS - total)) s"
echo "$kdir:$edir:$hdir:$krdir"
