import pg from 'pg';
import type { EventLog } from '../event-log';
import { FENCE_SQL } from './fence';
import { checkPositionsBelowTransactionCounter, ensureTransactionTimeouts, PositionsAheadOfTransactionCounterError, type TimeoutReport } from './operating-conditions';
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

const FENCE = FENCE_SQL;
/**
 * While committed events wait behind the fence, the log polls the fence (a query that reads no
 * table) and wakes its watchers when it moves past them: the transaction holding it may end by a
 * rollback or a commit made outside this adapter (a projection's batch, another program), which
 * sends no notification, and subscribers would otherwise wait for their idle poll. The poll starts
 * fast, because most holders are short transactions, and slows down for a long one.
 */
const FENCE_POLL_FIRST_MS = 2;
const FENCE_POLL_MAX_MS = 100;

/**
 * One statement per append. The events travel as one jsonb parameter rather than four arrays:
 * node-postgres escapes arrays of JSON text in JavaScript, which cost more CPU per event than the
 * whole rest of the append (measured in scripts/bench/diagnose.ts).
 *
 * Not exported: it is correct only as a transaction of its own. Positions number the events of one
 * transaction from (xid << 16) + 0, so a second append in the same transaction collides with the
 * first, and a transaction that goes on after it holds back every reader meanwhile.
 */
const APPEND_SQL = `
  INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata)
  SELECT (pg_current_xact_id()::text::bigint << 16) + (t.ord - 1), $1, $2 + t.ord, (t.e->>'id')::uuid, t.e->>'type', t.e->'data', t.e->'metadata'
  FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(e, ord)
  WHERE $2 < 0 OR EXISTS (SELECT 1 FROM events WHERE stream_id = $1 AND revision = $2)
  RETURNING position`;

const appendParameters = (streamId: string, afterRevision: number, events: NewEvent[]) => [
  streamId,
  afterRevision,
  JSON.stringify(events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata }))),
];

/**
 * Several streams in one statement (run in a transaction of its own by appendManyAfter): every
 * item's expected revision is checked, positions number all rows of the transaction in order.
 */
const APPEND_MANY_SQL = `
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

// `held`: the lowest committed event the fence still holds back (an index probe), so the log
// knows to watch the fence for it.
const READ_ALL = `
  WITH f AS (SELECT ${FENCE} AS fence),
       h AS (SELECT (SELECT max(position) FROM events WHERE position < f.fence) AS head,
                    (SELECT min(position) FROM events WHERE position >= f.fence) AS held, f.fence FROM f)
  SELECT h.head, h.held, ${COLUMNS}
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

export type PostgresEventLog = EventLog & { pool: pg.Pool };

/**
 * The event log for a platform start: applies and checks the timeouts the fence relies on and
 * refuses a database restored below its positions (operating-conditions.ts) before anything reads
 * or writes. Warnings (a bound above the platform's, prepared transactions enabled) go to onWarning.
 */
export async function openPostgresEventLog(options: PostgresEventLogOptions & { onWarning?: (message: string) => void }): Promise<PostgresEventLog & { timeouts: TimeoutReport }> {
  const timeouts = await ensureTransactionTimeouts(options.connectionString);
  for (const warning of timeouts.warnings) options.onWarning?.(warning);
  const log = createPostgresEventLog(options);
  try {
    await log.headPosition(); // runs the position check
  } catch (error) {
    await log.close();
    throw error;
  }
  return Object.assign(log, { timeouts });
}

export function createPostgresEventLog(options: PostgresEventLogOptions): PostgresEventLog {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 20 });
  pool.on('error', () => {
    /* an idle client lost its server; the pool replaces it */
  });
  const watchers = new Set<() => void>();
  let listener: pg.Client | undefined;
  let listening = false;
  let notifyTimer: NodeJS.Timeout | undefined;
  let closed = false;

  // Whoever built this log (the platform, a script, a test), it serves no database restored below
  // its positions: checked once, before the first read or append; a failed check fails every call.
  let positionsChecked = false;
  let positionCheck: Promise<void> | undefined;
  const checkPositions = () => {
    positionCheck ??= checkPositionsBelowTransactionCounter(async <T extends object>(sql: string) => (await pool.query<T>(sql)).rows).then(
      () => {
        positionsChecked = true;
      },
      (error: unknown) => {
        if (!(error instanceof PositionsAheadOfTransactionCounterError)) positionCheck = undefined; // a lost connection: ask again next time
        throw error;
      },
    );
    return positionCheck;
  };

  // The fence watch (see FENCE_POLL_FIRST_MS): one loop per log, for the lowest held-back event.
  let heldBack: bigint | undefined;
  let fenceTimer: NodeJS.Timeout | undefined;
  const watchFence = (held: bigint) => {
    if (closed || watchers.size === 0) return;
    const running = heldBack !== undefined;
    if (!running || held < heldBack!) heldBack = held;
    if (running) return;
    let delay = FENCE_POLL_FIRST_MS;
    const poll = async () => {
      fenceTimer = undefined;
      if (closed || heldBack === undefined) return;
      let fence: bigint;
      try {
        fence = BigInt((await pool.query<{ fence: string }>({ name: 'es_fence', text: `SELECT ${FENCE} AS fence` })).rows[0]!.fence);
      } catch {
        heldBack = undefined; // the idle poll of the subscribers takes over
        return;
      }
      if (closed) return;
      if (fence > heldBack) {
        heldBack = undefined;
        for (const w of watchers) w();
        return;
      }
      fenceTimer = setTimeout(() => void poll(), delay);
      delay = Math.min(delay * 2, FENCE_POLL_MAX_MS);
    };
    fenceTimer = setTimeout(() => void poll(), delay);
  };

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
      if (!positionsChecked) await checkPositions();
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
      if (!positionsChecked) await checkPositions();
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
      if (!positionsChecked) await checkPositions();
      const result = await pool.query<EventRow & { head: string | null; held: string | null }>({
        name: 'es_read_all',
        text: READ_ALL,
        values: [after.toString(), limit, prefixes],
      });
      const head = result.rows[0]?.head != null ? BigInt(result.rows[0].head) : 0n;
      if (result.rows[0]?.held != null) watchFence(BigInt(result.rows[0].held));
      const events = result.rows.filter((r) => r.position != null).map(toRecorded);
      // A full page may stop before the head; otherwise everything up to the head was scanned.
      const scannedUpTo = events.length === limit ? events[events.length - 1]!.position : head > after ? head : after;
      return { events, scannedUpTo };
    },

    async headPosition(): Promise<bigint> {
      if (!positionsChecked) await checkPositions();
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
      if (fenceTimer) clearTimeout(fenceTimer);
      watchers.clear();
      await listener?.end().catch(() => undefined);
      await pool.end();
    },
  };
}
