// A batch and its checkpoint commit together: a failure part-way through a batch leaves no trace,
// and the projection resumes from its checkpoint, applying every event exactly once.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Knex } from 'knex';
import { createEventStore } from '../../store/event-store/chained-event-store';
import type { EventStore, RecordedEvent } from '../../store/event-store/event-store';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { freshStream, testEvent } from '../../testing/events';
import { waitUntil } from '../../testing/wait-until';
import { createKnex } from '../../store/knex';
import type { ProjectionDefinition } from './projection';
import { createProjectionRunner } from './projection-runner';

/** Counts how many times each event was applied; fails once on a chosen event, after writing part of the batch. */
function countingProjection(failOnce: { eventIndex: number; failed: boolean }): ProjectionDefinition {
  return {
    name: 'applied_counts',
    version: 1,
    typePrefixes: ['Counted'],
    tables: ['applied_counts'],
    async setup(knex, schema) {
      await knex.schema.withSchema(schema).createTable('applied_counts', (t) => {
        t.uuid('event_id').primary();
        t.integer('times').notNullable();
      });
    },
    async apply(trx, events: RecordedEvent[], schema) {
      for (const event of events) {
        await trx.raw(`INSERT INTO ??.applied_counts (event_id, times) VALUES (?, 1) ON CONFLICT (event_id) DO UPDATE SET times = applied_counts.times + 1`, [schema, event.id]);
        if (!failOnce.failed && (event.data as { i: number }).i === failOnce.eventIndex) {
          failOnce.failed = true;
          throw new Error('simulated crash in the middle of a batch');
        }
      }
    },
  };
}

describe('projection runner', () => {
  let db: TestDatabase;
  let store: EventStore;
  let knex: Knex;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
    knex = createKnex(db.url);
  });
  afterAll(async () => {
    await store.close();
    await knex.destroy();
    await db.drop();
  });

  it('applies every event exactly once across a failed batch, and keeps separate checkpoints', async () => {
    const failOnce = { eventIndex: 37, failed: false };
    const errors: string[] = [];
    const runner = createProjectionRunner({
      store,
      knex,
      projections: [countingProjection(failOnce)],
      batchSize: 20,
      retryDelayMs: 50,
      logger: { info: () => undefined, error: (o) => errors.push(JSON.stringify(o)) },
    });
    runner.start();
    // Live first (the initial build of an empty log), so the failure hits the live subscription.
    await waitUntil(() => runner.status()[0]?.state, (state) => state === 'running', { what: 'the projection to go live' });
    const stream = freshStream('counted');
    for (let i = 0; i < 50; i += 10) await store.appendToStream(stream, Array.from({ length: 10 }, (_, j) => testEvent('Counted', { i: i + j })));
    // Wait for our own last write, not for headPosition(): the head is fenced below any open
    // transaction (the runner's own batch included), so it can lag behind what we appended.
    const head = (await store.appendToStream(freshStream('other'), [testEvent('Ignored')])).lastPosition;
    expect(await runner.waitFor(head, undefined, 15_000)).toBe(true);
    await runner.stop();

    expect(failOnce.failed).toBe(true);
    expect(errors.some((e) => e.includes('simulated crash'))).toBe(true);
    const rows: { times: number }[] = await knex('rm.applied_counts').select('times');
    expect(rows).toHaveLength(50);
    expect(rows.every((r) => r.times === 1)).toBe(true);
    const [checkpoint] = await knex('projection_checkpoints').where({ name: 'applied_counts' });
    expect(BigInt(checkpoint.position)).toBe(head);
  });

  it('rebuilds a projection only as far as the read models it depends on have got, even while they are rebuilding too', async () => {
    // Both start without a checkpoint, so both rebuild from the log: the parents' rebuild is held at
    // a gate; the children's rebuild must not read the parents' table before the parents hold them.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const parents: ProjectionDefinition = {
      name: 'gated_parents',
      version: 1,
      typePrefixes: ['GatedParent'],
      tables: ['gated_parents'],
      setup: (k, schema) => k.schema.withSchema(schema).createTable('gated_parents', (t) => void t.uuid('event_id').primary()),
      async apply(trx, events, schema) {
        await gate;
        for (const event of events) await trx.raw('INSERT INTO ??.gated_parents (event_id) VALUES (?)', [schema, event.id]);
      },
    };
    const seen: number[] = [];
    const children: ProjectionDefinition = {
      name: 'gated_children',
      version: 1,
      typePrefixes: ['GatedChild'],
      tables: ['gated_children'],
      dependsOn: ['gated_parents'],
      setup: (k, schema) => k.schema.withSchema(schema).createTable('gated_children', (t) => void t.uuid('event_id').primary()),
      async apply(trx, events, schema) {
        // What a derived row would read: the parents in the live read model (none while it is missing).
        const live = (await trx.raw("SELECT to_regclass('rm.gated_parents') IS NOT NULL AS present")).rows[0].present as boolean;
        const count = live ? Number((await trx('rm.gated_parents').count<{ n: string }[]>({ n: '*' }))[0]!.n) : 0;
        for (const event of events) {
          seen.push(count);
          await trx.raw('INSERT INTO ??.gated_children (event_id) VALUES (?)', [schema, event.id]);
        }
      },
    };
    await store.appendToStream(freshStream('gated-parent'), [testEvent('GatedParent')]);
    const last = (await store.appendToStream(freshStream('gated-child'), [testEvent('GatedChild')])).lastPosition;
    const runner = createProjectionRunner({ store, knex, projections: [parents, children], retryDelayMs: 50 });
    runner.start();
    // Without the wait the children apply at once and see no parent; give them the time to.
    await waitUntil(async () => seen.length, (n) => n > 0, { what: 'the children to apply', timeoutMs: 3000, intervalMs: 50 }).catch(() => undefined);
    open();
    expect(await runner.waitFor(last, undefined, 15_000)).toBe(true);
    await runner.stop();
    expect(seen).toEqual([1]);
  });
});
