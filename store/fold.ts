import type { Decider, DomainEvent } from '../domain/shared/decider';
import type { EventStore, RecordedEvent } from './event-store/event-store';
import { upcast } from './upcasters';

type Folding<Event extends DomainEvent, State> = Pick<Decider<never, Event, State>, 'initialState' | 'evolve'>;

/**
 * The one way a record's state is rebuilt from its events: each upcast to its current schema, then
 * folded with the module's evolve. The command pipeline, the command helpers, the generator and
 * the audit surfaces all use it.
 */
export const foldEvents = <Event extends DomainEvent, State>(decider: Folding<Event, State>, events: readonly Pick<RecordedEvent, 'type' | 'data' | 'metadata'>[]): State =>
  events.map((e) => upcast(e) as Event).reduce(decider.evolve, decider.initialState());

/** A record's current state: its stream read and folded (foldEvents). */
export async function loadState<Event extends DomainEvent, State>(store: EventStore, decider: Folding<Event, State>, streamId: string): Promise<State> {
  return foldEvents(decider, await store.readStream(streamId));
}
