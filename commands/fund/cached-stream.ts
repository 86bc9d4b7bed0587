// The command pipeline for a long, hot stream: a fund's stream gains an event per approval, release
// and settlement part, tens of thousands a year, and every approval decides on it. handleCommand
// reads and folds the whole stream per attempt; here each process keeps the folded state with the
// revision it was folded to and reads only the events after it, so an approval costs one short read
// and one append whatever the stream's length. Correctness still comes from the store alone: the
// append is made at the exact revision the decision was made on, and a conflict (another process,
// another reviewer) reads the newer events and decides again. Within a process, commands on one
// stream take turns (a keyed lock), so 20 reviewers approving against one fund at once queue
// instead of conflicting with each other.
//
// Idempotency is the decider's: every command names its effect by an id (reservation, settlement,
// adjustment), and the decider answers nothing for an effect already on the stream; event ids still
// derive from the command id, as in handleCommand.
import type { Decider, DomainEvent } from '../../domain/shared/decider';
import { WrongExpectedRevisionError, type EventStore } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';
import { ConcurrencyConflictError } from '../pipeline/errors';
import { toNewEvent } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';

export interface CachedResult<State> {
  streamId: string;
  revision: number;
  position: bigint | null;
  /** Nothing new was written: the effect was already on the stream. */
  repeated: boolean;
  events: DomainEvent[];
  /** The state the command was decided on (before its own events). */
  decidedOn: State;
}

/** One promise chain per key: work on a key runs after the previous work on it has settled. */
export function keyedLock() {
  const tails = new Map<string, Promise<unknown>>();
  return async function run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = tails.get(key) ?? Promise.resolve();
    const mine = before.then(work, work);
    const tail = mine.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await mine;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

/**
 * Streams folded incrementally. `evolve` may mutate the maps of the state it is given (a fund's
 * reservations): only events already recorded are ever folded into the cached state, never an
 * event merely decided.
 */
export function cachedStreams<Command, Event extends DomainEvent, State>(store: EventStore, decider: Decider<Command, Event, State>, options: { retries?: number } = {}) {
  const cache = new Map<string, { revision: number; state: State }>();
  const lock = keyedLock();
  const retries = options.retries ?? 100;

  /** The stream's state now (reads only what the cache has not seen). */
  async function load(streamId: string): Promise<{ revision: number; state: State }> {
    const entry = cache.get(streamId) ?? { revision: -1, state: decider.initialState() };
    const newer = await store.readStream(streamId, { fromRevision: entry.revision + 1 });
    let { state } = entry;
    for (const event of newer) state = decider.evolve(state, upcast(event) as Event);
    const next = { revision: entry.revision + newer.length, state };
    cache.set(streamId, next);
    return next;
  }

  async function run(streamId: string, command: Command | ((state: State) => Command), request: RequestContext): Promise<CachedResult<State>> {
    return lock(streamId, async () => {
      for (let attempt = 0; ; attempt++) {
        const { revision, state } = await load(streamId);
        const now = (request.now ?? new Date()).toISOString();
        const built = typeof command === 'function' ? (command as (s: State) => Command)(state) : command;
        const decided = decider.decide(built, state, { actor: request.actor, now });
        if (decided.length === 0) return { streamId, revision, position: null, repeated: true, events: [], decidedOn: state };
        const newEvents = decided.map((event, index) => toNewEvent(event, index, streamId, request, now));
        try {
          const result = await store.appendToStream(streamId, newEvents, { expectedRevision: revision < 0 ? 'no_stream' : revision });
          return { streamId, revision: result.nextRevision, position: result.lastPosition, repeated: false, events: decided, decidedOn: state };
        } catch (error) {
          // Another process appended first: the next attempt reads its events and decides again.
          if (!(error instanceof WrongExpectedRevisionError)) throw error;
          if (attempt >= retries) throw new ConcurrencyConflictError(streamId);
        }
      }
    });
  }

  return { load: (streamId: string) => lock(streamId, () => load(streamId)), run };
}
