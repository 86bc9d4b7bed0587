import type { Decider, DomainEvent } from '../../domain/shared/decider';
import type { EventStore } from '../event-store/event-store';
import { upcast } from './upcasters';

/** A record's current state: its stream read, upcast and folded with the module's evolve. */
export async function loadState<Event extends DomainEvent, State>(
  store: EventStore,
  decider: Pick<Decider<never, Event, State>, 'initialState' | 'evolve'>,
  streamId: string,
): Promise<State> {
  const events = await store.readStream(streamId);
  return events.map((e) => upcast(e) as Event).reduce(decider.evolve, decider.initialState());
}
