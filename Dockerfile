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
# NODE_ENV=production: the start refuses to run without PII_ENCRYPTION_KEY, PII_BLIND_INDEX_KEY and
# LEDGER_SIGNING_KEY (docker-compose.yml passes them from the environment) and loads no demo data.
# /data (uploaded files) belongs to the user the app runs as; a new named volume takes this owner.
RUN mkdir -p /data && chown node:node /data
EXPOSE 4000
USER node
CMD ["npx", "tsx", "scripts/start.ts"]
