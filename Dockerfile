# Zeren in a container: HTTP mode (POST /slack/events), one process per container.
# Build: docker build -t zeren .   Run: docker run --env-file .env -p 3000:3000 zeren
# Stage 1 compiles the TypeScript; stage 2 holds the compiled code and production dependencies only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` (npm run build) needs the sources, copied next.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; no lifecycle scripts (`prepare` would try to compile again).
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin/zeren.js ./bin/zeren.js
COPY manifests ./manifests
# The embedded database (PGlite) lives in /data when DATABASE_URL is not set: mount a volume there.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
# The official image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# Liveness only (the process answers): readiness (/healthz) is the orchestrator's business.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/zeren.js"]
CMD ["start"]
