// `npm run verify`: checks the hash chain of every stream. Exit code 0 when intact; 1 naming the
// first broken event; 2 when it could not run.
import path from 'node:path';
import { createEventStore } from '../store/event-store/chained-event-store';
import { createPostgresEventLog } from '../store/event-store/postgres/postgres-event-log';
import { verifyChains } from '../store/event-store/verify-chains';
import { connectDatabase } from './database-connection';

async function main() {
  const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
  const { url, release } = await connectDatabase(dataDir);
  const store = createEventStore(
    process.env.EVENTSTORE_URL
      ? (await import('../store/event-store/eventstoredb/eventstoredb-event-log')).createEventStoreDbEventLog({ connectionString: process.env.EVENTSTORE_URL })
      : createPostgresEventLog({ connectionString: url }),
  );
  const started = Date.now();
  let lastReport = 0;
  try {
    const report = await verifyChains(store, (events) => {
      if (Date.now() - lastReport > 2000) {
        lastReport = Date.now();
        process.stderr.write(`已校验 ${events} 个事件…\n`);
      }
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (report.firstBreak) {
      const b = report.firstBreak;
      console.error(`哈希链校验失败：流 ${b.streamId} 第 ${b.revision} 号事件（全局位置 ${b.position}）：${b.reason}`);
      process.exitCode = 1;
    } else {
      console.log(`哈希链完好：${report.streams} 条记录流，${report.events} 个事件，用时 ${seconds} 秒`);
    }
  } finally {
    await store.close();
    await release();
  }
}

// Exit explicitly: a library's late cleanup must not decide the exit code.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error('校验无法完成:', error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
