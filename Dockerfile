# syntax=docker/dockerfile:1.7
# Pulse CRM production image. Three stages on the official Node 24 image (Debian bookworm,
# slim variant); the final one holds Node, the self-contained Nitro output and nothing else.
# Build:  docker build -t pulse-crm .      Run: see docs/deploy.md (deploy/compose.yaml).
ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Dependencies, from the lock file only, so this layer is reused until the lock changes.
# Install scripts are skipped (`postinstall` needs the sources, and the `node` package would
# download a second Node 24: the image's own runs the build); the two native packages the
# build needs are set up explicitly.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV CI=true NUXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund --ignore-scripts \
  && rm -f node_modules/.bin/node \
  && npm rebuild argon2 esbuild

# 2. Build. Nitro traces what the server imports and copies exactly those production
# packages into .output/server/node_modules (with argon2's prebuilt binary for this
# platform), together with the migrations: no npm install is needed after this.
FROM deps AS build
COPY . .
RUN npx nuxt prepare && npx nuxt build

# 3. Runtime: non-root, no npm, no compiler, no sources.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    PGLITE_DIR=/data/pglite \
    NITRO_SHUTDOWN_TIMEOUT=20000
WORKDIR /app
# npm, corepack and yarn are not used at run time: removed, they cannot be misused or need patches
# (the base layers keep their bytes, so this does not shrink the image).
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /usr/local/bin/npm /usr/local/bin/npx \
    /usr/local/bin/corepack /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg \
  && groupadd --system --gid 10001 pulse \
  && useradd --system --uid 10001 --gid pulse --home-dir /app --shell /usr/sbin/nologin pulse \
  && mkdir -p /data \
  && chown pulse:pulse /data
COPY --from=build --chown=root:root /app/.output ./.output
USER pulse
EXPOSE 3000
# Only the embedded database (no DATABASE_URL) writes here.
VOLUME ["/data"]
# Migrations run at start, before the server answers /api/ready (server/plugins/database.ts).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Nitro drains on SIGTERM: in-flight requests finish within NITRO_SHUTDOWN_TIMEOUT, then the
# database pool and Redis close and the process exits 0. Give `docker stop` more time than that.
STOPSIGNAL SIGTERM
CMD ["node", ".output/server/index.mjs"]
