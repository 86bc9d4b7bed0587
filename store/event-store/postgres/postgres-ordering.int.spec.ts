// The "skipped sequence" problem: transactions commit in a different order from the one in which
// they took their positions. A live subscriber must still see every committed event exactly once
// and in position order, never a rolled-back one, however writers interleave.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../testing/database';
import { testMetadata } from '../../../testing/events';
import { waitUntil } from '../../../testing/wait-until';
import { createEventStore } from '../chained-event-store';
import type { EventStore, RecordedEvent } from '../event-store';
import { createPostgresEventLog } from './postgres-event-log';

/** Load shaping, not waiting: a writer's random dawdle and a slow consumer vary the interleaving. */
const dawdle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Writes events as the adapter numbers them (position from the writing transaction's id), but
 * inside a transaction this test controls: held open, rolled back, committed without the adapter's
 * wake-up. The adapter never does this itself; the fence must keep readers in order whatever any
 * writer on the cluster does.
 */
const INSERT_IN_TRANSACTION = `
  INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata)
  SELECT (pg_current_xact_id()::text::bigint << 16) + (t.ord - 1), $1, t.ord - 1, (t.e->>'id')::uuid, t.e->>'type', t.e->'data', t.e->'metadata'
  FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(e, ord)`;

async function appendInTransaction(client: pg.Client, streamId: string, count: number) {
  const ids = Array.from({ length: count }, () => randomUUID());
  await client.query(INSERT_IN_TRANSACTION, [streamId, JSON.stringify(ids.map((id, i) => ({ id, type: 'Written', data: { i }, metadata: testMetadata() })))]);
  return ids;
}

describe('postgres event store: ordering under concurrent, rolled-back and held-open transactions', () => {
  let db: TestDatabase;
  let store: EventStore;
  // Reads of the log (the subscriptions' among them), numbered as they start and listed as they
  // finish: "the subscriber has looked at the log again since" is the signal that a window passed.
  let readsStarted = 0;
  const readsFinished: number[] = [];
  const readsSince = (mark: number) => readsFinished.filter((n) => n > mark).length;
  beforeAll(async () => {
    db = await createTestDatabase();
    const log = createPostgresEventLog({ connectionString: db.url });
    store = createEventStore({
      ...log,
      async readAll(options) {
        const n = ++readsStarted;
        const page = await log.readAll(options);
        readsFinished.push(n);
        return page;
      },
    });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('holds back a later commit until an earlier-positioned open transaction ends, then delivers both in order', async () => {
    const start = await store.headPosition();
    const received: RecordedEvent[] = [];
    const sub = store.subscribeToAll({ after: start }, async (events) => void received.push(...events));
    const early = new pg.Client({ connectionString: db.url });
    await early.connect();
    await early.query('BEGIN');
    const earlyIds = await appendInTransaction(early, `held-${randomUUID()}`, 1); // takes the lower position
    const late = await store.appendToStream(`late-${randomUUID()}`, [{ id: randomUUID(), type: 'Late', data: {}, metadata: testMetadata() }]);
    // The subscriber reads on the append's wake-up and then on each idle poll: three reads begun
    // after the later commit prove it looked, and more than once, while the earlier one was open.
    const mark = readsStarted;
    await waitUntil(() => readsSince(mark), (n) => n >= 3, { what: 'the subscriber to read the log three times after the later commit' });
    expect(received).toHaveLength(0); // the committed later event is still held back
    await early.query('COMMIT');
    await early.end();
    await waitUntil(() => received.length, (n) => n >= 2, { what: 'both events to be delivered once the earlier transaction committed' });
    await sub.stop();
    expect(received.map((e) => e.id)).toEqual([earlyIds[0], received[1]!.id]);
    expect(received[1]!.position).toBe(late.lastPosition);
    expect(received[0]!.position < received[1]!.position).toBe(true);
  });

  it('delivers every committed event once, in order, with 10 writers, rollbacks and held-open transactions', async () => {
    const start = await store.headPosition();
    const received: RecordedEvent[] = [];
    let markerSeen = false;
    const sub = store.subscribeToAll({ after: start, batchSize: 50 }, async (events) => {
      for (const event of events) {
        if (event.type === 'Marker') markerSeen = true;
        else received.push(event);
      }
      if (Math.random() < 0.2) await dawdle(5); // a slow consumer now and then
    });
    const committed = new Set<string>();
    const rolledBack = new Set<string>();
    const writer = async (w: number) => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      for (let i = 0; i < 40; i++) {
        await client.query('BEGIN');
        const ids = await appendInTransaction(client, `w${w}-${i}-${randomUUID()}`, 1 + (i % 3));
        const roll = Math.random();
        if (roll < 0.05) {
          // Held open across several reads of the subscriber.
          const mark = readsStarted;
          await waitUntil(() => readsSince(mark), (n) => n >= 3, { what: `the subscriber to read the log three times while writer ${w} holds its transaction open` });
        } else await dawdle(Math.random() * 8);
        if (roll > 0.8) {
          await client.query('ROLLBACK');
          ids.forEach((id) => rolledBack.add(id));
        } else {
          await client.query('COMMIT');
          ids.forEach((id) => committed.add(id));
        }
      }
      await client.end();
    };
    const storeWriter = async () => {
      for (let i = 0; i < 60; i++) {
        const id = randomUUID();
        await store.appendToStream(`s-${randomUUID()}`, [{ id, type: 'ViaStore', data: { i }, metadata: testMetadata() }]);
        committed.add(id);
      }
    };
    await Promise.all([...Array.from({ length: 9 }, (_, w) => writer(w)), storeWriter()]);
    // Every writer has ended, so a marker appended now takes a position above all of theirs, and
    // delivery is in position order: once the marker arrives, anything extra (a duplicate, a
    // rolled-back event) or missing would already show.
    await store.appendToStream(`marker-${randomUUID()}`, [{ id: randomUUID(), type: 'Marker', data: {}, metadata: testMetadata() }]);
    await waitUntil(
      () => ({ markerSeen, received: received.length, committed: committed.size }),
      (progress) => progress.markerSeen,
      { what: 'the marker appended after every writer ended to be delivered', timeoutMs: 20_000 },
    );
    await sub.stop();

    const ids = received.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length); // exactly once
    expect(ids.filter((id) => rolledBack.has(id))).toEqual([]); // never a rolled-back event
    expect(new Set(ids)).toEqual(committed); // every committed event
    for (let i = 1; i < received.length; i++) expect(received[i]!.position > received[i - 1]!.position).toBe(true);
    expect(rolledBack.size).toBeGreaterThan(0);
  });
});

describe('postgres event store: a batch over several streams is all or nothing', () => {
  let db: TestDatabase;
  let store: EventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('writes nothing of a batch when one of its streams conflicts', async () => {
    const taken = `taken-${randomUUID()}`;
    await store.appendToStream(taken, [{ id: randomUUID(), type: 'A', data: {}, metadata: testMetadata() }]);
    const fresh = `fresh-${randomUUID()}`;
    await expect(
      store.appendToStreams([
        { streamId: fresh, events: [{ id: randomUUID(), type: 'X', data: {}, metadata: testMetadata() }], expectedRevision: 'no_stream' },
        { streamId: taken, events: [{ id: randomUUID(), type: 'B', data: {}, metadata: testMetadata() }], expectedRevision: 'no_stream' },
      ]),
    ).rejects.toThrow(/taken-/);
    expect(await store.readStream(fresh)).toEqual([]);
  });
});

describe('postgres event store: the database itself refuses changes to events', () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await createTestDatabase();
    const store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
    await store.appendToStream('fixed-1', [{ id: randomUUID(), type: 'Fact', data: { v: 1 }, metadata: testMetadata() }]);
    await store.close();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it.each([
    ['UPDATE', `UPDATE events SET data = '{"v":2}'`],
    ['DELETE', 'DELETE FROM events'],
    ['TRUNCATE', 'TRUNCATE events'],
  ])('refuses %s, even for a superuser', async (_op, sql) => {
    await expect(client.query(sql)).rejects.toThrow(/events are immutable/);
    const rows = await client.query('SELECT data FROM events');
    expect(rows.rows).toEqual([{ data: { v: 1 } }]);
  });
});
