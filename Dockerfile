# The application image. Production engines (KurrentDB, PostgreSQL, Meilisearch) run beside it
# (docker-compose.yml) and are selected by EVENTSTORE_URL, DATABASE_URL and MEILI_HOST.
FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --include=dev
COPY . .
RUN npm run build:web --if-present
# Postgres is external in this image: the embedded server is only the default without DATABASE_URL.
ENV HOST=0.0.0.0 PORT=4000 DATA_DIR=/data
EXPOSE 4000
USER node
CMD ["npx", "tsx", "scripts/start.ts"]
