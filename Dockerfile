# One image for every govgraph service; docker-compose.yml picks the command per container.

# Build stage: the web pages (sandbox and console) are bundled here, with the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The workspace packages' manifests first: npm ci links @govgraph/policies, @govgraph/subgraph-kit and
# @govgraph/access-context from them (their sources are copied below).
COPY policies/package.json ./policies/package.json
COPY subgraphs/kit/package.json ./subgraphs/kit/package.json
COPY packages/access-context/package.json ./packages/access-context/package.json
COPY packages/observability/package.json ./packages/observability/package.json
RUN npm ci --ignore-scripts
COPY web ./web
COPY policies ./policies
COPY runtime ./runtime
COPY seed ./seed
RUN npm run build:web

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0
COPY package.json package-lock.json ./
# The workspace packages' manifests first: npm ci links @govgraph/policies, @govgraph/subgraph-kit and
# @govgraph/access-context from them (their sources are copied below).
COPY policies/package.json ./policies/package.json
COPY subgraphs/kit/package.json ./subgraphs/kit/package.json
COPY packages/access-context/package.json ./packages/access-context/package.json
COPY packages/observability/package.json ./packages/observability/package.json
# tsx runs the TypeScript sources directly; dev dependencies (jest, swc, vite, typescript) are not needed here.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY audit ./audit
COPY bin ./bin
COPY gateway ./gateway
COPY identity ./identity
COPY packages ./packages
COPY policies ./policies
COPY runtime ./runtime
COPY schema ./schema
COPY seed ./seed
COPY subgraphs ./subgraphs
COPY web/server.ts ./web/server.ts
COPY --from=build /app/web/dist ./web/dist
USER node
