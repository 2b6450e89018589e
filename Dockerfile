# syntax=docker/dockerfile:1
# One image for the Slack bot and the queue workers; the command selects which:
#   docker run aksdiag bot       docker run aksdiag worker [--concurrency N]
# Settings come from the environment (see .env.example); nothing secret is baked in.
# Checked without a Docker engine by test/deploy/dockerfile.test.ts and image-commands.test.ts.

# --- build: all dependencies, TypeScript compiled to dist/ ----------------------------------------
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Lockfile first: the dependency layer is rebuilt only when it changes. --ignore-scripts: the
# package's own "prepare" (tsc) runs below, once the sources are in.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workers ./workers
COPY bench ./bench
COPY test/emulators ./test/emulators
COPY test/support/tls.ts ./test/support/tls.ts
RUN npm run build

# --- runtime: production dependencies and the compiled program only -----------------------------
FROM node:24-bookworm-slim AS runtime
# A young generation capped at 8 MB per half: by default V8 lets it grow several times larger under
# a busy bot or worker, much of their resident memory at load, for no gain here (npm run bench).
ENV NODE_ENV=production \
    NODE_OPTIONS="--enable-source-maps --max-semi-space-size=8" \
    AKSDIAG_HEALTH_PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# What the package publishes ("files" in package.json): the CLI, the bot and the workers. The
# emulators and the fault lab's test parts stay in the build stage.
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/workers ./dist/workers
# The official image's unprivileged "node" user, by number so that Kubernetes' runAsNonRoot can
# verify it. The program writes nothing to disk: the root filesystem can be read-only.
USER 1000:1000
# 8080: /healthz /readyz /metrics (AKSDIAG_HEALTH_PORT). 3000: /slack/events in HTTP mode (PORT).
EXPOSE 8080 3000
# The slim image has no curl: Node asks /healthz itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["node", "dist/src/observability/healthcheck.js"]
# Node as PID 1 is fine here: the bot and the workers handle SIGTERM themselves (workers drain).
# V8 grows the heap by 20 % when it must rather than its default factor (which doubles a small
# heap): a worker's live heap in a 500-node sweep is about 55 MB, and it peaked at over 200 MB
# resident of mostly garbage; with this, about 170 MB at the same CPU (npm run bench). NODE_OPTIONS
# does not take this flag, so it is given to node here.
ENTRYPOINT ["node", "--heap-growing-percent=20", "dist/src/cli/bin.js"]
CMD ["bot"]
