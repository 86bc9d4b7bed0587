import type { Actor } from '../../domain/shared/decider';

/** Who sent a command, from where, and under which ids: the source of every event's envelope. */
export interface RequestContext {
  actor: Actor;
  /** Client-chosen id of the command: repeating it returns the first result (idempotency). */
  commandId: string;
  /** Shared by everything one user action causes, across commands and streams. */
  correlationId: string;
  /** What caused this command: the command id or event id that led to it; defaults to the command itself. */
  causationId?: string;
  ip: string | null;
  /** Defaults to the clock; tests and replays pass it explicitly. */
  now?: Date;
}
