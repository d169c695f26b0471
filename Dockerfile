# syntax=docker/dockerfile:1
# Build stage: dev dependencies, TypeScript compiled to dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY workers ./workers
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev --ignore-scripts

# Runtime stage: production dependencies and compiled code only, as an unprivileged user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production LOG_FORMAT=json
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY feeds ./feeds
USER node
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["start", "--role", "all"]
