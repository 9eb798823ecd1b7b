# syntax=docker/dockerfile:1.7
# Pulse CRM production image: build on the official Node 24 image, ship only the
# self-contained Nitro output, run as a non-root user. Migrations run at start.

FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV NUXT_TELEMETRY_DISABLED=1 CI=true
# argon2 ships a prebuilt binary; build tools only matter if it ever has to compile.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 PGLITE_DIR=/data/pglite
WORKDIR /app
RUN groupadd --system pulse && useradd --system --gid pulse --home /app pulse \
  && mkdir -p /data && chown pulse:pulse /data
# .output carries its own pruned node_modules and the migrations (copied at build).
COPY --from=build --chown=pulse:pulse /app/.output ./.output
USER pulse
EXPOSE 3000
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", ".output/server/index.mjs"]
