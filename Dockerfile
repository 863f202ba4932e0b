# pontual: one image for every job (`<image> <job-name>`) and for the status service
# (`command: ["node", "status/main.mjs"]`). Each entrypoint is bundled with its dependencies by
# esbuild (scripts/bundle.ts): the image holds no node_modules, and no process type-strips
# TypeScript or resolves package files at start (docs/image.md).

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

# ---- runtime ----
FROM node:24.21.0-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
RUN install -d -o 10001 -g 10001 /app/.compile-cache
COPY --from=build /src/dist ./
# Numeric, so the kubelet can verify runAsNonRoot without looking the name up.
USER 10001:10001
# Node's compile cache, filled at build time with every chunk and both entrypoints compiled: a
# job pod's start-up then skips that work (docs/image.md). Node keys the cache by uid, so it is
# filled as the runtime user; at run time the root filesystem is read-only and Node only reads it.
# The entrypoints run once without configuration (exit 2): loading them is what fills the cache.
ENV NODE_COMPILE_CACHE=/app/.compile-cache
RUN node --input-type=module -e "import { readdirSync } from 'node:fs'; \
      for (const chunk of readdirSync('chunks')) await import('./chunks/' + chunk);" \
 && { node jobs/main.mjs >/dev/null; node status/main.mjs >/dev/null; true; } \
 && test -n "$(ls -A /app/.compile-cache)"
ENTRYPOINT ["node", "jobs/main.mjs"]
