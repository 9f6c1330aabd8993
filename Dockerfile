# syntax=docker/dockerfile:1
# Shortplay: two images from one file.
#   docker build --target web -t shortplay-web .      Next.js standalone server (node server.js)
#   docker build --target worker -t shortplay-worker . the worker (and `migrate`), run with tsx
# compose.yaml wires them to Postgres. Nothing here needs network at run time.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts/prisma-generate.mjs scripts/check-node.mjs ./scripts/
COPY prisma ./prisma
# postinstall runs `prisma generate` into lib/generated.
RUN npm ci && npm cache clean --force

FROM deps AS build
COPY . .
# SHORTPLAY_OUTPUT=standalone: next.config.js writes .next/standalone (server + traced modules).
RUN SHORTPLAY_OUTPUT=standalone npx next build

FROM node:24-bookworm-slim AS web
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
# Preloads, as `npm start` and the tests run the server: the client's address chain for
# TRUST_PROXY_HOPS (peer-address.mjs), the listen backlog, live streams opened before Next.js
# routes them and their hand-off out of Next.js (web-server.mjs).
COPY --from=build --chown=node:node /app/scripts/peer-address.mjs /app/scripts/web-server.mjs ./scripts/
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "./scripts/peer-address.mjs", "--import", "./scripts/web-server.mjs", "server.js"]

FROM node:24-bookworm-slim AS worker
WORKDIR /app
ENV NODE_ENV=production CHECKPOINT_DISABLE=1
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=deps --chown=node:node /app/lib/generated ./lib/generated
COPY --chown=node:node package.json tsconfig.json ./
COPY --chown=node:node lib ./lib
COPY --chown=node:node jobs ./jobs
COPY --chown=node:node scripts ./scripts
COPY --chown=node:node prisma ./prisma
USER node
# SIGTERM: running tasks get SHUTDOWN_GRACE_SECONDS, then are handed back to other workers.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "jobs/main.ts"]
