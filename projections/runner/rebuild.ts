import type { Knex } from 'knex';
import type { EventStore, RecordedEvent } from '../../store/event-store/event-store';
import { lockCheckpoint, saveCheckpoint } from './checkpoints';
import type { SearchEngine } from '../search/search-port';
import { READ_MODEL_SCHEMA, type ProjectionDefinition } from './projection';
import type { SearchProjectionDefinition } from './search-projection';

export interface RebuildProgress {
  projection: string;
  phase: 'replaying' | 'swapping' | 'done';
  events: number;
  position: bigint;
}

export interface RebuildOptions {
  store: EventStore;
  knex: Knex;
  projection: ProjectionDefinition;
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
  /**
   * Resolves once the read models the projection reads (its `dependsOn`) have passed a position;
   * false when the caller is stopping. The runner passes it: a projection rebuilt at start (no
   * checkpoint, or a new version) must not read those models before they hold the events it
   * replays (a class's list rows read its institution's ancestors from `organizations`).
   */
  dependenciesReached?: (position: bigint) => Promise<boolean>;
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/**
 * Replays the whole log into fresh tables in a scratch schema while the API keeps reading the old
 * ones, then swaps them in. Only the final catch-up and the swap hold the projection's checkpoint
 * lock (which the live worker also takes per batch), so the swap can neither lose nor repeat an
 * event. Queries waiting on the swap re-resolve the table name and read the new table.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<{ events: number; position: bigint }> {
  const { store, knex, projection } = options;
  const batchSize = options.batchSize ?? 5000;
  const scratch = `rebuild_${projection.name}`;
  const retired = `retired_${projection.name}`;
  let position = 0n;
  let count = 0;
  const report = (phase: RebuildProgress['phase']) => options.onProgress?.({ projection: projection.name, phase, events: count, position });

  await knex.raw(`DROP SCHEMA IF EXISTS ${quote(scratch)} CASCADE; CREATE SCHEMA ${quote(scratch)}`);
  await projection.setup(knex, scratch);

  // Replays pages into `scratch`; returns when a page comes back short (the head was reached).
  const replay = async (apply: (events: RecordedEvent[]) => Promise<void>) => {
    for (;;) {
      const page = await store.readAll({ after: position, maxCount: batchSize, typePrefixes: projection.typePrefixes });
      if (page.events.length > 0 && options.dependenciesReached && !(await options.dependenciesReached(page.scannedUpTo))) throw new Error(`${projection.name}: rebuild stopped`);
      if (page.events.length > 0) await apply(page.events);
      count += page.events.length;
      if (page.scannedUpTo > position) position = page.scannedUpTo;
      report('replaying');
      if (page.events.length < batchSize) return;
    }
  };

  await replay((events) => knex.transaction((trx) => projection.apply(trx, events, scratch)));
  report('swapping');
  await knex.transaction(async (trx) => {
    await trx('projection_checkpoints').insert({ name: projection.name, position: '0', version: projection.version }).onConflict('name').ignore();
    await lockCheckpoint(trx, projection.name);
    await replay((events) => projection.apply(trx, events, scratch));
    await trx.raw(`DROP SCHEMA IF EXISTS ${quote(retired)} CASCADE; CREATE SCHEMA ${quote(retired)}`);
    for (const table of projection.tables) {
      await trx.raw(`ALTER TABLE IF EXISTS ${quote(READ_MODEL_SCHEMA)}.${quote(table)} SET SCHEMA ${quote(retired)}`);
      await trx.raw(`ALTER TABLE ${quote(scratch)}.${quote(table)} SET SCHEMA ${quote(READ_MODEL_SCHEMA)}`);
    }
    await saveCheckpoint(trx, projection.name, position, projection.version);
  });
  await knex.raw(`DROP SCHEMA IF EXISTS ${quote(retired)} CASCADE; DROP SCHEMA IF EXISTS ${quote(scratch)} CASCADE`);
  report('done');
  return { events: count, position };
}

/**
 * A search projection is rebuilt in place: every record's document is upserted again from the read
 * models (idempotent), then the checkpoint moves to where the replay ended, under the same lock the
 * live worker takes. The index answers throughout, with documents no older than before.
 */
export async function rebuildSearchProjection(options: {
  store: EventStore;
  knex: Knex;
  projection: SearchProjectionDefinition;
  search: SearchEngine;
  batchSize?: number;
  onProgress?: (progress: RebuildProgress) => void;
}): Promise<{ events: number; position: bigint }> {
  const { store, knex, projection, search } = options;
  const batchSize = options.batchSize ?? 5000;
  let position = 0n;
  let count = 0;
  await search.ensureIndex(projection.index);
  for (;;) {
    const page = await store.readAll({ after: position, maxCount: batchSize, typePrefixes: projection.typePrefixes });
    const streams = [...new Set(page.events.map((e) => e.streamId))];
    if (streams.length) {
      const { upserts, deletes } = await projection.documents(knex, streams);
      if (upserts.length) await search.upsert(projection.index.name, upserts);
      if (deletes.length) await search.delete(projection.index.name, deletes);
    }
    count += page.events.length;
    if (page.scannedUpTo > position) position = page.scannedUpTo;
    options.onProgress?.({ projection: projection.name, phase: 'replaying', events: count, position });
    if (page.events.length < batchSize) break;
  }
  await knex.transaction(async (trx) => {
    await trx('projection_checkpoints').insert({ name: projection.name, position: '0', version: projection.version }).onConflict('name').ignore();
    const current = await lockCheckpoint(trx, projection.name);
    if (!current || current.position < position || current.version !== projection.version) await saveCheckpoint(trx, projection.name, position, projection.version);
  });
  options.onProgress?.({ projection: projection.name, phase: 'done', events: count, position });
  return { events: count, position };
}
