# The production image: the API, its workers and its migrations. Required: DATABASE_URL (a real PostgreSQL), JWT_SIGNING_KEY,
# WEBHOOK_SECRET_KEY, NATIONAL_ID_HASH_KEY, END_USER_ISSUER and END_USER_JWKS_URL (the eID provider), and SMTP_URL for e-mail;
# the embedded PostgreSQL and the demo data are for development only and are off with NODE_ENV=production.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY sdk/package.json sdk/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-bookworm-slim
# Metrics on a port of their own: let Prometheus reach 9464, publish only 3000 to partners.
ENV NODE_ENV=production PORT=3000 METRICS_PORT=9464 METRICS_HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
COPY sdk/package.json sdk/
# No development packages: the embedded PostgreSQL (a devDependency) is never installed here.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/openapi ./openapi
COPY --from=build /app/sdk/dist ./sdk/dist
USER node
EXPOSE 3000 9464
# Liveness: /health needs no database (readiness, for a load balancer, is /ready).
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Migrations first (they refuse to run without DATABASE_URL), then the server.
CMD ["sh", "-c", "node dist/src/db/migrate-cli.js && exec node dist/src/server.js"]
