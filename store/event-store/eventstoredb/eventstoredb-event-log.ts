// EventLog adapter for EventStoreDB / KurrentDB (DESIGN.md §2), through the official Node gRPC
// client `@eventstore/db-client` 6.2.1.
//
// Why this client and not its successor `@kurrent/kurrentdb-client` (1.3.1): both speak the same
// gRPC protocol (event_store.client.*), which KurrentDB 25 still serves, and both can be tested
// against the in-process stand-in (testing/eventstoredb-standin): checked on 2026-11-25, the
// successor's reads, which go through its native module @kurrent/bridge 0.2.2 on a second
// connection of their own, reach the stand-in's port like any server. We keep the former because
// - it is plain JavaScript over @grpc/grpc-js: appends, reads and the wake-up subscription share
//   one HTTP/2 connection with one TLS, keepalive, leader-discovery and reconnection behaviour,
//   instead of a 0.x Rust module (a platform binary per OS and libc) doing reads on its own;
// - the bridge returns `created` truncated to whole seconds (measured against the stand-in:
//   .333 s came back as .000), so `recordedAt` would lose its milliseconds;
// - the two packages cannot share a process: both register their generated protobuf classes in
//   google-protobuf's global namespace, and the last one loaded breaks the other's BatchAppend.
// What we give up: 6.2.1's readAll cannot send the server-side event-type filter (it always asks
// for no filter), so readAll filters by type prefix here, after the events arrive. Moving to the
// successor means rewriting this file's client calls only; the stand-in already serves it.
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError as ClientStreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type ReadStreamOptions as ClientReadStreamOptions,
  type RecordedEvent as ClientRecordedEvent,
  type ResolvedEvent,
  type StreamSubscription,
} from '@eventstore/db-client';
import type { EventLog } from '../event-log';
import {
  WrongExpectedRevisionError,
  type AllPage,
  type AppendResult,
  type EventMetadata,
  type EventPayload,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../event-store';

const DEFAULT_MAX_COUNT = 1000;
/** Events fetched per $all request while scanning past events a type filter rejects. */
const SCAN_PAGE = 500;
const RESUBSCRIBE_MS = 1000;
/** What servers up to 22.6 put in a stream read's positions: they did not report them there. */
const NO_POSITION = (1n << 64n) - 1n;

export interface EventStoreDbEventLogOptions {
  /** e.g. `esdb://host:2113?tls=false`, or a cluster: `esdb+discover://...` */
  connectionString: string;
}

/**
 * Positions. Our bigint `position` is the event's $all commit position. A record in $all has a
 * commit position (where the transaction that made it visible was committed) and a prepare
 * position (where the event's own record is). Every event written through gRPC is a
 * self-committed prepare record, so for it the two are equal, and unique per event: resuming
 * from {commit: p, prepare: p} is exact. Only explicit transactions of the legacy TCP API made
 * several events share one commit position; nothing writes those to this store. $all forward
 * reads include the event at the start position, so a read "after p" starts at p and drops it.
 * The server makes events visible in $all in log order (its index committer is sequential), so a
 * page never shows an event while a lower position can still appear, as EventLog requires.
 */
export function createEventStoreDbEventLog(options: EventStoreDbEventLogOptions): EventLog {
  const client = EventStoreDBClient.connectionString(options.connectionString);
  const wakeUp = createWakeUp(client);
  let closed = false;

  const readStreamEvents = async (streamId: string, read: ClientReadStreamOptions) => {
    try {
      return (await collect(client.readStream(streamId, read))).map((resolved) => toRecorded(eventOf(resolved)));
    } catch (error) {
      // The server answers a read of a missing stream with StreamNotFound, not with an empty read.
      if (error instanceof ClientStreamNotFoundError) return [];
      throw error;
    }
  };

  const headPosition = async (): Promise<bigint> => {
    const [last] = await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
    return last ? positionOf(eventOf(last)) : 0n;
  };

  return {
    async appendAfter(streamId: string, events: NewEvent[], afterRevision: number): Promise<AppendResult> {
      const expected = afterRevision < 0 ? 'no_stream' : afterRevision;
      let result;
      try {
        result = await client.appendToStream(
          streamId,
          events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata })),
          { expectedRevision: afterRevision < 0 ? NO_STREAM : BigInt(afterRevision) },
        );
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          const actual = error.actualVersion;
          throw new WrongExpectedRevisionError(streamId, expected, typeof actual === 'bigint' ? Number(actual) : actual === 'no_stream' ? 'no_stream' : 'unknown');
        }
        throw error;
      }
      if (!result.position) throw new Error(`append to ${streamId} was acknowledged without a position`);
      // The server reports the position of the append's last event; the first one's lies an
      // unknown number of bytes earlier, so it is read back (only when there are several).
      const lastPosition = result.position.commit;
      let firstPosition = lastPosition;
      if (events.length > 1) {
        const [first] = await readStreamEvents(streamId, { fromRevision: BigInt(afterRevision + 1), maxCount: 1 });
        if (!first) throw new Error(`stream ${streamId} lost the events just appended`);
        firstPosition = first.position;
      }
      return { nextRevision: Number(result.nextExpectedRevision), firstPosition, lastPosition };
    },

    readStream(streamId: string, opts: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
      const backwards = opts.direction === 'backwards';
      if (opts.maxCount !== undefined && opts.maxCount < 1) return Promise.resolve([]);
      return readStreamEvents(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: opts.fromRevision !== undefined ? BigInt(opts.fromRevision) : backwards ? END : START,
        ...(opts.maxCount !== undefined && { maxCount: opts.maxCount }),
      });
    },

    /**
     * The head is read first and bounds the scan: events appended while this read runs lie past
     * it and are left to the next read, so `scannedUpTo` never claims a position that was not
     * looked at. Events are filtered here (system events, then the type prefixes).
     */
    async readAll(opts: ReadAllOptions = {}): Promise<AllPage> {
      const after = opts.after ?? 0n;
      const maxCount = opts.maxCount ?? DEFAULT_MAX_COUNT;
      const prefixes = opts.typePrefixes?.length ? opts.typePrefixes : undefined;
      const head = await headPosition();
      const events: RecordedEvent[] = [];
      if (head <= after || maxCount < 1) return { events, scannedUpTo: after };

      let cursor = after;
      for (;;) {
        // Each page starts at the last position seen, which the inclusive read returns again.
        const pageSize = prefixes ? SCAN_PAGE : Math.min(SCAN_PAGE, maxCount - events.length + 1);
        const page = await collect(
          client.readAll({ fromPosition: cursor === 0n ? START : { commit: cursor, prepare: cursor }, maxCount: pageSize }),
        );
        for (const resolved of page) {
          const event = eventOf(resolved);
          const position = positionOf(event);
          if (position <= cursor) continue;
          if (position > head) return { events, scannedUpTo: head };
          cursor = position;
          if (isSystem(event.type, event.streamId)) continue;
          if (prefixes && !prefixes.some((p) => event.type.startsWith(p))) continue;
          events.push(toRecorded(event));
          if (events.length === maxCount) return { events, scannedUpTo: position };
        }
        // A short page is the end of what this node shows; never claim more than was seen.
        if (cursor >= head || page.length < pageSize) return { events, scannedUpTo: cursor };
      }
    },

    headPosition,

    watch: (onChange) => wakeUp.add(onChange),

    async close() {
      if (closed) return;
      closed = true;
      await wakeUp.close();
      await client.dispose();
    },
  };
}

/**
 * Wake-ups from one live subscription to $all from the end, opened while anyone watches: any
 * event signals that a read may find something. It costs one more stream of every event to this
 * process; the catch-up subscription still polls, so a dropped subscription only adds latency
 * until it is reopened.
 */
function createWakeUp(client: EventStoreDBClient) {
  const watchers = new Set<() => void>();
  let subscription: StreamSubscription | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const open = () => {
    if (closed || subscription || watchers.size === 0) return;
    const current = client.subscribeToAll({ fromPosition: END });
    subscription = current;
    current.on('data', () => {
      for (const w of watchers) w();
    });
    // Dropped by the server or the network (our own unsubscribe clears `subscription` first).
    const dropped = () => {
      if (subscription !== current) return;
      subscription = undefined;
      retry ??= setTimeout(() => {
        retry = undefined;
        open();
      }, RESUBSCRIBE_MS);
    };
    current.on('error', dropped);
    current.on('close', dropped);
  };

  const stop = async () => {
    const current = subscription;
    subscription = undefined;
    await current?.unsubscribe().catch(() => undefined);
  };

  return {
    add(onChange: () => void) {
      watchers.add(onChange);
      open();
      return () => {
        watchers.delete(onChange);
        if (watchers.size === 0) void stop();
      };
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      watchers.clear();
      await stop();
    },
  };
}

async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}

/** Types and streams starting with `$` belong to the server (epochs, settings, projections' links). */
const isSystem = (type: string, streamId: string) => type.startsWith('$') || streamId.startsWith('$');

/** We never ask the server to resolve links, so every read item carries its event. */
function eventOf(resolved: ResolvedEvent): ClientRecordedEvent {
  if (!resolved.event) throw new Error('read returned an item without an event');
  return resolved.event;
}

function positionOf(event: ClientRecordedEvent): bigint {
  const commit = event.position?.commit;
  if (commit === undefined || commit === NO_POSITION) {
    throw new Error(`the server did not report the position of ${event.streamId}@${event.revision}: EventStoreDB after 22.6 is required`);
  }
  return commit;
}

function toRecorded(event: ClientRecordedEvent): RecordedEvent {
  if (!event.isJson) throw new Error(`event ${event.streamId}@${event.revision} is not JSON; this store writes JSON only`);
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: positionOf(event),
    type: event.type,
    data: event.data as EventPayload,
    metadata: event.metadata as EventMetadata,
    recordedAt: event.created,
  };
}
