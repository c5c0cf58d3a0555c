# Build with the full toolchain, run with production dependencies only.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The provider sandbox and the demo are for trying Sutra, never for production.
RUN npm run build && npm run build:web && rm -rf dist/sandbox dist/cli/demo.js

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
# The seller's console (static files; the explorer in it is not served in production).
COPY --from=build /app/dist-web ./dist-web
# npm start's node flags (test/unit/node-flags.test.ts keeps them equal): a young generation of
# 2 × 16 MiB and an old one that grows 1.6× its live size between full collections, not 4×
# (README "Performance"). A process may set NODE_OPTIONS to something else.
ENV NODE_OPTIONS="--max-semi-space-size=16 --max-old-space-size=1024"
EXPOSE 4000
USER node
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4000/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
