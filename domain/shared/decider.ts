// The shape every module's domain follows (Emmett's decider): pure functions over plain data.

/** Who issues a command and when. Time comes in here: the domain never reads the clock. */
export interface Actor {
  id: string;
  role: string;
  orgId: string | null;
}

export interface CommandContext {
  actor: Actor;
  /** ISO-8601 instant at which the command is handled. */
  now: string;
}

export interface DomainEvent<Type extends string = string, Data extends Record<string, unknown> = Record<string, unknown>> {
  type: Type;
  data: Data;
}

export interface Decider<Command, Event extends DomainEvent, State> {
  initialState(): State;
  evolve(state: State, event: Event): State;
  /** Returns the events the command produces; an empty list when its outcome already holds. */
  decide(command: Command, state: State, context: CommandContext): Event[];
}

export const fold = <Event extends DomainEvent, State>(decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>, events: readonly Event[]): State =>
  events.reduce(decider.evolve, decider.initialState());

/** Makes a switch over a union exhaustive: a missing case fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
