# Lá Chắn gateway image — ảnh Docker của cổng Lá Chắn.
# Built by `docker compose up -d --build` (see docker-compose.yml), or alone: `docker build -t lachan .`
# Two stages: the build stage compiles TypeScript and the native SQLite driver; the final stage
# holds only the compiled gateway, its production dependencies and the default policy.

# ---- build ------------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS build

# better-sqlite3 compiles from source when no prebuilt binary matches this platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so this layer is reused while only the source changes. --ignore-scripts
# skips the root "prepare" script (it builds, and the source is not here yet) and every install
# script; the one we need (better-sqlite3, listed in "allowScripts") is run by `npm rebuild`.
COPY package.json package-lock.json ./
COPY gateway/package.json gateway/
RUN npm ci --ignore-scripts \
 && npm rebuild better-sqlite3

COPY tsconfig.json ./
COPY gateway/tsconfig.json gateway/tsconfig.build.json gateway/
COPY gateway/src gateway/src
RUN npm run build \
 && npm prune --omit=dev

# ---- runtime ----------------------------------------------------------------------------------
FROM node:20-bookworm-slim

LABEL org.opencontainers.image.title="Lá Chắn" \
      org.opencontainers.image.description="Email security gateway (SMTP proxy) for provincial government mail"

ENV NODE_ENV=production
WORKDIR /app

# Tesseract with its Vietnamese and English data: text in pictures (a password shown only in a
# picture, a scam written as a picture). Optional for the gateway: without it OCR is off.
# lzip and lz4: .lz and .lz4 attachments are decompressed with them (without them such a file is
# held, not inspected).
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng lzip lz4 \
 && rm -rf /var/lib/apt/lists/*

# Code and dependencies stay owned by root: the gateway cannot change them. Production
# dependencies only (pruned above); node_modules/@lachan/gateway links to ./gateway.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/gateway/package.json ./gateway/
COPY --from=build /app/gateway/dist ./gateway/dist
# The default policy; docker-compose.yml mounts the province's ./policies over it (read-only).
COPY policies ./policies

# The data directory (SQLite when no PostgreSQL, message store, spool, secret) is the only place
# the gateway writes, besides the temporary directory. A named volume mounted here takes this
# ownership on first use.
RUN mkdir -p /app/data && chown node:node /app/data

# The node image's unprivileged user (uid 1000). The gateway listens on 2525, no privilege needed.
USER node

EXPOSE 2525

# Healthy when the gateway answers an SMTP connection with a 220 greeting.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "/app/gateway/dist/cli/healthcheck.js"]

# Exactly what `npm start` runs (the V8 flags are GATEWAY_NODE_FLAGS in gateway/src/cli/node-flags.ts).
CMD ["node", "--max-semi-space-size=8", "gateway/dist/cli/main.js", "start"]
