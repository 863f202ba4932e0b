#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine of this kind, idempotently:
# Debian packages (redis-server, prometheus with promtool, chromium, podman with runc and
# debootstrap) and the test control
# plane built from Go modules (toolchain/build.sh, cached outside git).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v prometheus >/dev/null || need+=(prometheus)
command -v promtool >/dev/null || need+=(prometheus)
command -v chromium >/dev/null || need+=(chromium)
# The image test builds the Dockerfile with podman on a local stand-in base image (debootstrap).
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
command -v debootstrap >/dev/null || need+=(debootstrap)
if ((${#need[@]})); then
  echo "[setup] apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The Debian packages start services on install; the tests start their own on free ports.
for svc in redis-server prometheus; do
  (systemctl stop "$svc" || service "$svc" stop) >/dev/null 2>&1 || true
done

command -v go >/dev/null || { echo "[setup] Go 1.26 is required to build the test control plane" >&2; exit 1; }
toolchain/build.sh >/dev/null
echo "[setup] ready: $(toolchain/build.sh --print)"
