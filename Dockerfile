# Production image for the api and the worker (one image, two commands).
# syntax=docker/dockerfile:1
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY process/package.json process/
COPY db/package.json db/
COPY workflows/package.json workflows/
COPY domain/package.json domain/
COPY activities/package.json activities/
COPY worker/package.json worker/
COPY api/package.json api/
COPY web/package.json web/
COPY portal/package.json portal/
COPY designer/package.json designer/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build.mjs && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 GGZY_DATA_DIR=/var/lib/ggzy
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
RUN mkdir -p /var/lib/ggzy && chown node:node /var/lib/ggzy
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "api/dist/server.js"]
