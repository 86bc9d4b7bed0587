// Our side of the benchmark: the chained (hash-chained) event store over the Postgres event log,
// the command pipeline, the catch-up subscription and the projection rebuild.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { createEventStore } from '../../store/event-store/chained-event-store';
import type { EventStore } from '../../store/event-store/event-store';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { occupationCommands } from '../../commands/occupation/occupation-commands';
import { occupationsProjection } from '../../projections/occupation/occupations-table';
import { rebuildProjection } from '../../projections/runner/rebuild';
import { createKnex } from '../../store/knex';
import { migrateToLatest } from '../../store/migrations';
import { runConcurrently } from './clients';
import { measurement, type AppendWorkload, type Measurement, type WorkerConfig } from './protocol';
import { LIFECYCLE_LENGTH, eventsForAppend, institutionActor, occupationDetails, occupationLifecycle } from './sample-events';

async function migrated(url: string, poolMax: number): Promise<Knex> {
  const knex = createKnex(url, poolMax);
  await migrateToLatest(knex);
  return knex;
}

export async function createOurTarget(config: WorkerConfig) {
  const knex = await migrated(config.url, 2);
  // The store as the application builds it (api/platform.ts): default pool, hash chain, tail cache.
  const store: EventStore = createEventStore(createPostgresEventLog({ connectionString: config.url }));
  const replayKnex = config.replayUrl ? await migrated(config.replayUrl, 4) : undefined;
  const replayStore = config.replayUrl ? createEventStore(createPostgresEventLog({ connectionString: config.replayUrl })) : undefined;
  const replay = () => {
    if (!replayStore || !replayKnex) throw new Error('no replay database configured');
    return { store: replayStore, knex: replayKnex };
  };
  let sequence = 0;

  return {
    async append(workload: AppendWorkload): Promise<Measurement> {
      const calls = Math.ceil(workload.totalEvents / workload.eventsPerAppend);
      const seconds = await runConcurrently(workload.writers, calls, async () => {
        const { streamId, events } = eventsForAppend(sequence++, workload.eventsPerAppend);
        await store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
      });
      return measurement(calls * workload.eventsPerAppend, seconds);
    },

    /** Declare commands on new streams: read the (empty) stream, decide, append one chained event. */
    async commands(clients: number, total: number): Promise<Measurement> {
      const occupations = occupationCommands(store);
      const seconds = await runConcurrently(clients, total, async () => {
        const n = sequence++;
        const actor = institutionActor(n);
        const commandId = randomUUID();
        await occupations.declare(randomUUID(), actor.orgId!, occupationDetails(n), { actor, commandId, correlationId: commandId, ip: '127.0.0.1' });
      });
      return measurement(total, seconds);
    },

    /** Fills the replay database with `events` real occupation events, one lifecycle per append. */
    async seed(events: number, writers: number): Promise<Measurement> {
      const { store: target, knex: targetKnex } = replay();
      const calls = Math.ceil(events / LIFECYCLE_LENGTH);
      const seconds = await runConcurrently(writers, calls, async (index) => {
        const stream = occupationLifecycle(index, Math.min(LIFECYCLE_LENGTH, events - index * LIFECYCLE_LENGTH));
        await target.appendToStream(stream.streamId, stream.events, { expectedRevision: 'no_stream' });
      });
      // A settled log, as autovacuum leaves it: the first reader should not pay for hint bits.
      await targetKnex.raw('VACUUM (ANALYZE) events');
      return measurement(events, seconds);
    },

    /** subscribeToAll from the start until `events` events have been delivered. */
    async subscribe(events: number): Promise<Measurement> {
      const { store: source } = replay();
      let delivered = 0;
      const started = performance.now();
      let subscription: ReturnType<EventStore['subscribeToAll']> | undefined;
      await new Promise<void>((resolve, reject) => {
        subscription = source.subscribeToAll({ after: 0n }, async (batch) => {
          delivered += batch.length;
          if (delivered >= events) resolve();
        });
        subscription.failed.then(reject, reject);
      });
      const seconds = (performance.now() - started) / 1000;
      await subscription?.stop();
      return measurement(delivered, seconds);
    },

    /** rebuildProjection of the occupations projection over the whole replay log, swap included. */
    async rebuild(): Promise<Measurement> {
      const { store: source, knex: target } = replay();
      const started = performance.now();
      const result = await rebuildProjection({ store: source, knex: target, projection: occupationsProjection });
      return measurement(result.events, (performance.now() - started) / 1000);
    },

    async close(): Promise<void> {
      await store.close();
      await replayStore?.close();
      await knex.destroy();
      await replayKnex?.destroy();
    },
  };
}
