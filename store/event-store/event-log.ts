import type { AllPage, AppendResult, NewEvent, ReadAllOptions, ReadStreamOptions, RecordedEvent } from './event-store';

/**
 * What an event-store adapter implements. The chained event store (chained-event-store.ts) builds
 * the full port on top of it: hash chaining, expected-revision semantics, subscriptions. Keeping
 * adapters this small is what lets the Postgres and EventStoreDB adapters behave identically.
 */
export interface EventLog {
  /**
   * Appends events that already carry their hash fields, directly after revision `afterRevision`
   * (-1: the stream must not exist yet). Throws WrongExpectedRevisionError when the stream's last
   * revision is not `afterRevision`.
   */
  appendAfter(streamId: string, events: NewEvent[], afterRevision: number): Promise<AppendResult>;
  /**
   * Optional: appends to several streams atomically (same rules as appendAfter per stream). Without
   * it, the chained store appends stream by stream.
   */
  appendManyAfter?(appends: { streamId: string; events: NewEvent[]; afterRevision: number }[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Reads the global log in position order. Must never return an event while an event with a
   * lower position can still become visible (the subscriber relies on this to never skip).
   */
  readAll(options?: ReadAllOptions): Promise<AllPage>;
  headPosition(): Promise<bigint>;
  /** Optional wake-up signal when new events may be readable; returns a function that unsubscribes. */
  watch?(onChange: () => void): () => void;
  close(): Promise<void>;
}
