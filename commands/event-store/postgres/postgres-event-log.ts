import pg from 'pg';
import type { EventLog } from '../event-log';
import {
  WrongExpectedRevisionError,
  type AllPage,
  type AppendResult,
  type EventMetadata,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
} from '../event-store';

/** Low 16 bits of a position number the events of one append; see schema.ts. */
export const MAX_EVENTS_PER_APPEND = 1 << 16;
const NOTIFY_CHANNEL = 'gz_events';
const NOTIFY_DEBOUNCE_MS = 5;

const FENCE = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 16)`;

/**
 * One statement per append. The events travel as one jsonb parameter rather than four arrays:
 * node-postgres escapes arrays of JSON text in JavaScript, which cost more CPU per event than the
 * whole rest of the append (measured in scripts/bench/diagnose.ts). Exported for the ordering
 * test, which runs it inside transactions it holds open or rolls back.
 */
export const APPEND_SQL = `
  INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata)
  SELECT (pg_current_xact_id()::text::bigint << 16) + (t.ord - 1), $1, $2 + t.ord, (t.e->>'id')::uuid, t.e->>'type', t.e->'data', t.e->'metadata'
  FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(e, ord)
  WHERE $2 < 0 OR EXISTS (SELECT 1 FROM events WHERE stream_id = $1 AND revision = $2)
  RETURNING position`;

export const appendParameters = (streamId: string, afterRevision: number, events: NewEvent[]) => [
  streamId,
  afterRevision,
  JSON.stringify(events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata }))),
];

/**
 * Several streams in one statement (run in a transaction by appendManyAfter): every item's
 * expected revision is checked, positions number all rows of the transaction in order.
 */
export const APPEND_MANY_SQL = `
  WITH items AS (
    SELECT i->>'streamId' AS stream_id, (i->>'afterRevision')::int AS after_revision, i->'events' AS events, n AS item
    FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(i, n)
  ), ready AS (
    SELECT * FROM items
    WHERE after_revision < 0 OR EXISTS (SELECT 1 FROM events WHERE stream_id = items.stream_id AND revision = items.after_revision)
  ), rows AS (
    SELECT r.stream_id, r.after_revision + e.ord AS revision, e.ev, row_number() OVER (ORDER BY r.item, e.ord) - 1 AS n
    FROM ready r, jsonb_array_elements(r.events) WITH ORDINALITY AS e(ev, ord)
  )
  INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata)
  SELECT (pg_current_xact_id()::text::bigint << 16) + n, stream_id, revision, (ev->>'id')::uuid, ev->>'type', ev->'data', ev->'metadata'
  FROM rows
  RETURNING stream_id, position`;

const COLUMNS = 'e.position, e.stream_id, e.revision, e.event_id, e.type, e.data, e.metadata, e.recorded_at';

const READ_ALL = `
  WITH f AS (SELECT ${FENCE} AS fence),
       h AS (SELECT (SELECT max(position) FROM events WHERE position < f.fence) AS head, f.fence FROM f)
  SELECT h.head, ${COLUMNS}
  FROM h LEFT JOIN LATERAL (
    SELECT * FROM events
    WHERE position > $1 AND position < h.fence AND ($3::text[] IS NULL OR type LIKE ANY ($3))
    ORDER BY position LIMIT $2
  ) e ON true
  ORDER BY e.position`;

const HEAD = `SELECT max(position) AS head FROM events WHERE position < ${FENCE}`;

interface EventRow {
  position: string;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recorded_at: Date;
}

const toRecorded = (row: EventRow): RecordedEvent => ({
  id: row.event_id,
  streamId: row.stream_id,
  revision: row.revision,
  position: BigInt(row.position),
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  recordedAt: row.recorded_at,
});

const likePrefix = (prefix: string) => prefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';

export interface PostgresEventLogOptions {
  connectionString: string;
  poolSize?: number;
}

export function createPostgresEventLog(options: PostgresEventLogOptions): EventLog & { pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 20 });
  pool.on('error', () => {
    /* an idle client lost its server; the pool replaces it */
  });
  const watchers = new Set<() => void>();
  let listener: pg.Client | undefined;
  let listening = false;
  let notifyTimer: NodeJS.Timeout | undefined;
  let closed = false;

  // Wake-ups: local watchers at once; other processes through one debounced NOTIFY sent outside the
  // append transaction (NOTIFY inside it would serialise every commit on the notification queue).
  const announce = () => {
    for (const w of watchers) w();
    if (notifyTimer || closed) return;
    notifyTimer = setTimeout(() => {
      notifyTimer = undefined;
      if (!closed) pool.query(`NOTIFY ${NOTIFY_CHANNEL}`).catch(() => undefined);
    }, NOTIFY_DEBOUNCE_MS);
  };

  const startListening = async () => {
    const client = new pg.Client({ connectionString: options.connectionString });
    client.on('error', () => undefined);
    client.on('notification', () => {
      for (const w of watchers) w();
    });
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    if (closed) await client.end();
    else listener = client;
  };

  return {
    pool,

    async appendAfter(streamId: string, events: NewEvent[], afterRevision: number): Promise<AppendResult> {
      if (events.length > MAX_EVENTS_PER_APPEND) throw new Error(`at most ${MAX_EVENTS_PER_APPEND} events per append`);
      let rows: { position: string }[];
      try {
        const result = await pool.query<{ position: string }>({
          name: 'es_append',
          text: APPEND_SQL,
          values: appendParameters(streamId, afterRevision, events),
        });
        rows = result.rows;
      } catch (error) {
        const pgError = error as { code?: string; constraint?: string };
        // A taken revision, or an event id already stored (the same command's events, appended
        // before): either way the stream is not where the caller expected it.
        if (pgError.code === '23505' && (pgError.constraint === 'events_stream_revision' || pgError.constraint === 'events_event_id_key')) {
          throw new WrongExpectedRevisionError(streamId, afterRevision < 0 ? 'no_stream' : afterRevision, 'unknown');
        }
        throw error;
      }
      if (rows.length === 0) throw new WrongExpectedRevisionError(streamId, afterRevision, 'unknown');
      announce();
      const positions = rows.map((r) => BigInt(r.position)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return { nextRevision: afterRevision + events.length, firstPosition: positions[0]!, lastPosition: positions[positions.length - 1]! };
    },

    async appendManyAfter(appends: { streamId: string; events: NewEvent[]; afterRevision: number }[]): Promise<AppendResult[]> {
      const total = appends.reduce((n, a) => n + a.events.length, 0);
      if (total > MAX_EVENTS_PER_APPEND) throw new Error(`at most ${MAX_EVENTS_PER_APPEND} events per batch`);
      if (new Set(appends.map((a) => a.streamId)).size !== appends.length) throw new Error('a batch appends to each stream once');
      const client = await pool.connect();
      let rows: { stream_id: string; position: string }[];
      try {
        await client.query('BEGIN');
        const body = JSON.stringify(appends.map((a) => ({ streamId: a.streamId, afterRevision: a.afterRevision, events: a.events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })) })));
        rows = (await client.query<{ stream_id: string; position: string }>({ name: 'es_append_many', text: APPEND_MANY_SQL, values: [body] })).rows;
        if (rows.length !== total) {
          // An item whose expected revision did not hold was left out: the batch is all or nothing.
          const written = new Set(rows.map((r) => r.stream_id));
          const stale = appends.find((a) => !written.has(a.streamId))!;
          throw new WrongExpectedRevisionError(stale.streamId, stale.afterRevision < 0 ? 'no_stream' : stale.afterRevision, 'unknown');
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const pgError = error as { code?: string; constraint?: string; detail?: string };
        if (pgError.code === '23505' && (pgError.constraint === 'events_stream_revision' || pgError.constraint === 'events_event_id_key')) {
          const stream = /\(stream_id, revision\)=\(([^,]+),/.exec(pgError.detail ?? '')?.[1] ?? appends[0]!.streamId;
          throw new WrongExpectedRevisionError(stream, 'no_stream', 'unknown');
        }
        throw error;
      } finally {
        client.release();
      }
      announce();
      const byStream = new Map<string, bigint[]>();
      for (const r of rows) byStream.set(r.stream_id, [...(byStream.get(r.stream_id) ?? []), BigInt(r.position)]);
      return appends.map((a) => {
        const positions = byStream.get(a.streamId)!.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
        return { nextRevision: a.afterRevision + a.events.length, firstPosition: positions[0]!, lastPosition: positions[positions.length - 1]! };
      });
    },

    async readStream(streamId: string, opts: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
      const backwards = opts.direction === 'backwards';
      const from = opts.fromRevision ?? (backwards ? 2 ** 31 - 1 : 0);
      const limit = opts.maxCount ?? null;
      const sql = backwards
        ? `SELECT ${COLUMNS} FROM events e WHERE stream_id = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3`
        : `SELECT ${COLUMNS} FROM events e WHERE stream_id = $1 AND revision >= $2 ORDER BY revision ASC LIMIT $3`;
      const result = await pool.query<EventRow>({ name: backwards ? 'es_read_back' : 'es_read_fwd', text: sql, values: [streamId, from, limit] });
      return result.rows.map(toRecorded);
    },

    async readAll(opts: ReadAllOptions = {}): Promise<AllPage> {
      const after = opts.after ?? 0n;
      const limit = opts.maxCount ?? 1000;
      const prefixes = opts.typePrefixes?.length ? opts.typePrefixes.map(likePrefix) : null;
      const result = await pool.query<EventRow & { head: string | null }>({
        name: 'es_read_all',
        text: READ_ALL,
        values: [after.toString(), limit, prefixes],
      });
      const head = result.rows[0]?.head != null ? BigInt(result.rows[0].head) : 0n;
      const events = result.rows.filter((r) => r.position != null).map(toRecorded);
      // A full page may stop before the head; otherwise everything up to the head was scanned.
      const scannedUpTo = events.length === limit ? events[events.length - 1]!.position : head > after ? head : after;
      return { events, scannedUpTo };
    },

    async headPosition(): Promise<bigint> {
      const result = await pool.query<{ head: string | null }>(HEAD);
      return result.rows[0]?.head != null ? BigInt(result.rows[0].head) : 0n;
    },

    watch(onChange: () => void) {
      watchers.add(onChange);
      if (!listening) {
        listening = true;
        startListening().catch(() => {
          listening = false;
        });
      }
      return () => watchers.delete(onChange);
    },

    async close() {
      closed = true;
      if (notifyTimer) clearTimeout(notifyTimer);
      watchers.clear();
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
  };
}
