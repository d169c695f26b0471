# syntax=docker/dockerfile:1
# Build stage: every dependency, TypeScript compiled to dist/, then the dev dependencies pruned.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# --ignore-scripts: the root `prepare` script would compile before the sources are here, and no dependency's
# install script is needed (package.json's allowScripts allows none).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workers ./workers
# TypeScript stays after the prune (an optional peer of a production dependency): the runtime never loads it.
RUN npx tsc -p tsconfig.build.json \
 && npm prune --omit=dev --ignore-scripts \
 && rm -rf node_modules/typescript node_modules/@typescript

# Runtime stage: production dependencies and compiled code only, as the image's unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY feeds ./feeds
USER node
EXPOSE 3000
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["start", "--role", "all"]
