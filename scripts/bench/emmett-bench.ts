// Emmett's Postgres event store under the same append workloads and the same events as ours.
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import { runConcurrently } from './clients';
import { measurement, type AppendWorkload, type Measurement, type WorkerConfig } from './protocol';
import { eventsForAppend } from './sample-events';

/** Same size as our store's default pool, so neither side waits on a smaller pool. */
const POOL_SIZE = 20;

export async function createEmmettTarget(config: WorkerConfig) {
  // Our own pool, handed to Emmett: its close() returns before its connections are closed
  // (DESIGN.md §7), so we end the pool ourselves before Postgres stops.
  const pool = new pg.Pool({ connectionString: config.url, max: POOL_SIZE });
  pool.on('error', () => undefined);
  const store = getPostgreSQLEventStore(config.url, { connectionOptions: { pool } });
  await store.schema.migrate();
  let sequence = 0;

  return {
    async append(workload: AppendWorkload): Promise<Measurement> {
      const calls = Math.ceil(workload.totalEvents / workload.eventsPerAppend);
      const seconds = await runConcurrently(workload.writers, calls, async () => {
        const { streamId, events } = eventsForAppend(sequence++, workload.eventsPerAppend);
        // The same payload and envelope as ours; Emmett keeps its own message id in the metadata.
        const messages = events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }));
        await store.appendToStream(streamId, messages, { expectedStreamVersion: STREAM_DOES_NOT_EXIST });
      });
      return measurement(calls * workload.eventsPerAppend, seconds);
    },

    async close(): Promise<void> {
      await store.close();
      await pool.end();
    },
  };
}
