// What the orchestrator (index.ts) and the worker processes (worker.ts) exchange over IPC.
// Each store runs in its own process: Emmett's driver layer replaces node-postgres' global type
// parsers (int8 -> BigInt, jsonb through its own parser), which would otherwise change how our
// store decodes rows and skew the comparison.

export type StoreKind = 'ours' | 'emmett';

/** Appends of `eventsPerAppend` events, each to a new stream, from `writers` concurrent writers. */
export interface AppendWorkload {
  key: string;
  writers: number;
  eventsPerAppend: number;
  totalEvents: number;
}

export interface Measurement {
  /** Operations counted by the rate: commands, or events. */
  count: number;
  seconds: number;
  perSecond: number;
  /** Cores other jobs on the machine kept busy meanwhile (set by the orchestrator). */
  foreignCores?: number;
  /** CPU per counted operation in the store's Node process and in Postgres (less noisy than rates). */
  nodeMicrosPerOp?: number;
  postgresMicrosPerOp?: number;
}

export interface WorkerConfig {
  /** Database of the append and command workloads. */
  url: string;
  /** Database holding the log that the subscription and rebuild read (ours only). */
  replayUrl?: string;
}

export type WorkerRequest =
  | { op: 'append'; workload: AppendWorkload }
  | { op: 'commands'; clients: number; total: number }
  | { op: 'seed'; events: number; writers: number }
  | { op: 'subscribe'; events: number }
  | { op: 'rebuild' }
  | { op: 'close' };

export type WorkerMessage =
  | { ready: true }
  | { id: number; ok: true; value: Measurement | null }
  | { id: number; ok: false; error: string };

export const measurement = (count: number, seconds: number): Measurement => ({ count, seconds, perSecond: count / seconds });
