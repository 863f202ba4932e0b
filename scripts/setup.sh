#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine of this kind, idempotently:
# Debian packages (redis-server, prometheus with promtool, prometheus-alertmanager with amtool,
# chromium, podman with runc and debootstrap, zsh and fish, qemu-user with arm64's libc) and the
# test control plane, krew and the manifest checkers built from Go modules, rcodesign from crates.io (toolchain/build.sh,
# cached outside git).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v prometheus >/dev/null || need+=(prometheus)
command -v promtool >/dev/null || need+=(prometheus)
# Alertmanager and amtool: the alert routing tests run them.
command -v prometheus-alertmanager >/dev/null || need+=(prometheus-alertmanager)
command -v chromium >/dev/null || need+=(chromium)
# The image test builds the Dockerfile with podman on a local stand-in base image (debootstrap).
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
command -v debootstrap >/dev/null || need+=(debootstrap)
# The test node: runc runs its containers (above); gcc and a static libc build its pause image
# (toolchain/pause-image.sh); ip, unshare and setpriv set up and contain it (devkit/node.ts).
command -v gcc >/dev/null || need+=(gcc)
[[ -e /usr/lib/x86_64-linux-gnu/libc.a ]] || need+=(libc6-dev)
command -v ip >/dev/null || need+=(iproute2)
command -v setpriv >/dev/null || need+=(util-linux)
# The CLI's completion scripts are tested in the shells they are for.
command -v zsh >/dev/null || need+=(zsh)
command -v fish >/dev/null || need+=(fish)
# The CLI's linux/arm64 executable is run under user-mode emulation with arm64's libc and libstdc++.
command -v qemu-aarch64 >/dev/null || need+=(qemu-user)
[[ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ]] || need+=(libc6-arm64-cross)
[[ -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ]] || need+=(libstdc++6-arm64-cross)
if ((${#need[@]})); then
  echo "[setup] apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The Debian packages start services on install; the tests start their own on free ports.
for svc in redis-server prometheus prometheus-alertmanager; do
  (systemctl stop "$svc" || service "$svc" stop) >/dev/null 2>&1 || true
done

command -v go >/dev/null || { echo "[setup] Go 1.26 is required to build the test control plane" >&2; exit 1; }
command -v cargo >/dev/null || [[ -x "$HOME/.cargo/bin/cargo" ]] || { echo "[setup] Rust (cargo) is required to build rcodesign, which signs the CLI for macOS" >&2; exit 1; }
toolchain/build.sh >/dev/null
echo "[setup] ready: $(toolchain/build.sh --print)"
