# One image for every govgraph service; docker-compose.yml picks the command per container.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0
COPY package.json package-lock.json ./
# tsx runs the TypeScript sources directly; dev dependencies (jest, swc, typescript) are not needed here.
RUN npm ci --omit=dev && npm cache clean --force
COPY bin ./bin
COPY gateway ./gateway
COPY identity ./identity
COPY policies ./policies
COPY runtime ./runtime
COPY schema ./schema
COPY seed ./seed
COPY subgraphs ./subgraphs
USER node
