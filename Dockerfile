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
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY core ./core
COPY jobs ./jobs
COPY status ./status
# Numeric, so the kubelet can verify runAsNonRoot without looking the name up.
USER 10001:10001
ENTRYPOINT ["node", "jobs/main.ts"]
