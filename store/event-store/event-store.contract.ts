// The contract every event-store adapter passes (Postgres and EventStoreDB run the same suite).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freshStream, testEvent } from '../../testing/events';
import { WrongExpectedRevisionError, type EventStore, type RecordedEvent } from './event-store';
import { GENESIS_HASH, checkLink } from './integrity';

export interface EventStoreFixture {
  store: EventStore;
  dispose(): Promise<void>;
}

async function collectUntil(store: EventStore, after: bigint, predicate: (seen: RecordedEvent[]) => boolean, typePrefixes?: string[]) {
  const seen: RecordedEvent[] = [];
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  const sub = store.subscribeToAll({ after, typePrefixes, batchSize: 7 }, async (events) => {
    seen.push(...events);
    if (predicate(seen)) resolveDone();
  });
  return { seen, done, stop: () => sub.stop() };
}

/**
 * Waits until the global log shows everything up to `position`. A Postgres store holds back events
 * while any older transaction in the cluster is still open (that is how it never skips one), so a
 * concurrently running test can delay visibility; correctness does not depend on how long.
 */
async function untilVisible(store: EventStore, position: bigint) {
  const deadline = Date.now() + 15_000;
  while ((await store.headPosition()) < position) {
    if (Date.now() > deadline) throw new Error(`position ${position} did not become visible`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function describeEventStoreContract(adapterName: string, makeFixture: () => Promise<EventStoreFixture>) {
  describe(`event store contract: ${adapterName}`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;
    beforeAll(async () => {
      fixture = await makeFixture();
      store = fixture.store;
    });
    afterAll(async () => fixture.dispose());

    describe('appending with an expected revision', () => {
      it('creates a stream with no_stream and refuses a second no_stream append', async () => {
        const stream = freshStream();
        const first = await store.appendToStream(stream, [testEvent('A'), testEvent('B')], { expectedRevision: 'no_stream' });
        expect(first.nextRevision).toBe(1);
        expect(first.lastPosition > first.firstPosition).toBe(true);
        await expect(store.appendToStream(stream, [testEvent('C')], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
      });

      it('appends at the exact revision and refuses a stale one, reporting the actual revision', async () => {
        const stream = freshStream();
        await store.appendToStream(stream, [testEvent('A')], { expectedRevision: 'no_stream' });
        const second = await store.appendToStream(stream, [testEvent('B')], { expectedRevision: 0 });
        expect(second.nextRevision).toBe(1);
        const error = await store.appendToStream(stream, [testEvent('C')], { expectedRevision: 0 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actual).toBe(1);
        await expect(store.appendToStream(stream, [testEvent('C')], { expectedRevision: 5 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B']);
      });

      it('stream_exists refuses a missing stream and accepts an existing one', async () => {
        const stream = freshStream();
        await expect(store.appendToStream(stream, [testEvent('A')], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
        await store.appendToStream(stream, [testEvent('A')], { expectedRevision: 'any' });
        const result = await store.appendToStream(stream, [testEvent('B')], { expectedRevision: 'stream_exists' });
        expect(result.nextRevision).toBe(1);
      });

      it('lets exactly one of several concurrent appends at the same revision win', async () => {
        const stream = freshStream();
        await store.appendToStream(stream, [testEvent('A')], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) => store.appendToStream(stream, [testEvent(`B${i}`)], { expectedRevision: 0 })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('serialises concurrent `any` appends into one gapless, correctly chained stream', async () => {
        const stream = freshStream();
        await Promise.all(Array.from({ length: 10 }, (_, i) => store.appendToStream(stream, [testEvent(`E${i}`)], { expectedRevision: 'any' })));
        const events = await store.readStream(stream);
        expect(events.map((e) => e.revision)).toEqual([...Array(10).keys()]);
        let previous: { revision: number; hash: string } | undefined;
        for (const event of events) {
          expect(checkLink(event, previous)).toBeUndefined();
          previous = { revision: event.revision, hash: String(event.metadata.hash) };
        }
      });
    });

    describe('appending to several streams at once', () => {
      it('writes every stream of the batch, each with its own chain, at increasing positions', async () => {
        const existing = freshStream();
        await store.appendToStream(existing, [testEvent('A')], { expectedRevision: 'no_stream' });
        const fresh = [freshStream(), freshStream()];
        const results = await store.appendToStreams([
          { streamId: fresh[0]!, events: [testEvent('X1'), testEvent('X2')], expectedRevision: 'no_stream' },
          { streamId: existing, events: [testEvent('B')], expectedRevision: 0 },
          { streamId: fresh[1]!, events: [testEvent('Y1')], expectedRevision: 'no_stream' },
        ]);
        expect(results.map((r) => r.nextRevision)).toEqual([1, 1, 0]);
        expect(results[0]!.lastPosition < results[1]!.firstPosition).toBe(true);
        for (const stream of [...fresh, existing]) {
          let previous: { revision: number; hash: string } | undefined;
          for (const event of await store.readStream(stream)) {
            expect(checkLink(event, previous)).toBeUndefined();
            previous = { revision: event.revision, hash: String(event.metadata.hash) };
          }
        }
        expect((await store.readStream(existing)).map((e) => e.type)).toEqual(['A', 'B']);
      });

      it('refuses a batch in which a stream is not where expected', async () => {
        const existing = freshStream();
        await store.appendToStream(existing, [testEvent('A')], { expectedRevision: 'no_stream' });
        await expect(
          store.appendToStreams([
            { streamId: freshStream(), events: [testEvent('X')], expectedRevision: 'no_stream' },
            { streamId: existing, events: [testEvent('B')], expectedRevision: 'no_stream' },
          ]),
        ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect((await store.readStream(existing)).map((e) => e.type)).toEqual(['A']);
      });
    });

    describe('reading a stream', () => {
      it('reads forwards and backwards, from a revision, with a maximum count', async () => {
        const stream = freshStream();
        await store.appendToStream(stream, ['A', 'B', 'C', 'D', 'E'].map((t) => testEvent(t, { t })));
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
        expect((await store.readStream(stream, { fromRevision: 2, maxCount: 2 })).map((e) => e.type)).toEqual(['C', 'D']);
        expect((await store.readStream(stream, { direction: 'backwards' })).map((e) => e.type)).toEqual(['E', 'D', 'C', 'B', 'A']);
        expect((await store.readStream(stream, { direction: 'backwards', fromRevision: 3, maxCount: 2 })).map((e) => e.type)).toEqual(['D', 'C']);
        expect(await store.readStream(freshStream())).toEqual([]);
      });

      it('returns data and metadata as written, with the hash chain filled in', async () => {
        const stream = freshStream();
        const event = testEvent('Typed', { name: '贵阳市职业培训学校', nested: { n: 1.5, list: [1, 'two', null] } });
        await store.appendToStream(stream, [event, testEvent('Second')]);
        const [first, second] = await store.readStream(stream);
        expect(first!.id).toBe(event.id);
        expect(first!.streamId).toBe(stream);
        expect(first!.data).toEqual(event.data);
        expect(first!.metadata).toMatchObject(event.metadata);
        expect(first!.metadata.prevHash).toBe(GENESIS_HASH);
        expect(second!.metadata.prevHash).toBe(first!.metadata.hash);
        expect(checkLink(first!, undefined)).toBeUndefined();
        expect(first!.recordedAt).toBeInstanceOf(Date);
      });
    });

    describe('the global log', () => {
      it('reads after a position in order, filtered by type prefix, and reports how far it scanned', async () => {
        const start = await store.headPosition();
        const stream = freshStream();
        const marker = `Kind${Date.now()}`;
        const appended = await store.appendToStream(stream, [testEvent(`${marker}Registered`), testEvent('OtherThing'), testEvent(`${marker}Approved`)]);
        await untilVisible(store, appended.lastPosition);
        const page = await store.readAll({ after: start, maxCount: 100 });
        const mine = page.events.filter((e) => e.streamId === stream);
        expect(mine.map((e) => e.type)).toEqual([`${marker}Registered`, 'OtherThing', `${marker}Approved`]);
        const positions = page.events.map((e) => e.position);
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
        expect(positions.every((p) => p > start)).toBe(true);

        const filtered = await store.readAll({ after: start, typePrefixes: [marker] });
        expect(filtered.events.map((e) => e.type)).toEqual([`${marker}Registered`, `${marker}Approved`]);
        expect(filtered.scannedUpTo >= mine[2]!.position).toBe(true);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(mine[2]!.position);

        const paged = await store.readAll({ after: start, maxCount: 1 });
        expect(paged.events).toHaveLength(1);
        expect(paged.scannedUpTo).toBe(paged.events[0]!.position);
      });

      it('subscribes from a checkpoint: catches up, then delivers live appends in order, once each', async () => {
        const before = await store.headPosition();
        const stream = freshStream();
        await store.appendToStream(stream, Array.from({ length: 20 }, (_, i) => testEvent('Old', { i })));
        const sub = await collectUntil(store, before, (seen) => seen.filter((e) => e.streamId === stream).length >= 40);
        for (let i = 0; i < 20; i++) await store.appendToStream(stream, [testEvent('New', { i })]);
        await sub.done;
        await sub.stop();
        const mine = sub.seen.filter((e) => e.streamId === stream);
        expect(mine.map((e) => e.revision)).toEqual([...Array(40).keys()]);
        const positions = sub.seen.map((e) => e.position);
        expect(new Set(positions).size).toBe(positions.length);
        for (let i = 1; i < positions.length; i++) expect(positions[i]! > positions[i - 1]!).toBe(true);
      });

      it('delivers only the filtered types to a filtered subscription', async () => {
        const before = await store.headPosition();
        const marker = `Filt${Date.now()}`;
        const sub = await collectUntil(store, before, (seen) => seen.length >= 3, [marker]);
        const stream = freshStream();
        await store.appendToStream(stream, [testEvent(`${marker}A`), testEvent('Noise'), testEvent(`${marker}B`), testEvent('Noise'), testEvent(`${marker}C`)]);
        await sub.done;
        await sub.stop();
        expect(sub.seen.map((e) => e.type)).toEqual([`${marker}A`, `${marker}B`, `${marker}C`]);
      });
    });
  });
}
