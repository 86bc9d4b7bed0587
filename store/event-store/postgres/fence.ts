/**
 * The fence of the Postgres event store, and who holds it.
 *
 * Readers read only below `pg_snapshot_xmin(pg_current_snapshot()) << 16`: the oldest transaction
 * id still running anywhere in the cluster (see schema.ts and the README). Any transaction that has
 * taken a transaction id (it wrote something, took a row lock, or called pg_current_xact_id) holds
 * the fence while it runs, in any database of the cluster, and so does a prepared transaction until
 * COMMIT PREPARED / ROLLBACK PREPARED. Read-only transactions never take an id and never hold it.
 * This module says who holds it and for how long, for /healthz and /metrics.
 */

/** The fence as a position: events at or above it are not readable yet. */
export const FENCE_SQL = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 16)`;

/**
 * Past this, /healthz reports a warning. A query sent with X-Read-After-Position waits at most
 * 5 s (READ_AFTER_WRITE_TIMEOUT_MS) for the projections: a fence held longer than that is what
 * users would next notice as stale pages, so the operator hears of it first.
 */
export const FENCE_WARNING_SECONDS = 5;

export interface FenceHolder {
  /** `backend`: a session's open transaction; `prepared`: PREPARE TRANSACTION, outlives its session. */
  kind: 'backend' | 'prepared';
  pid: number | null;
  database: string | null;
  user: string | null;
  applicationName: string | null;
  /** pg_stat_activity.state: `idle in transaction` is a forgotten transaction, `active` a long statement. */
  state: string | null;
  backendType: string | null;
  transactionStart: Date | null;
  queryStart: Date | null;
  /** The global id of a prepared transaction (what COMMIT PREPARED / ROLLBACK PREPARED take). */
  preparedGid: string | null;
  preparedAt: Date | null;
}

export interface FenceStatus {
  /** Transaction id (xid8) at the fence: readers read only positions of lower transactions. */
  fenceXid: bigint;
  /** The transaction at the fence is running: readers wait for it. */
  held: boolean;
  /**
   * How long the oldest running write transaction has held the fence: from its start (or from its
   * PREPARE), or, when this role may not see its start, since this monitor first saw it.
   */
  heldSeconds: number;
  heldSince: 'transaction_start' | 'prepared' | 'first_observed' | 'not_held';
  /** Null when nothing holds the fence. A role without pg_read_all_stats sees the holder's pid,
   *  database, user and application, but not its state or start. */
  holder: FenceHolder | null;
  /** Transactions in the cluster that hold a transaction id (prepared ones included), and prepared ones. */
  openWriteTransactions: number;
  preparedTransactions: number;
  /** Committed events at or above the fence: written, but held back from every reader. */
  eventsBehindFence: number;
}

/** Runs one statement and returns its rows (a pg pool, a knex.raw, ...). */
export type RowQuery = <T extends object>(sql: string) => Promise<T[]>;

// Whether the fence is held, and by whom, comes from the transaction-id lock every running
// transaction holds on its own id (pg_locks, readable by any role, pid null for a prepared
// transaction). The snapshot's xmin alone cannot tell: with nothing running it is the next id, and
// with only the newest transaction running it is that transaction's id, the same value. Details of
// the holder come from pg_stat_activity (state and start are hidden from a role without
// pg_read_all_stats) or pg_prepared_xacts. xid8 -> xid keeps the low 32 bits, as those views store
// them. clock_timestamp(), not now(): now() is this statement's start.
const FENCE_STATUS_SQL = `
  WITH f AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS fence),
  x AS (SELECT pid, virtualtransaction, transactionid FROM pg_locks WHERE locktype = 'transactionid' AND mode = 'ExclusiveLock' AND granted),
  l AS (SELECT x.pid, x.virtualtransaction FROM x, f WHERE x.transactionid = f.fence::xid LIMIT 1)
  SELECT f.fence::text AS fence_xid, EXISTS (SELECT 1 FROM l) AS held,
         (SELECT count(DISTINCT virtualtransaction) FROM x)::int AS writers,
         (SELECT count(*) FROM pg_prepared_xacts)::int AS prepared,
         (SELECT count(*) FROM events WHERE position >= (f.fence::text::bigint << 16))::int AS behind,
         l.pid, a.datname, a.usename, a.application_name, a.state, a.backend_type, a.xact_start, a.query_start,
         p.gid, p.prepared AS prepared_at, p.owner, p.database AS prepared_database,
         extract(epoch FROM clock_timestamp() - coalesce(a.xact_start, p.prepared))::float8 AS held_seconds
  FROM f
  LEFT JOIN l ON true
  LEFT JOIN pg_stat_activity a ON a.pid = l.pid
  LEFT JOIN pg_prepared_xacts p ON l.virtualtransaction IS NOT NULL AND l.pid IS NULL AND p.transaction = f.fence::xid`;

interface FenceRow {
  fence_xid: string;
  held: boolean;
  writers: number;
  prepared: number;
  behind: number;
  pid: number | null;
  datname: string | null;
  usename: string | null;
  application_name: string | null;
  state: string | null;
  backend_type: string | null;
  xact_start: Date | null;
  query_start: Date | null;
  gid: string | null;
  prepared_at: Date | null;
  owner: string | null;
  prepared_database: string | null;
  held_seconds: number | null;
}

/**
 * Reads the fence and its holder. Keeps, per monitor, when it first saw the current fence, so that
 * a holder whose start this role may not see (another role's session, without pg_read_all_stats)
 * still gets a duration: a lower bound, counted from the first look.
 */
export function createFenceMonitor(query: RowQuery, now: () => number = Date.now) {
  let observed: { xid: bigint; since: number } | undefined;
  return {
    async read(): Promise<FenceStatus> {
      const [row] = await query<FenceRow>(FENCE_STATUS_SQL);
      if (!row) throw new Error('fence status returned no row');
      const fenceXid = BigInt(row.fence_xid);
      if (!row.held) observed = undefined;
      else if (observed?.xid !== fenceXid) observed = { xid: fenceXid, since: now() };
      const prepared = row.held && row.pid == null;
      const holder: FenceHolder | null = !row.held
        ? null
        : {
            kind: prepared ? 'prepared' : 'backend',
            pid: row.pid,
            database: prepared ? row.prepared_database : row.datname,
            user: prepared ? row.owner : row.usename,
            applicationName: row.application_name,
            state: prepared ? 'prepared' : row.state,
            backendType: row.backend_type,
            transactionStart: row.xact_start,
            queryStart: row.query_start,
            preparedGid: row.gid,
            preparedAt: row.prepared_at,
          };
      let heldSeconds = 0;
      let heldSince: FenceStatus['heldSince'] = 'not_held';
      if (holder && row.held_seconds != null) {
        heldSeconds = Math.max(0, row.held_seconds);
        heldSince = holder.kind === 'prepared' ? 'prepared' : 'transaction_start';
      } else if (row.held && observed) {
        heldSeconds = Math.max(0, (now() - observed.since) / 1000);
        heldSince = 'first_observed';
      }
      return {
        fenceXid,
        held: row.held,
        heldSeconds,
        heldSince,
        holder,
        openWriteTransactions: row.writers,
        preparedTransactions: row.prepared,
        eventsBehindFence: row.behind,
      };
    },
  };
}

export type FenceMonitor = ReturnType<typeof createFenceMonitor>;
