// Where an append's time goes: the shipped chained store against the same appends with the hash
// chain computed before the clock starts (its cost removed), with the candidate canonical JSON
// (canonical-json-candidate.ts), and with an alternative statement that sends all events as one
// jsonb parameter instead of node-postgres array literals. Same events, same table.
import type pg from 'pg';
import { createEventStore } from '../../store/event-store/chained-event-store';
import type { NewEvent } from '../../store/event-store/event-store';
import { createHash } from 'node:crypto';
import { GENESIS_HASH, HASH_ALGORITHM, computeEventHash, type HashInput } from '../../store/event-store/integrity';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { canonicalJson } from './canonical-json-candidate';
import { runConcurrently } from './clients';
import { startCpuMeter, type CpuSample } from './cpu-meter';
import { eventsForAppend, type GeneratedStream } from './sample-events';

/** The proposed statement: one jsonb array in, the same rows out (compare APPEND_SQL). */
export const JSON_APPEND_SQL = `
  INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata)
  SELECT (pg_current_xact_id()::text::bigint << 16) + (t.ord - 1), $1, $2 + t.ord, (t.e->>'id')::uuid, t.e->>'type', t.e->'data', t.e->'metadata'
  FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(e, ord)
  WHERE $2 < 0 OR EXISTS (SELECT 1 FROM events WHERE stream_id = $1 AND revision = $2)
  RETURNING position`;

/** computeEventHash with the candidate canonical JSON instead of the `canonicalize` package. */
function candidateHash(input: HashInput): string {
  const { hash: _hash, prevHash: _prev, ...metadata } = input.metadata;
  const text = canonicalJson({ streamId: input.streamId, revision: input.revision, type: input.type, data: input.data, metadata, prevHash: input.prevHash });
  return createHash(HASH_ALGORITHM).update(text!, 'utf8').digest('hex');
}

/** What the chained store does to the events of a new stream (chained-event-store.ts, seal). */
export function sealNewStream(streamId: string, events: NewEvent[], hashOf: (input: HashInput) => string = computeEventHash): NewEvent[] {
  let prevHash = GENESIS_HASH;
  return events.map((event, revision) => {
    const metadata = { ...event.metadata, prevHash };
    const hash = hashOf({ streamId, revision, type: event.type, data: event.data, metadata, prevHash });
    prevHash = hash;
    return { ...event, metadata: { ...metadata, hash } };
  });
}

export const appendAsJson = (pool: pg.Pool, streamId: string, events: NewEvent[]) =>
  pool.query({ name: 'diag_json_append', text: JSON_APPEND_SQL, values: [streamId, -1, JSON.stringify(events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })))] });

export interface VariantResult extends CpuSample {
  variant: string;
  eventsPerSecond: number;
  /** CPU time per event on each side: unlike events/s, barely moved by other jobs on the machine. */
  nodeMicrosPerEvent: number;
  postgresMicrosPerEvent: number;
  /** Cores other jobs on the machine used meanwhile (set by diagnose.ts). */
  foreignCores?: number;
}

export const VARIANTS = [
  'chained store (shipped)',
  'pre-sealed, array literals',
  'pre-sealed, one jsonb param',
  'hashing, one jsonb param',
  'candidate hashing, array literals',
  'candidate hashing, one jsonb param',
] as const;
export type VariantName = (typeof VARIANTS)[number];

export function createVariantRunner(url: string) {
  const log = createPostgresEventLog({ connectionString: url });
  const store = createEventStore(log);
  let sequence = 1_000_000_000;

  const run = async (variant: VariantName, writers: number, eventsPerAppend: number, totalEvents: number): Promise<VariantResult> => {
    const calls = Math.ceil(totalEvents / eventsPerAppend);
    // Event generation (and, for pre-sealed variants, hashing) happens before the clock starts.
    const streams: GeneratedStream[] = Array.from({ length: calls }, () => eventsForAppend(sequence++, eventsPerAppend));
    const presealed = variant.startsWith('pre-sealed');
    if (presealed) for (const s of streams) s.events = sealNewStream(s.streamId, s.events);
    // Hashing inside the loop, as the store does it: shipped `canonicalize` or the candidate.
    const seal = (s: GeneratedStream) => (presealed ? s.events : sealNewStream(s.streamId, s.events, variant.startsWith('candidate') ? candidateHash : computeEventHash));
    const append = async (s: GeneratedStream) => {
      if (variant === 'chained store (shipped)') await store.appendToStream(s.streamId, s.events, { expectedRevision: 'no_stream' });
      else if (variant.endsWith('array literals')) await log.appendAfter(s.streamId, seal(s), -1);
      else await appendAsJson(log.pool, s.streamId, seal(s));
    };
    const stop = startCpuMeter();
    await runConcurrently(writers, calls, (i) => append(streams[i]!));
    const cpu = stop();
    const events = calls * eventsPerAppend;
    const micros = (cores: number) => (cores * cpu.seconds * 1e6) / events;
    return { variant, ...cpu, eventsPerSecond: events / cpu.seconds, nodeMicrosPerEvent: micros(cpu.nodeCores), postgresMicrosPerEvent: micros(cpu.postgresCores) };
  };

  return { run, pool: log.pool, store, close: () => store.close() };
}
