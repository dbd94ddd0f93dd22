# syntax=docker/dockerfile:1
# Build stage: compile better-sqlite3's native addon against this exact Node, with the toolchain it needs.
FROM node:20-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# Dependencies first: this layer is rebuilt only when package.json or the lockfile change.
COPY package.json package-lock.json ./
# npm ci runs the build script (`prepare`); with no src/ copied yet it builds nothing, and runs again below.
COPY scripts/build.mjs ./scripts/build.mjs
# The addon's sources and object files are not needed at run time (about 27 MB).
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src \
           node_modules/better-sqlite3/build/Release/obj node_modules/better-sqlite3/build/Release/obj.target
COPY bin ./bin
COPY src ./src
# dist/: the CLI as plain JavaScript, which bin/huiju.js runs without the TypeScript loader.
RUN node scripts/build.mjs
# The default config lives in a directory of its own: mount a directory over /app/config (not a single file), so an
# edited feeds.json reaches the running service even when the editor replaces the file.
COPY feeds.json ./config/feeds.json

# Runtime stage: no compiler, non-root, data on a volume.
FROM node:20-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    HUIJU_CONFIG=/app/config/feeds.json \
    HUIJU_DB=/app/data/huiju.db
WORKDIR /app
# The code stays owned by root, so the service cannot rewrite itself; only its data directory is its own.
COPY --from=build /app /app
# Created (and owned by node) before VOLUME, so a new named volume starts writable by the service.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 8080
# huiju exits within 10 s of SIGTERM, inside `docker stop`'s default grace period.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# --max-semi-space-size=2: as bin/huiju.js says, V8 reads it only from the command line.
CMD ["node", "--max-semi-space-size=2", "bin/huiju.js", "serve"]
