// `npm run rebuild -- <projection>`: replays the whole log into fresh tables and swaps them in while
// the API keeps serving the old ones. Safe beside a running `npm start`.
import path from 'node:path';
import { PROJECTIONS } from '../api/platform';
import { createEventStore } from '../store/event-store/chained-event-store';
import { createPostgresEventLog } from '../store/event-store/postgres/postgres-event-log';
import { rebuildProjection, rebuildSearchProjection, type RebuildProgress } from '../projections/runner/rebuild';
import { createMeilisearchSearchEngine } from '../projections/search/meilisearch/meilisearch-search-engine';
import { createPostgresSearchEngine } from '../projections/search/postgres/postgres-search-engine';
import { createKnex } from '../store/knex';
import { migrateToLatest } from '../store/migrations';
import { connectDatabase } from './database-connection';

async function main() {
  const name = process.argv[2];
  const projection = PROJECTIONS.find((p) => p.name === name);
  if (!projection) {
    console.error(`用法: npm run rebuild -- <投影名称>\n可选: ${PROJECTIONS.map((p) => p.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const { url, release } = await connectDatabase(path.resolve(process.env.DATA_DIR ?? '.data'));
  const knex = createKnex(url, 4);
  const store = createEventStore(
    process.env.EVENTSTORE_URL
      ? (await import('../store/event-store/eventstoredb/eventstoredb-event-log')).createEventStoreDbEventLog({ connectionString: process.env.EVENTSTORE_URL })
      : createPostgresEventLog({ connectionString: url }),
  );
  try {
    await migrateToLatest(knex);
    const started = Date.now();
    let lastReport = 0;
    const onProgress = (p: RebuildProgress) => {
      if (p.phase !== 'replaying' || Date.now() - lastReport > 2000) {
        lastReport = Date.now();
        const label = { replaying: '重放中', swapping: '切换中', done: '完成' }[p.phase];
        process.stderr.write(`${projection.name}: ${label}，已处理 ${p.events} 个事件\n`);
      }
    };
    let result: { events: number };
    if ('kind' in projection) {
      const search = process.env.MEILI_HOST
        ? createMeilisearchSearchEngine({ host: process.env.MEILI_HOST, ...(process.env.MEILI_API_KEY ? { apiKey: process.env.MEILI_API_KEY } : {}) })
        : createPostgresSearchEngine({ connectionString: url });
      result = await rebuildSearchProjection({ store, knex, projection, search, onProgress }).finally(() => search.close());
    } else {
      result = await rebuildProjection({ store, knex, projection, onProgress });
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`投影 ${projection.name} 已重建：${result.events} 个事件，用时 ${seconds.toFixed(1)} 秒（${Math.round(result.events / Math.max(seconds, 0.001))} 事件/秒）`);
  } finally {
    await store.close();
    await knex.destroy();
    await release();
  }
}

// Exit explicitly: a library's late cleanup must not decide the exit code.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error('重建失败:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
