import { sharedTailReader, subscribeCatchUp } from './catch-up-subscription';
import type { EventLog } from './event-log';
import {
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  type StreamAppend,
} from './event-store';
import { GENESIS_HASH, computeEventHash } from './integrity';

const MAX_RETRIES_FOR_ANY = 20;
const TAIL_CACHE_SIZE = 50_000;

interface StreamTail {
  revision: number;
  hash: string;
}

/**
 * The event-store port over any adapter. Every append is made against an exact revision at the
 * adapter, because each event's prevHash must be the hash of the event right before it: `any` and
 * `stream_exists` are resolved here by reading the stream's tail and retrying on a race.
 * The tails of recently read or written streams are cached; a stale entry only costs a conflict.
 */
export function createEventStore(log: EventLog): EventStore {
  const tails = new Map<string, StreamTail>();
  const sharedTail = sharedTailReader(log);

  const remember = (streamId: string, tail: StreamTail) => {
    tails.delete(streamId);
    tails.set(streamId, tail);
    if (tails.size > TAIL_CACHE_SIZE) {
      const oldest = tails.keys().next().value;
      if (oldest !== undefined) tails.delete(oldest);
    }
  };

  const readTail = async (streamId: string): Promise<StreamTail | undefined> => {
    const [last] = await log.readStream(streamId, { direction: 'backwards', maxCount: 1 });
    if (!last) return undefined;
    const tail = { revision: last.revision, hash: String(last.metadata.hash) };
    remember(streamId, tail);
    return tail;
  };

  const tailFor = async (streamId: string, expected: ExpectedRevision): Promise<StreamTail | undefined> => {
    if (expected === 'no_stream') return undefined;
    const cached = tails.get(streamId);
    if (typeof expected === 'number' && cached?.revision === expected) return cached;
    return readTail(streamId);
  };

  const check = (streamId: string, expected: ExpectedRevision, tail: StreamTail | undefined) => {
    const actual = tail ? tail.revision : 'no_stream';
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && !tail) ||
      (expected === 'stream_exists' && !!tail) ||
      (typeof expected === 'number' && tail?.revision === expected);
    if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
  };

  const seal = (streamId: string, events: NewEvent[], tail: StreamTail | undefined): NewEvent[] => {
    let prevHash = tail?.hash ?? GENESIS_HASH;
    let revision = tail ? tail.revision : -1;
    return events.map((event) => {
      revision += 1;
      const metadata = { ...event.metadata, prevHash };
      delete metadata.hash;
      const hash = computeEventHash({ streamId, revision, type: event.type, data: event.data, metadata, prevHash });
      prevHash = hash;
      return { ...event, metadata: { ...metadata, hash } };
    });
  };

  const append = async (streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> => {
    if (events.length === 0) throw new Error('appendToStream needs at least one event');
    const retries = expected === 'any' || expected === 'stream_exists' ? MAX_RETRIES_FOR_ANY : 0;
    for (let attempt = 0; ; attempt++) {
      const tail = await tailFor(streamId, expected);
      check(streamId, expected, tail);
      const sealed = seal(streamId, events, tail);
      try {
        const result = await log.appendAfter(streamId, sealed, tail ? tail.revision : -1);
        remember(streamId, { revision: result.nextRevision, hash: String(sealed[sealed.length - 1]!.metadata.hash) });
        return result;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        tails.delete(streamId);
        if (attempt >= retries) {
          const actual = await readTail(streamId);
          throw new WrongExpectedRevisionError(streamId, expected, actual ? actual.revision : 'no_stream');
        }
      }
    }
  };

  const appendMany = async (appends: StreamAppend[]): Promise<AppendResult[]> => {
    if (!log.appendManyAfter) {
      const results: AppendResult[] = [];
      for (const a of appends) results.push(await append(a.streamId, a.events, a.expectedRevision));
      return results;
    }
    const sealed = await Promise.all(
      appends.map(async (a) => {
        if (a.events.length === 0) throw new Error('appendToStreams needs at least one event per stream');
        const tail = await tailFor(a.streamId, a.expectedRevision);
        check(a.streamId, a.expectedRevision, tail);
        return { streamId: a.streamId, events: seal(a.streamId, a.events, tail), afterRevision: tail ? tail.revision : -1 };
      }),
    );
    try {
      const results = await log.appendManyAfter(sealed);
      sealed.forEach((a, i) => remember(a.streamId, { revision: results[i]!.nextRevision, hash: String(a.events[a.events.length - 1]!.metadata.hash) }));
      return results;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) for (const a of sealed) tails.delete(a.streamId);
      throw error;
    }
  };

  return {
    appendToStream: (streamId, events, options) => append(streamId, events, options?.expectedRevision ?? 'any'),
    appendToStreams: appendMany,

    async readStream(streamId, options) {
      const events: RecordedEvent[] = await log.readStream(streamId, options);
      const forwards = (options?.direction ?? 'forwards') === 'forwards';
      const reachedEnd = options?.maxCount === undefined || events.length < options.maxCount;
      const last = events[events.length - 1];
      if (forwards && reachedEnd && last) remember(streamId, { revision: last.revision, hash: String(last.metadata.hash) });
      return events;
    },

    readAll: (options) => log.readAll(options),
    headPosition: () => log.headPosition(),
    subscribeToAll: (options, handler) => subscribeCatchUp(log, options, handler, sharedTail),
    close: () => log.close(),
  };
}
