#!/usr/bin/env bash
# Builds (or reuses) the test control plane's and test node's binaries and prints their directories.
# Cache: ${PONTUAL_CACHE:-$HOME/.cache/pontual}/bin/<part>-<version>/, outside git, keyed by version.
# Usage: toolchain/build.sh            # all binaries
#        toolchain/build.sh --print    # only print the directories, colon-separated:
#                                      # kubernetes:etcd:helm:krew:containerd:cni:pause
#        toolchain/build.sh --print-tool kube-score|kubeconform|rcodesign|validate-krew-manifest   # only print that tool's path
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
cache="${PONTUAL_CACHE:-$HOME/.cache/pontual}/bin"
kdir="$cache/kubernetes-$KUBERNETES_VERSION"
edir="$cache/etcd-$ETCD_VERSION"
hdir="$cache/helm-$HELM_VERSION"
krdir="$cache/krew-$KREW_VERSION"
ctrdir="$cache/containerd-$CONTAINERD_VERSION"
ndir="$cache/cni-$CNI_PLUGINS_VERSION"
# The pause image is compiled from the Kubernetes module's pause.c: keyed by that version.
pdir="$cache/pause-$KUBERNETES_VERSION"
dirs="$kdir:$edir:$hdir:$krdir:$ctrdir:$ndir:$pdir"

if [[ "${1:-}" == "--print" ]]; then
  echo "$dirs"
  exit 0
fi
# The manifest checkers of the tests, one directory per version.
sdir="$cache/kube-score-$KUBE_SCORE_VERSION"
cdir="$cache/kubeconform-$KUBECONFORM_VERSION"
# The release's Mach-O signer (scripts/build-cli.ts).
rdir="$cache/rcodesign-$RCODESIGN_VERSION"
if [[ "${1:-}" == "--print-tool" ]]; then
  case "${2:-}" in
    kube-score) echo "$sdir/kube-score" ;;
    kubeconform) echo "$cdir/kubeconform" ;;
    rcodesign) echo "$rdir/rcodesign" ;;
    validate-krew-manifest) echo "$krdir/validate-krew-manifest" ;;
    *) echo "unknown tool ${2:-}" >&2; exit 2 ;;
  esac
  exit 0
fi

mkdir -p "$cache"
# One build per cache at a time: a second `npm run setup` waits, then finds the binaries cached.
exec 9>"$cache/.build.lock"
flock 9

log() { printf '[toolchain %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
export GOFLAGS="${GOFLAGS:-} -trimpath"

build_one() { # dir name package ldflags src: go build in the module dir, unless cached
  local dir="$1" name="$2" pkg="$3" ldflags="$4" src="$5"
  cached "$dir" "$name" "$pkg" || return 0
  local start=$SECONDS
  (cd "$src" && go build -ldflags "$ldflags" -o "$dir/$name.tmp" "$pkg")
  mv "$dir/$name.tmp" "$dir/$name"
  log "$name: built in $((SECONDS - start)) s"
}

go_install() { # dir name module@version ldflags: go install from the module proxy, unless cached
  local dir="$1" name="$2" module="$3" ldflags="$4"
  cached "$dir" "$name" "$module" || return 0
  local start=$SECONDS
  GOBIN="$dir" go install -ldflags "$ldflags" "$module"
  log "$name: built in $((SECONDS - start)) s"
}

cached() { # dir name what: false (and says so) when the binary is there, else prepares its dir
  if [[ -x "$1/$2" ]]; then
    log "$2: cached at $1/$2"
    return 1
  fi
  mkdir -p "$1"
  log "$2: building $3 (cold builds take minutes on 2 cores)"
}

kver="-s -w -X k8s.io/component-base/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/client-go/pkg/version.gitVersion=$KUBERNETES_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$(echo "$KUBERNETES_VERSION" | cut -d. -f2)"
total=$SECONDS
build_one "$edir" etcd go.etcd.io/etcd/server/v3 "-s -w" "$here/etcd"
build_one "$kdir" kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver "$kver" "$here/kubernetes"
build_one "$kdir" kube-controller-manager k8s.io/kubernetes/cmd/kube-controller-manager "$kver" "$here/kubernetes"
build_one "$kdir" kubectl k8s.io/kubernetes/cmd/kubectl "$kver" "$here/kubernetes"
go_install "$hdir" helm "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
# Manifest checks of the tests (test/integration/kube-score.test.ts, test/cluster/kubeconform.test.ts).
go_install "$sdir" kube-score "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION" "-s -w"
go_install "$cdir" kubeconform "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" "-s -w"
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
# krew's own manifest validation (the index's CI check): every platform's selector, no overlap.
go_install "$krdir" validate-krew-manifest "sigs.k8s.io/krew/cmd/validate-krew-manifest@$KREW_VERSION" "-s -w"

# rcodesign from crates.io: the CLI alone (no notarization: no AWS SDK), at opt-level 0 except the
# hashing, which keeps a cold build near 3.5 min on 2 cores instead of 9 (signing stays under 1 s).
if [[ ! -x "$rdir/rcodesign" ]]; then
  cargo="$(command -v cargo || echo "$HOME/.cargo/bin/cargo")"
  [[ -x "$cargo" ]] || { log "rcodesign: cargo (Rust) is required to build it"; exit 1; }
  log "rcodesign: cargo install apple-codesign@$RCODESIGN_VERSION (cold builds take minutes on 2 cores)"
  start=$SECONDS
  rm -rf "$rdir.tmp"
  "$cargo" install apple-codesign --version "$RCODESIGN_VERSION" --locked --no-default-features --bin rcodesign \
    --root "$rdir.tmp" --quiet \
    --config 'profile.release.opt-level=0' --config 'profile.release.debug=false' \
    --config 'profile.release.package.sha2.opt-level=3'
  mkdir -p "$rdir"
  mv "$rdir.tmp/bin/rcodesign" "$rdir/rcodesign"
  rm -rf "$rdir.tmp"
  log "rcodesign: built in $((SECONDS - start)) s"
else
  log "rcodesign: cached at $rdir/rcodesign"
fi

# The test node: kubelet and kube-scheduler from the same wrapper module, containerd, CNI plugins.
build_one "$kdir" kube-scheduler k8s.io/kubernetes/cmd/kube-scheduler "$kver" "$here/kubernetes"
build_one "$kdir" kubelet k8s.io/kubernetes/cmd/kubelet "$kver" "$here/kubernetes"
cver="-s -w -X github.com/containerd/containerd/v2/version.Version=$CONTAINERD_VERSION"
build_one "$ctrdir" containerd github.com/containerd/containerd/v2/cmd/containerd "$cver" "$here/containerd"
build_one "$ctrdir" containerd-shim-runc-v2 github.com/containerd/containerd/v2/cmd/containerd-shim-runc-v2 "$cver" "$here/containerd"
build_one "$ctrdir" ctr github.com/containerd/containerd/v2/cmd/ctr "$cver" "$here/containerd"
for plugin in main/bridge ipam/host-local main/loopback meta/portmap; do
  build_one "$ndir" "${plugin#*/}" "github.com/containernetworking/plugins/plugins/$plugin" "-s -w" "$here/cni"
done
"$here/pause-image.sh" "$pdir" "$KUBERNETES_VERSION" "$here/kubernetes"

log "all binaries ready in $((SECONDS - total)) s"
echo "$dirs"
