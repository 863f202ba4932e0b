# pontual: one image for every job (`<image> <job-name>`) and for the status service
# (`command: ["node", "status/main.ts"]`). Node 24 runs the TypeScript sources directly by type
# stripping: there is no build step, only the production dependencies to install.

# ---- dependencies: production only, from the lockfile ----
FROM node:24.21.0-bookworm-slim AS deps
# Unset normally. A build behind a TLS-inspecting proxy points it at a CA bundle it mounts
# (scripts/build-image.sh does, with the build machine's bundle); it stays in this stage only.
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --update-notifier=false \
 && npm cache clean --force

# ---- runtime ----
FROM node:24.21.0-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
RUN install -d -o 10001 -g 10001 /app/.compile-cache
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY core ./core
COPY jobs ./jobs
COPY status ./status
# Numeric, so the kubelet can verify runAsNonRoot without looking the name up.
USER 10001:10001
# Node's compile cache, filled at build time with every job's and the status service's modules
# already type-stripped and compiled: a job pod's start-up then skips that work (about half of it,
# see docs/image.md). Node keys the cache by uid, so it is filled as the runtime user; at run time
# the root filesystem is read-only and Node only reads it.
ENV NODE_COMPILE_CACHE=/app/.compile-cache
RUN node --input-type=module -e "const { JOB_MODULES } = await import('./jobs/job-modules.ts'); \
      for (const load of JOB_MODULES.values()) await load(); \
      await import('./jobs/runtime/run-job.ts'); await import('./core/logger.ts'); \
      for (const m of ['config', 'kube-client', 'status-service']) await import('./status/' + m + '.ts');" \
 && test -n "$(ls -A /app/.compile-cache)"
ENTRYPOINT ["node", "jobs/main.ts"]
