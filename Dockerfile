# elasticache-local in a container: the API on 4566, nodes on a fixed port range
# so that docker-compose can publish them.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
ENV ELASTICACHE_LOCAL_HOST=0.0.0.0 \
    ELASTICACHE_LOCAL_PORT=4566 \
    ELASTICACHE_LOCAL_DATA_DIR=/data \
    ELASTICACHE_LOCAL_NODE_PORT_RANGE=30000-30099
VOLUME /data
EXPOSE 4566 30000-30099
CMD ["node", "dist/src/cli.js"]
