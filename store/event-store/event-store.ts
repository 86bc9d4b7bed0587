// The event-store port: what every adapter (Postgres, EventStoreDB) offers the rest of the system.
// Positions in the global log are bigint: they never fit JavaScript numbers in every adapter.

/** Envelope metadata carried by every event (DESIGN.md §4). */
export interface EventMetadata {
  actorId: string;
  actorRole: string;
  actorOrgId: string | null;
  commandId: string;
  correlationId: string;
  causationId: string;
  occurredAt: string;
  schemaVersion: number;
  ip: string | null;
  /** Set by the store: hash of the previous event in the same stream (or the genesis hash). */
  prevHash?: string;
  /** Set by the store: hash over stream, revision, type, data, metadata and prevHash. */
  hash?: string;
  [extra: string]: unknown;
}

export type EventPayload = Record<string, unknown>;

/**
 * An event about to be appended. Its id is unique in the store: the command pipeline derives it
 * from the command id, so a repeated command cannot write its events twice (EventStoreDB accepts
 * an identical repeat as a no-op; the Postgres store refuses it). Idempotency proper is the
 * pipeline's job (commands/pipeline/handle-command.ts).
 */
export interface NewEvent<Type extends string = string, Data extends EventPayload = EventPayload> {
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data extends EventPayload = EventPayload> {
  id: string;
  streamId: string;
  /** 0-based position of the event inside its stream. */
  revision: number;
  /** Position in the global log; strictly increasing in the order subscribers receive events. */
  position: bigint;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  recordedAt: Date;
}

/**
 * `no_stream`: the stream must not exist; `stream_exists`: it must have at least one event;
 * `any`: no check; a number: the revision of the stream's last event must be exactly this.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendResult {
  /** Revision of the last event appended (the stream's new current revision). */
  nextRevision: number;
  /**
   * Global position of the first and last event appended. Positions increase but are not
   * consecutive (EventStoreDB's are byte offsets), so the i-th event is not firstPosition + i.
   */
  firstPosition: bigint;
  lastPosition: bigint;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the start (forwards) or the end (backwards) of the stream. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Defaults to the start of the log. */
  after?: bigint;
  maxCount?: number;
  /** Only events whose type starts with one of these prefixes. */
  typePrefixes?: readonly string[];
}

/**
 * A page of the global log. `scannedUpTo` is the highest position the read covered: with a type
 * filter it can lie past the last returned event, so a reader resumes there instead of scanning
 * the same non-matching events again. Every later event has a higher position.
 */
export interface AllPage {
  events: RecordedEvent[];
  scannedUpTo: bigint;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: delivery starts with the first event after it. */
  after?: bigint;
  typePrefixes?: readonly string[];
  batchSize?: number;
}

export interface Subscription {
  /** Stops delivery; resolves when the handler is no longer running. */
  stop(): Promise<void>;
  /** Resolves when the subscription stops because of an error (or never, if stopped cleanly). */
  readonly failed: Promise<Error>;
}

/**
 * Receives events in position order, each exactly once, one batch at a time: the next batch is
 * read only after the handler's promise resolves. Catch-up first, then live. `scannedUpTo` is the
 * position to checkpoint; a batch can be empty when a type filter skipped everything it scanned.
 */
export type BatchHandler = (events: RecordedEvent[], scannedUpTo: bigint) => Promise<void>;

/** One stream's part of a batch append. */
export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  /** A batch appends to new streams or at exact revisions only. */
  expectedRevision: 'no_stream' | number;
}

export interface EventStore {
  appendToStream(streamId: string, events: NewEvent[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult>;
  /**
   * Appends to several streams in one go (bulk work such as imports: one commit for many records).
   * The Postgres store is all-or-nothing; EventStoreDB appends stream by stream, so a failure there
   * can leave earlier streams written. Either way a conflict throws WrongExpectedRevisionError, and
   * callers make the batch idempotent (event ids derived from command ids) and retry stream by stream.
   */
  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<AllPage>;
  /** Position of the last event a reader of the global log can see now (0n when empty). */
  headPosition(): Promise<bigint>;
  subscribeToAll(options: SubscribeOptions, handler: BatchHandler): Subscription;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream' | 'unknown',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class StreamNotFoundError extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} not found`);
    this.name = 'StreamNotFoundError';
  }
}
