// The stand-in's storage: streams and the $all log in memory, with the append and read semantics
// of EventStoreDB / KurrentDB's storage layer (StorageWriterService, IndexWriter.CheckCommit,
// AllReader), reduced to what a gRPC client can observe.
import { randomUUID } from 'node:crypto';

/** How the client stated its expectation; a bigint is an exact stream revision. */
export type Expected = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface StoredEvent {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
  /** DateTime ticks (100 ns) since the Unix epoch, as the server stores `created`. */
  createdTicks: bigint;
  /**
   * Log position of the event's prepare record. Every event appended through gRPC is written as a
   * self-committed prepare (PrepareFlags.IsCommitted), so its commit and prepare positions are both
   * this value, and positions are byte offsets in the log: increasing, never contiguous.
   */
  position: bigint;
  /** Position just after the record (its "post-position"), which bounds backward reads. */
  postPosition: bigint;
}

export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}

export type AppendOutcome =
  | { kind: 'success'; currentRevision: bigint; position: bigint }
  | { kind: 'wrong_expected_version'; currentRevision: bigint | 'no_stream' };

/** A position in $all as the protocol carries it: (commit, prepare), compared in that order. */
export interface LogPosition {
  commit: bigint;
  prepare: bigint;
}

const encoder = new TextEncoder();
/** Size of a prepare record's fixed part; the exact value does not matter, only that it is not 1. */
const RECORD_HEADER_BYTES = 128n;
const TICKS_PER_MS = 10_000n;

const compare = (a: LogPosition, b: LogPosition) =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
const at = (position: bigint): LogPosition => ({ commit: position, prepare: position });

export class MemoryLog {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  /** The log starts after a header and an epoch record, like a fresh database's first chunk. */
  private writerPosition = 256n;

  constructor() {
    // A fresh server has written system events before any client connects; the adapter must skip them.
    this.append('$epoch-information', [systemEvent('$epoch-information', { epochNumber: 0 })], 'no_stream');
    this.append('$settings', [systemEvent('$settings', { $userStreamAcl: { $r: '$all' } })], 'no_stream');
  }

  /** Validates the expected revision exactly as CheckCommit does, then writes the events atomically. */
  append(streamId: string, proposed: ProposedEvent[], expected: Expected): AppendOutcome {
    const stream = this.streams.get(streamId) ?? [];
    const current = BigInt(stream.length) - 1n;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === -1n) ||
      (expected === 'stream_exists' && current >= 0n) ||
      (typeof expected === 'bigint' && expected === current);
    if (!ok) {
      const repeated = this.idempotentRepeat(stream, proposed, expected);
      if (repeated) return { kind: 'success', currentRevision: repeated.revision, position: repeated.position };
      return { kind: 'wrong_expected_version', currentRevision: current < 0n ? 'no_stream' : current };
    }
    const createdTicks = BigInt(Date.now()) * TICKS_PER_MS;
    const written = proposed.map((p, i) => {
      const size = RECORD_HEADER_BYTES + BigInt(encoder.encode(streamId).length + encoder.encode(p.type).length + p.data.length + p.metadata.length);
      const event: StoredEvent = { ...p, streamId, revision: current + 1n + BigInt(i), createdTicks, position: this.writerPosition, postPosition: this.writerPosition + size };
      this.writerPosition += size;
      return event;
    });
    this.streams.set(streamId, [...stream, ...written]);
    this.all.push(...written);
    for (const event of written) for (const listener of this.listeners) listener(event);
    const last = written[written.length - 1]!;
    // The server answers with the position of the append's last record (StorageChaser's CommitAck).
    return { kind: 'success', currentRevision: last.revision, position: last.position };
  }

  /**
   * An append at an exact expectation whose event ids are already at the expected revisions is the
   * same write sent twice: the server acknowledges it again instead of failing (AlreadyCommitted).
   */
  private idempotentRepeat(stream: StoredEvent[], proposed: ProposedEvent[], expected: Expected) {
    const after = expected === 'no_stream' ? -1n : typeof expected === 'bigint' ? expected : undefined;
    if (after === undefined || proposed.length === 0) return undefined;
    const slice = stream.slice(Number(after) + 1, Number(after) + 1 + proposed.length);
    if (slice.length !== proposed.length || slice.some((e, i) => e.id !== proposed[i]!.id)) return undefined;
    return slice[slice.length - 1];
  }

  /** `undefined` when the stream does not exist (the server then answers StreamNotFound). */
  readStream(streamId: string, from: bigint | 'start' | 'end', backwards: boolean, count: bigint): StoredEvent[] | undefined {
    const stream = this.streams.get(streamId);
    if (!stream) return undefined;
    const last = BigInt(stream.length) - 1n;
    if (!backwards) {
      const start = from === 'start' ? 0n : from === 'end' ? last + 1n : from;
      return stream.slice(Number(start), Number(start + count));
    }
    // Backwards from a revision past the end starts at the last event, as ReadStreamEventsBackward does.
    const start = from === 'end' ? last : from === 'start' ? 0n : from > last ? last : from;
    const end = Number(start) + 1;
    return stream.slice(Math.max(0, end - Number(count)), end).reverse();
  }

  /**
   * Forwards reads are inclusive: an event is returned when its (commit, prepare) is at or after
   * the requested position. Backwards reads return events that end at or before it.
   */
  readAll(from: LogPosition | 'start' | 'end', backwards: boolean, count: bigint): StoredEvent[] {
    if (!backwards) {
      if (from === 'end') return [];
      const start = from === 'start' ? 0 : this.all.findIndex((e) => compare(at(e.position), from) >= 0);
      return start < 0 ? [] : this.all.slice(start, start + Number(count));
    }
    const eligible = from === 'end' ? this.all : from === 'start' ? [] : this.all.filter((e) => compare(at(e.postPosition), from) <= 0);
    return eligible.slice(Math.max(0, eligible.length - Number(count))).reverse();
  }

  /** Live delivery for subscriptions; returns the function that stops it. */
  onAppended(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Test helper: the events the stand-in holds for a stream, without going through gRPC. */
  peekStream(streamId: string): readonly StoredEvent[] {
    return this.streams.get(streamId) ?? [];
  }
}

function systemEvent(type: string, data: unknown): ProposedEvent {
  return { id: randomUUID(), type, contentType: 'application/json', data: encoder.encode(JSON.stringify(data)), metadata: new Uint8Array() };
}
