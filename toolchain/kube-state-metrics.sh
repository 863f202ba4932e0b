#!/usr/bin/env bash
# Builds (or reuses) kube-state-metrics for `npm run bench:ksm` and prints the binary's path.
# A benchmark-only tool: `npm run setup` and CI never build it.
#
#   toolchain/kube-state-metrics.sh            # build if missing, print the path
#   toolchain/kube-state-metrics.sh --print    # only print the path (may not exist)
#
# kube-state-metrics is not a Go module the proxy serves as a main package to `go install` (its
# go.mod has replace directives), so it is built from its source repository; its dependencies come
# from the Go module proxy. Source, in this order:
#   1. $KSM_SRC: a checkout of https://github.com/kubernetes/kube-state-metrics (any state: the
#      pinned tag is checked out into a temporary clone of it);
#   2. /work/.mirror/kubernetes+kube-state-metrics/repo: a bare mirror, as on the project's VMs;
#   3. git clone https://github.com/kubernetes/kube-state-metrics (needs GitHub access).
# Without any of them it fails and says so.
# Cache: ${PONTUAL_CACHE:-$HOME/.cache/pontual}/bin/kube-state-metrics-<version>/kube-state-metrics.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"
version="$KUBE_STATE_METRICS_VERSION"
dir="${PONTUAL_CACHE:-$HOME/.cache/pontual}/bin/kube-state-metrics-$version"
bin="$dir/kube-state-metrics"

if [[ "${1:-}" == "--print" ]]; then
  echo "$bin"
  exit 0
fi
log() { printf '[kube-state-metrics %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
if [[ -x "$bin" ]]; then
  log "cached at $bin"
  echo "$bin"
  exit 0
fi
command -v go >/dev/null || { log "go is not installed (the toolchain needs Go >= 1.24)"; exit 1; }
mkdir -p "$dir"
exec 9>"$dir/.build.lock"
flock 9
[[ -x "$bin" ]] && { echo "$bin"; exit 0; }

mirror=/work/.mirror/kubernetes+kube-state-metrics/repo
src="${KSM_SRC:-}"
if [[ -z "$src" && -d "$mirror" ]]; then src="$mirror"; fi
if [[ -z "$src" ]]; then src=https://github.com/kubernetes/kube-state-metrics; fi
work="$(mktemp -d "${TMPDIR:-/tmp}/ksm-src.XXXXXX")"
trap 'rm -rf "$work"' EXIT
log "cloning $version from $src"
if ! git clone --quiet --depth 1 --branch "$version" "file://$(realpath "$src" 2>/dev/null || echo "$src")" "$work/src" 2>/dev/null &&
  ! git clone --quiet --depth 1 --branch "$version" "$src" "$work/src"; then
  log "cannot get the kube-state-metrics source $version."
  log "Clone https://github.com/kubernetes/kube-state-metrics somewhere and run: KSM_SRC=/path/to/it $0"
  exit 1
fi
start=$SECONDS
log "building (its Go dependencies come from the module proxy; minutes on 2 cores)"
(cd "$work/src" && CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -trimpath" go build \
  -ldflags "-s -w -X github.com/prometheus/common/version.Version=${version#v}" -o "$bin.tmp" .)
mv "$bin.tmp" "$bin"
log "built in $((SECONDS - start)) s: $bin"
echo "$bin"
