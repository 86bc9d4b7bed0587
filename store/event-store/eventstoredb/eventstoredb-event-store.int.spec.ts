// The EventStoreDB adapter through the real official client, over real gRPC, against the
// in-process stand-in (testing/eventstoredb-standin). What this does not prove is listed in the
// README: it needs a live KurrentDB server.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { freshStream, testEvent } from '../../../testing/events';
import { startEventStoreDbStandIn, type EventStoreDbStandIn } from '../../../testing/eventstoredb-standin/server';
import { waitUntil } from '../../../testing/wait-until';
import { createEventStore } from '../chained-event-store';
import type { EventLog } from '../event-log';
import { WrongExpectedRevisionError } from '../event-store';
import { describeEventStoreContract } from '../event-store.contract';
import { createEventStoreDbEventLog } from './eventstoredb-event-log';

const contractOn = (batchAppend: boolean) => async () => {
  const standIn = await startEventStoreDbStandIn({ batchAppend });
  const store = createEventStore(createEventStoreDbEventLog({ connectionString: standIn.connectionString }));
  return {
    store,
    async dispose() {
      await store.close();
      await standIn.close();
    },
  };
};

// Every server since 21.10 advertises BatchAppend, so this is the path production takes.
describeEventStoreContract('eventstoredb (wire-level stand-in)', contractOn(true));
// Servers before 21.10 only have the unary Append; the client falls back to it.
describeEventStoreContract('eventstoredb (wire-level stand-in, unary Append)', contractOn(false));

// The same contract against a live server, when one is named on purpose. Its own variable, not
// EVENTSTORE_URL: the suite appends test streams, and events can never be deleted from a real store.
const liveUrl = process.env.EVENTSTORE_CONTRACT_URL;
if (liveUrl) {
  describeEventStoreContract(`eventstoredb (live server at ${liveUrl})`, async () => {
    const store = createEventStore(createEventStoreDbEventLog({ connectionString: liveUrl }));
    return { store, dispose: () => store.close() };
  });
}

describe('eventstoredb adapter specifics', () => {
  let standIn: EventStoreDbStandIn;
  let log: EventLog;
  beforeAll(async () => {
    standIn = await startEventStoreDbStandIn();
    log = createEventStoreDbEventLog({ connectionString: standIn.connectionString });
  });
  afterAll(async () => {
    await log.close();
    await standIn.close();
  });

  /** EventLog takes events the chained store has already sealed; the hash values do not matter here. */
  const sealed = (type: string) => {
    const event = testEvent(type);
    return { ...event, metadata: { ...event.metadata, prevHash: 'p', hash: 'h' } };
  };

  it('talks gRPC to the server: feature discovery, BatchAppend, Read, and the events land in the server', async () => {
    const stream = freshStream();
    const events = [sealed('A'), sealed('B')];
    await log.appendAfter(stream, events, -1);
    await log.readStream(stream);
    expect(standIn.calls.GetSupportedMethods).toBeGreaterThanOrEqual(1);
    expect(standIn.calls.BatchAppend).toBe(1);
    expect(standIn.calls.Append).toBeUndefined();
    expect(standIn.calls.Read).toBeGreaterThanOrEqual(1);
    const held = standIn.log.peekStream(stream);
    expect(held.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(held.map((e) => e.contentType)).toEqual(['application/json', 'application/json']);
    expect(JSON.parse(new TextDecoder().decode(held[0]!.metadata))).toMatchObject({ hash: 'h', prevHash: 'p' });
  });

  it('reports the positions the server assigned: byte offsets in the log, not a counter', async () => {
    const stream = freshStream();
    const result = await log.appendAfter(stream, [sealed('A'), sealed('B'), sealed('C')], -1);
    const read = await log.readStream(stream);
    expect(result.firstPosition).toBe(read[0]!.position);
    expect(result.lastPosition).toBe(read[2]!.position);
    expect(read[1]!.position - read[0]!.position).toBeGreaterThan(1n);
    expect(result.nextRevision).toBe(2);
  });

  it('turns the server wrong-expected-version answer into our error, with the actual revision', async () => {
    const stream = freshStream();
    const missing = await log.appendAfter(stream, [sealed('A')], 0).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(WrongExpectedRevisionError);
    expect((missing as WrongExpectedRevisionError).actual).toBe('no_stream');
    await log.appendAfter(stream, [sealed('A')], -1);
    await log.appendAfter(stream, [sealed('B')], 0);
    const stale = await log.appendAfter(stream, [sealed('C')], 0).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
    expect((stale as WrongExpectedRevisionError).actual).toBe(1);
    expect((stale as WrongExpectedRevisionError).expected).toBe(0);
  });

  it('accepts the same append sent twice (same ids, same revision) once, as the server does', async () => {
    const stream = freshStream();
    const events = [sealed('A'), sealed('B')];
    const first = await log.appendAfter(stream, events, -1);
    const again = await log.appendAfter(stream, events, -1);
    expect(again).toEqual(first);
    expect(await log.readStream(stream)).toHaveLength(2);
  });

  it('skips the server system events in $all but counts them as scanned', async () => {
    const page = await log.readAll({ after: 0n, maxCount: 10_000 });
    expect(page.events.some((e) => e.type.startsWith('$') || e.streamId.startsWith('$'))).toBe(false);
    expect(standIn.log.readAll('start', false, 1n)[0]!.type).toBe('$epoch-information');
    expect(page.scannedUpTo).toBe(await log.headPosition());
  });

  it('never reports as scanned an event appended while a filtered read runs', async () => {
    const marker = `Race${Date.now()}`;
    const start = await log.headPosition();
    await log.appendAfter(freshStream(), [sealed(`${marker}Early`), sealed('Noise')], -1);
    let racer: string | undefined;
    standIn.beforeForwardReadAll = () => {
      standIn.beforeForwardReadAll = undefined;
      racer = freshStream();
      // Lands after the adapter read the head and before the server answers its forward read.
      standIn.log.append(racer, [{ id: randomUUID(), type: `${marker}Late`, contentType: 'application/json', data: new TextEncoder().encode('{}'), metadata: new TextEncoder().encode('{}') }], 'no_stream');
    };
    const page = await log.readAll({ after: start, typePrefixes: [marker] });
    expect(page.events.map((e) => e.type)).toEqual([`${marker}Early`]);
    const late = standIn.log.peekStream(racer!)[0]!;
    expect(page.scannedUpTo < late.position).toBe(true);
    const next = await log.readAll({ after: page.scannedUpTo, typePrefixes: [marker] });
    expect(next.events.map((e) => e.type)).toEqual([`${marker}Late`]);
  });

  it('wakes watchers through a live subscription when another client appends', async () => {
    const other = createEventStoreDbEventLog({ connectionString: standIn.connectionString });
    let woken = 0;
    const readsBefore = standIn.calls.Read ?? 0;
    const unwatch = log.watch!(() => (woken += 1));
    try {
      // Subscribing is asynchronous: wait until the server holds the subscription call.
      await waitUntil(() => standIn.calls.Read ?? 0, (reads) => reads > readsBefore, { what: 'the stand-in to receive the subscription call', intervalMs: 5 });
      await other.appendAfter(freshStream(), [sealed('Ping')], -1);
      await waitUntil(() => woken, (n) => n > 0, { what: 'the watcher to be woken by the other client\'s append' });
      expect(woken).toBeGreaterThan(0);
      expect(standIn.calls.Read).toBe(readsBefore + 1); // the subscription, and no polling read
    } finally {
      unwatch();
      await other.close();
    }
  });
});
