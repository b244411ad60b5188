# syntax=docker/dockerfile:1
# One Dockerfile, two images:
#   docker build --target server -t renovation-crm/server .   api, bot, jobs and migrations (command picks one)
#   docker build --target web    -t renovation-crm/web .      nginx with the built back office and Mini App
# Node 24 (Active LTS); nginx from its stable branch, which receives the security fixes.
ARG NODE_IMAGE=node:24-bookworm-slim
ARG NGINX_IMAGE=nginx:stable-alpine

# --- dependencies: only the manifests, so this layer is cached until a package.json or the lock changes
FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
COPY contracts/package.json contracts/
COPY database/package.json database/
COPY core/package.json core/
COPY api/package.json api/
COPY bot/package.json bot/
COPY jobs/package.json jobs/
COPY admin/package.json admin/
COPY miniapp/package.json miniapp/
COPY telegram-sim/package.json telegram-sim/
COPY testing/package.json testing/
RUN npm ci --no-audit --no-fund

# --- build: TypeScript for the server workspaces, Vite for the two front ends, nginx site templates
FROM deps AS build
COPY . .
RUN npx tsc -b \
 && npm run build -w admin -w miniapp \
 && mkdir -p nginx/out \
 && node nginx/render.mjs --docker --out nginx/out/crm-http.conf.template \
 && node nginx/render.mjs --docker --tls --out nginx/out/crm-tls.conf.template

# --- production dependencies of the server workspaces only (no dev tools, no front-end libraries).
# Optional packages are the embedded PostgreSQL binaries (containers always get DATABASE_URL) and
# pg-cloudflare; leaving them out keeps the image small.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY --from=deps /src/package.json /src/package-lock.json ./
COPY --from=deps /src/contracts/package.json contracts/
COPY --from=deps /src/database/package.json database/
COPY --from=deps /src/core/package.json core/
COPY --from=deps /src/api/package.json api/
COPY --from=deps /src/bot/package.json bot/
COPY --from=deps /src/jobs/package.json jobs/
COPY --from=deps /src/admin/package.json admin/
COPY --from=deps /src/miniapp/package.json miniapp/
COPY --from=deps /src/telegram-sim/package.json telegram-sim/
COPY --from=deps /src/testing/package.json testing/
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund \
      -w contracts -w database -w core -w api -w bot -w jobs \
 && npm cache clean --force

# --- the server image: api (default), bot, jobs, migrations
FROM ${NODE_IMAGE} AS server
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3000 \
    BOT_PORT=3001 \
    JOBS_PORT=3002
WORKDIR /app
COPY --from=prod-deps /app ./
COPY --from=build /src/contracts/dist contracts/dist
COPY --from=build /src/database/dist database/dist
COPY --from=build /src/core/dist core/dist
COPY --from=build /src/api/dist api/dist
COPY --from=build /src/bot/dist bot/dist
COPY --from=build /src/jobs/dist jobs/dist
# The code is owned by root and read-only to the process; only /data is writable.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000 3001 3002
# Healthy when the process of this container answers on its port (api /api/health, bot and jobs /health).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "const e = process.env; Promise.any([[e.PORT, '/api/health'], [e.BOT_PORT, '/health'], [e.JOBS_PORT, '/health']].map(([port, p]) => fetch('http://127.0.0.1:' + port + p).then((r) => r.ok || Promise.reject()))).then(() => process.exit(0), () => process.exit(1))"]
# compose runs these with `init: true`: a tiny init as PID 1 forwards SIGTERM to node, whose
# graceful shutdown then finishes in-flight work.
CMD ["node", "api/dist/main.js"]

# --- the web image: nginx serving /admin and /app, proxying /api and /telegram/webhook
FROM ${NGINX_IMAGE} AS web
RUN apk add --no-cache openssl
COPY --from=build /src/admin/dist /usr/share/crm/admin
COPY --from=build /src/miniapp/dist /usr/share/crm/app
COPY --from=build /src/nginx/out/ /etc/nginx/crm/
COPY nginx/docker-entrypoint.d/40-crm-site.sh /docker-entrypoint.d/40-crm-site.sh
RUN chmod 0755 /docker-entrypoint.d/40-crm-site.sh \
 && mkdir -p /var/www/certbot /etc/nginx/certs /etc/nginx/selfsigned
EXPOSE 80 443
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1/nginx-health"]
