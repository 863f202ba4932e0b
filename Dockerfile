# pontual: one image for every job (`<image> <job-name>`) and for the status service
# (`command: ["node", "status/main.mjs"]`). Each entrypoint is bundled with its dependencies by
# esbuild (scripts/bundle.ts); the final image is distroless-like: the node binary, the shared
# libraries it links, a passwd/group/nsswitch, an empty /tmp and the bundles, nothing else: no
# shell, no package manager, no node_modules (docs/image.md).

# ---- build: production dependencies and esbuild, then the bundles ----
FROM node:24.21.0-bookworm-slim AS build
# Unset normally. A build behind a TLS-inspecting proxy points it at a CA bundle it mounts
# (scripts/build-image.sh does, with the build machine's bundle); it stays in this stage only.
ARG NODE_EXTRA_CA_CERTS
WORKDIR /src
COPY package.json package-lock.json ./
# esbuild at the version package.json pins, without the other dev tools.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --update-notifier=false \
 && npm install --no-save --ignore-scripts --no-audit --no-fund --update-notifier=false \
      "esbuild@$(node -p 'require("./package.json").devDependencies.esbuild')" \
 && npm cache clean --force
COPY core ./core
COPY jobs ./jobs
COPY status ./status
COPY scripts/bundle.ts ./scripts/bundle.ts
RUN node scripts/bundle.ts /src/dist

# ---- rootfs: what node needs to run, copied out of the same base ----
# The official binary as released (not stripped: stripping saves 18 MB but drops the native
# symbols of diagnostic reports, docs/image.md), the libraries ldd says it links (glibc 2.36 has
# the files and dns NSS modules built in), and the few /etc files glibc reads. No CA bundle: node
# verifies TLS against its own compiled-in Mozilla store; the jobs take time zones (America/Sao_Paulo,
# TZ) from node's bundled ICU data; the image test checks both. The zone files (2 MB, without
# Debian's right/ and posix/ copies) are for the status service's schedules, which read offsets
# from them as Go and so the CronJob controller do (core/schedule/tzif-zone.ts): Intl's first
# DateTimeFormat alone costs the service about 7 MiB of RSS (docs/status.md).
FROM node:24.21.0-bookworm-slim AS rootfs
RUN set -eu; \
    mkdir -p /rootfs/usr/local/bin /rootfs/etc /rootfs/app/.compile-cache; \
    cp /usr/local/bin/node /rootfs/usr/local/bin/node; \
    for lib in $(ldd /usr/local/bin/node | grep -o '/[^ ]*'); do cp --parents -L "$lib" /rootfs; done; \
    printf 'root:x:0:0:root:/root:/sbin/nologin\npontual:x:10001:10001:pontual:/tmp:/sbin/nologin\n' >/rootfs/etc/passwd; \
    printf 'root:x:0:\npontual:x:10001:\n' >/rootfs/etc/group; \
    printf 'hosts: files dns\n' >/rootfs/etc/nsswitch.conf; \
    install -d -m 1777 /rootfs/tmp; \
    mkdir -p /rootfs/usr/share; \
    cp -a /usr/share/zoneinfo /rootfs/usr/share/; \
    rm -rf /rootfs/usr/share/zoneinfo/right /rootfs/usr/share/zoneinfo/posix /rootfs/usr/share/zoneinfo/localtime; \
    test -f /rootfs/usr/share/zoneinfo/America/Sao_Paulo; \
    chown 10001:10001 /rootfs/app/.compile-cache; \
    chroot /rootfs /usr/local/bin/node -e 'process.exit(0)'

# ---- runtime ----
FROM scratch
COPY --from=rootfs /rootfs/ /
# Builders differ on whether COPY --from keeps ownership: say it for the one directory uid 10001 writes.
COPY --from=rootfs --chown=10001:10001 /rootfs/app/.compile-cache/ /app/.compile-cache/
COPY --from=build /src/dist /app/
# TZ=UTC: every time pontual shows or judges in São Paulo time is converted explicitly, so the
# process's own zone only has to be cheap to find. Without TZ or /etc/localtime, ICU looks for the
# host's zone by scanning /usr/share/zoneinfo on a process's first Date: about 30 ms of every pod's
# start-up (docs/image.md).
ENV PATH=/usr/local/bin NODE_ENV=production TZ=UTC
WORKDIR /app
# Numeric, so the kubelet can verify runAsNonRoot without looking the name up.
USER 10001:10001
# Node's compile cache, filled at build time with every chunk and both entrypoints compiled: a
# job pod's start-up then skips that work (docs/image.md). Node keys the cache by uid, so it is
# filled as the runtime user; at run time the root filesystem is read-only and Node only reads it.
# The entrypoints run once without configuration (exit 2): loading them is what fills the cache.
# No shell here, so node does the work.
ENV NODE_COMPILE_CACHE=/app/.compile-cache
RUN ["node", "--input-type=module", "-e", "import { readdirSync } from 'node:fs'; import { spawnSync } from 'node:child_process'; \
for (const chunk of readdirSync('chunks')) await import('./chunks/' + chunk); \
for (const entry of ['jobs/main.mjs', 'status/main.mjs']) spawnSync(process.execPath, [entry], { stdio: 'ignore' }); \
if (readdirSync('.compile-cache').length === 0) throw new Error('the compile cache is empty');"]
ENTRYPOINT ["node", "jobs/main.mjs"]
