// What the event store demands of its database at start: bounded transactions (the fence holds
// every reader back while any write transaction runs) and stored positions below the cluster's
// transaction counter (a logical restore into a younger cluster would silently hide every event).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../testing/database';
import { testMetadata } from '../../../testing/events';
import { waitUntil } from '../../../testing/wait-until';
import { createEventStore } from '../chained-event-store';
import * as adapter from './postgres-event-log';
import { createPostgresEventLog, openPostgresEventLog } from './postgres-event-log';
import { PositionsAheadOfTransactionCounterError, resetWalArguments, UnboundedTimeoutsError } from './operating-conditions';

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** What a new session of the database gets. */
const sessionSettings = (url: string) =>
  withClient(url, async (c) => (await c.query<{ idle: string; statement: string }>(`SELECT current_setting('idle_in_transaction_session_timeout') AS idle, current_setting('statement_timeout') AS statement`)).rows[0]!);

const databaseName = (url: string) => new URL(url).pathname.slice(1);
const adminUrl = () => process.env.TEST_DATABASE_ADMIN_URL!;

describe('postgres event store at start: transaction timeouts', () => {
  const databases: TestDatabase[] = [];
  const fresh = async () => {
    const db = await createTestDatabase();
    databases.push(db);
    return db;
  };
  afterAll(async () => {
    for (const db of databases) await db.drop();
  });

  it('sets both timeouts on its database when the database leaves them unbounded, as a managed Postgres does by default', async () => {
    const db = await fresh();
    // The test server bounds idle transactions on its command line (as npm start does); a managed
    // Postgres does not: undo it for this database.
    await withClient(db.url, (c) => c.query(`ALTER DATABASE ${databaseName(db.url)} SET idle_in_transaction_session_timeout = 0`));
    expect(await sessionSettings(db.url)).toEqual({ idle: '0', statement: '0' });

    const log = await openPostgresEventLog({ connectionString: db.url });
    await log.close();

    expect(log.timeouts.applied.sort()).toEqual(['idle_in_transaction_session_timeout = 60s', 'statement_timeout = 5min']);
    expect(await sessionSettings(db.url)).toEqual({ idle: '1min', statement: '5min' });
    const stored = await withClient(db.url, async (c) => (await c.query<{ setconfig: string[] }>(`SELECT setconfig FROM pg_db_role_setting WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) AND setrole = 0`)).rows[0]!.setconfig);
    expect(stored.sort()).toEqual(['idle_in_transaction_session_timeout=60s', 'statement_timeout=5min']);
  });

  it('keeps a bound an operator chose, and warns when it is looser than the platform needs', async () => {
    const db = await fresh();
    await withClient(db.url, (c) => c.query(`ALTER DATABASE ${databaseName(db.url)} SET statement_timeout = '1h'`));
    const warnings: string[] = [];
    const log = await openPostgresEventLog({ connectionString: db.url, onWarning: (m) => warnings.push(m) });
    await log.close();

    expect(log.timeouts.applied).toEqual([]);
    expect(await sessionSettings(db.url)).toEqual({ idle: '1min', statement: '1h' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/statement_timeout 为 3600 秒/);
  });

  it('refuses to start, naming the statement to run, when a role setting keeps a timeout unbounded', async () => {
    const db = await fresh();
    // A role-in-database setting wins over the database's: setting the database is not enough,
    // and the platform must notice by checking what a new session really gets.
    await withClient(db.url, (c) => c.query(`ALTER ROLE CURRENT_USER IN DATABASE ${databaseName(db.url)} SET statement_timeout = 0`));
    const opening = openPostgresEventLog({ connectionString: db.url });
    await expect(opening).rejects.toBeInstanceOf(UnboundedTimeoutsError);
    await expect(opening).rejects.toThrow(/来源 statement_timeout: database user.*拒绝启动.*执行：ALTER ROLE "[^"]+" IN DATABASE "t_[0-9a-f]+" RESET statement_timeout;/s);
  });

  describe('as a role that does not own the database', () => {
    const role = `t_app_${randomBytes(4).toString('hex')}`;
    let db: TestDatabase;
    beforeAll(async () => {
      db = await fresh();
      await withClient(db.url, async (c) => {
        await c.query(`CREATE ROLE ${role} LOGIN PASSWORD 'app'`);
        await c.query(`GRANT SELECT, INSERT ON events TO ${role}`);
        await c.query(`ALTER DATABASE ${databaseName(db.url)} SET idle_in_transaction_session_timeout = 0`);
      });
    });
    afterAll(async () => {
      await db.drop();
      await withClient(adminUrl(), (c) => c.query(`DROP ROLE IF EXISTS ${role}`));
    });
    const roleUrl = () => {
      const url = new URL(db.url);
      url.username = role;
      url.password = 'app';
      return url.toString();
    };

    it('refuses to start when it may not set an unbounded timeout', async () => {
      const opening = openPostgresEventLog({ connectionString: roleUrl() });
      await expect(opening).rejects.toBeInstanceOf(UnboundedTimeoutsError);
      await expect(opening).rejects.toThrow(/idle_in_transaction_session_timeout, statement_timeout = 0.*must be owner of database.*执行：ALTER DATABASE "t_[0-9a-f]+" SET idle_in_transaction_session_timeout = '60s'; ALTER DATABASE "t_[0-9a-f]+" SET statement_timeout = '5min';/s);
      expect(await sessionSettings(roleUrl())).toEqual({ idle: '0', statement: '0' });
    });

    it('starts once the owner has set them', async () => {
      await withClient(db.url, async (c) => {
        await c.query(`ALTER DATABASE ${databaseName(db.url)} SET idle_in_transaction_session_timeout = '30s'`);
        await c.query(`ALTER DATABASE ${databaseName(db.url)} SET statement_timeout = '2min'`);
      });
      const log = await openPostgresEventLog({ connectionString: roleUrl() });
      await log.close();
      expect(log.timeouts).toMatchObject({ applied: [], warnings: [] });
    });
  });
});

describe('postgres event store at start: positions must be below the transaction counter', () => {
  const databases: TestDatabase[] = [];
  const fresh = async () => {
    const db = await createTestDatabase();
    databases.push(db);
    return db;
  };
  afterAll(async () => {
    for (const db of databases) await db.drop();
  });

  it('starts on a database whose events were written on this cluster', async () => {
    const db = await fresh();
    const store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
    await store.appendToStream(`s-${randomUUID()}`, [{ id: randomUUID(), type: 'Written', data: {}, metadata: testMetadata() }]);
    await store.close();

    const log = await openPostgresEventLog({ connectionString: db.url });
    // Readable once no older transaction of the shared test server is still open.
    let page;
    try {
      page = await waitUntil(() => log.readAll(), (p) => p.events.length > 0, { what: 'the event written before the restart to become readable' });
    } finally {
      await log.close();
    }
    expect(page.events).toHaveLength(1);
  });

  it('refuses a database holding positions above the transaction counter, as a logical restore into a younger cluster leaves it', async () => {
    // What pg_restore into a younger cluster produces: stored positions of transactions this
    // cluster has not reached. Inserts are allowed (only UPDATE, DELETE and TRUNCATE are refused).
    const db = await fresh();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const { rows } = await admin.query<{ next: string }>(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS next`);
    const restoredXid = BigInt(rows[0]!.next) + 5_000_000n;
    await admin.query(
      `INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata) VALUES ($1, 'restored-1', 0, $2, 'Restored', '{}', '{}')`,
      [(restoredXid << 16n).toString(), randomUUID()],
    );

    const opening = openPostgresEventLog({ connectionString: db.url });
    await expect(opening).rejects.toBeInstanceOf(PositionsAheadOfTransactionCounterError);
    await expect(opening).rejects.toThrow(new RegExp(`最高的位置属于事务 ${restoredXid}.*逻辑转储.*物理备份.*pg_upgrade.*pg_resetwal -e 1 -x \\d+ -D.*physical backup`, 's'));

    // A log built without the start check (a script, a rebuild) refuses as well, on first use,
    // instead of reading nothing and appending below the restored events.
    const log = createPostgresEventLog({ connectionString: db.url });
    await expect(log.readAll()).rejects.toBeInstanceOf(PositionsAheadOfTransactionCounterError);
    await expect(log.appendAfter(`s-${randomUUID()}`, [{ id: randomUUID(), type: 'New', data: {}, metadata: testMetadata() }], -1)).rejects.toBeInstanceOf(PositionsAheadOfTransactionCounterError);
    await expect(log.headPosition()).rejects.toBeInstanceOf(PositionsAheadOfTransactionCounterError);
    await log.close();
    expect((await admin.query(`SELECT count(*)::int AS n FROM events`)).rows[0]).toEqual({ n: 1 });
    await admin.end();
  });
});

describe('pg_resetwal arguments that advance the counter past the stored positions', () => {
  it.each([
    // highest stored xid8, next xid8 of this cluster, arguments
    [5_000_000_000n, 800n, '-e 2 -x 2097152'],
    [3_000_000n, 1_500_000n, '-e 1 -x 3145728'],
    [(7n << 32n) + 5n, (2n << 32n) + 4_294_967_000n, '-e 9 -x 1048576'],
  ])('highest %s, counter %s: %s', (highest, next, expected) => {
    const args = resetWalArguments(highest, next);
    expect(args).toBe(expected);
    const [epoch, xid] = /-e (\d+) -x (\d+)/.exec(args)!.slice(1).map(BigInt) as [bigint, bigint];
    expect((epoch << 32n) + xid > highest).toBe(true); // every new position above every stored one
    expect(xid % (1n << 20n)).toBe(0n); // a pg_xact segment boundary
  });
});

describe('the append statement stays inside the adapter', () => {
  it('exports no SQL: an append run inside a longer transaction would break the ordering', () => {
    expect(Object.keys(adapter).filter((name) => /SQL|appendParameters/i.test(name))).toEqual([]);
  });
});
