#!/usr/bin/env bash
# Times `.ci/run` as a fresh machine runs it, without touching this machine's caches: a clean clone
# of HEAD, an empty HOME (no npm cache, no Go module or build cache, no ~/.cache/pontual binaries,
# no cargo registry) and an empty podman storage (so the image's base is debootstrapped again).
# What stays is what a fresh machine of this kind already has: Debian's packages, Go, cargo/rustup.
#
#   scripts/ci-cold.sh [dir]      # dir defaults to a new directory under /var/tmp; kept for a look
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-$(mktemp -d /var/tmp/pontual-ci-cold.XXXXXX)}"
mkdir -p "$dir/home/.config"
# The machine's settings (registry, proxy CA, Go's env), none of its caches.
for file in .npmrc .gitconfig; do [[ -f "$HOME/$file" ]] && cp "$HOME/$file" "$dir/home/"; done
[[ -d "$HOME/.config/go" ]] && cp -r "$HOME/.config/go" "$dir/home/.config/"
cat >"$dir/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$dir/containers/storage"
runroot = "$dir/containers/run"
CONF
git clone --quiet "$repo" "$dir/repo"
echo "[ci-cold] $(git -C "$dir/repo" rev-parse --short HEAD) in $dir; log: $dir/ci.log"
# rustup's toolchains and pyenv's Pythons are installed software, not caches: keep pointing at them.
rustup_home="${RUSTUP_HOME:-$HOME/.rustup}"
pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
started=$SECONDS
status=0
(
  cd "$dir/repo"
  export HOME="$dir/home" CONTAINERS_STORAGE_CONF="$dir/storage.conf" CI=true
  export RUSTUP_HOME="$rustup_home" CARGO_HOME="$dir/home/.cargo" PYENV_ROOT="$pyenv_root"
  bash .ci/run
) >"$dir/ci.log" 2>&1 || status=$?
elapsed=$((SECONDS - started))
echo "[ci-cold] exit $status after $((elapsed / 60)) min $((elapsed % 60)) s"
exit "$status"
