#!/usr/bin/env bash
# Builds the test node's pod sandbox ("pause") image as an OCI archive for `ctr images import`:
# pause.c from the pinned Kubernetes module, compiled statically, alone in a scratch image.
# No registry is reachable from the sandbox, so the image is made here instead of pulled.
# Usage: toolchain/pause-image.sh <out-dir> <kubernetes-version> <wrapper-module-dir>
set -euo pipefail
out="$1" version="$2" module="$3"
name="localhost/pontual/pause:$version"
if [[ -f "$out/pause.tar" ]]; then
  printf '[toolchain %s] pause image: cached at %s\n' "$(date +%H:%M:%S)" "$out/pause.tar" >&2
  exit 0
fi
src="$(cd "$module" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)/build/pause/linux/pause.c"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/rootfs" "$work/oci/blobs/sha256"
gcc -Os -Wall -Werror -static -DVERSION="$version-pontual" -o "$work/rootfs/pause" "$src"
strip "$work/rootfs/pause"
# A byte-identical layer on every build: fixed order, times and owners.
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/rootfs" -cf "$work/layer.tar" pause

blob() { # file -> prints "digest size" after storing it under blobs/
  local digest size
  digest="$(sha256sum "$1" | cut -d' ' -f1)"
  size="$(stat -c %s "$1")"
  cp "$1" "$work/oci/blobs/sha256/$digest"
  echo "$digest $size"
}
read -r layer_digest layer_size < <(blob "$work/layer.tar")
printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/pause"],"User":"65535:65535"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$layer_digest" >"$work/config.json"
read -r config_digest config_size < <(blob "$work/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
  "$config_digest" "$config_size" "$layer_digest" "$layer_size" >"$work/manifest.json"
read -r manifest_digest manifest_size < <(blob "$work/manifest.json")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
  "$manifest_digest" "$manifest_size" "$name" "$version" >"$work/oci/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' >"$work/oci/oci-layout"
mkdir -p "$out"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/oci" -cf "$out/pause.tar.tmp" .
echo "$name" >"$out/name"
mv "$out/pause.tar.tmp" "$out/pause.tar"
printf '[toolchain %s] pause image: %s built at %s\n' "$(date +%H:%M:%S)" "$name" "$out/pause.tar" >&2
