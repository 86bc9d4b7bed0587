// Who holds the event store's fence, and delivery when the holder ends without a word: a rollback,
// or a commit made outside the adapter, sends no notification.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../testing/database';
import { testMetadata } from '../../../testing/events';
import { waitUntil } from '../../../testing/wait-until';
import { createFenceMonitor, type RowQuery } from './fence';
import { createPostgresEventLog } from './postgres-event-log';

const rowsOf =
  (pool: pg.Pool): RowQuery =>
  async <T extends object>(sql: string) =>
    (await pool.query<T>(sql)).rows;

/** A write transaction left open: it takes a transaction id and does nothing more. */
async function openWriteTransaction(url: string) {
  const client = new pg.Client({ connectionString: url, application_name: 'forgotten-session' });
  await client.connect();
  await client.query('BEGIN');
  const { rows } = await client.query<{ xid: string; pid: number; started: Date }>('SELECT pg_current_xact_id()::text AS xid, pg_backend_pid() AS pid, now() AS started');
  return { client, xid: BigInt(rows[0]!.xid), pid: rows[0]!.pid, started: rows[0]!.started };
}

/** An event committed by another program: the adapter's wake-up never hears of it. */
async function commitOutsideAdapter(url: string, streamId: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const id = randomUUID();
  await client.query(
    `INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata)
     VALUES (pg_current_xact_id()::text::bigint << 16, $1, 0, $2, 'Outside', '{}', $3)`,
    [streamId, id, JSON.stringify(testMetadata())],
  );
  await client.end();
  return id;
}

describe('postgres event store: the fence holder', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('names the backend whose open transaction holds the fence, since when, and the events waiting behind it', async () => {
    const monitor = createFenceMonitor(rowsOf(pool));
    const holder = await openWriteTransaction(db.url);
    const log = createPostgresEventLog({ connectionString: db.url });
    try {
      await log.appendAfter(`behind-${randomUUID()}`, [{ id: randomUUID(), type: 'Behind', data: {}, metadata: testMetadata() }], -1);
      // The test server is shared by every test file: another file's older transaction may hold the fence first.
      const status = await waitUntil(
        () => monitor.read(),
        (s) => s.holder?.pid === holder.pid,
        { what: `backend ${holder.pid} to hold the fence` },
      );
      expect(status).toMatchObject({ held: true, fenceXid: holder.xid, heldSince: 'transaction_start' });
      expect(status.holder).toMatchObject({
        kind: 'backend',
        pid: holder.pid,
        database: new URL(db.url).pathname.slice(1),
        user: new URL(db.url).username,
        applicationName: 'forgotten-session',
        state: 'idle in transaction',
        transactionStart: holder.started,
      });
      expect(status.heldSeconds).toBeGreaterThan(0);
      expect(status.eventsBehindFence).toBeGreaterThanOrEqual(1);
      expect(status.openWriteTransactions).toBeGreaterThanOrEqual(1);
      const later = await monitor.read();
      expect(later.holder?.pid === holder.pid ? later.heldSeconds : Infinity).toBeGreaterThanOrEqual(status.heldSeconds);
    } finally {
      await holder.client.query('ROLLBACK');
      await holder.client.end();
      await log.close();
    }
    const released = await waitUntil(
      () => monitor.read(),
      (s) => s.holder?.pid !== holder.pid,
      { what: `backend ${holder.pid} to release the fence` },
    );
    expect(released.fenceXid > holder.xid).toBe(true);
  });

  describe('seen by a role that may not see other sessions in full', () => {
    const role = `t_mon_${randomBytes(4).toString('hex')}`;
    let rolePool: pg.Pool;
    beforeAll(async () => {
      await pool.query(`CREATE ROLE ${role} LOGIN PASSWORD 'mon'; GRANT SELECT ON events TO ${role}`);
      const url = new URL(db.url);
      url.username = role;
      url.password = 'mon';
      rolePool = new pg.Pool({ connectionString: url.toString(), max: 1 });
    });
    afterAll(async () => {
      await rolePool.end();
      await pool.query(`REVOKE ALL ON events FROM ${role}; DROP ROLE ${role}`);
    });

    it('names the holder by pid and times it from the first time it saw it, its start being hidden', async () => {
      let clock = 1_000_000;
      const monitor = createFenceMonitor(rowsOf(rolePool), () => clock);
      const holder = await openWriteTransaction(db.url);
      try {
        const first = await waitUntil(
          () => monitor.read(),
          (s) => s.fenceXid === holder.xid,
          { what: `transaction ${holder.xid} to hold the fence` },
        );
        expect(first).toMatchObject({ held: true, heldSince: 'first_observed', heldSeconds: 0 });
        expect(first.holder).toMatchObject({ kind: 'backend', pid: holder.pid, applicationName: 'forgotten-session', state: null, transactionStart: null });
        clock += 7_500;
        const second = await monitor.read();
        expect(second).toMatchObject({ fenceXid: holder.xid, heldSince: 'first_observed', heldSeconds: 7.5 });
      } finally {
        await holder.client.query('ROLLBACK');
        await holder.client.end();
      }
    });
  });
});

describe('postgres event store: delivery when the fence holder ends without notification', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it.each([
    ['rolls back', 'ROLLBACK'],
    ['commits outside the adapter', 'COMMIT'],
  ])('wakes its watchers when a transaction holding back committed events %s', async (_case, end) => {
    const log = createPostgresEventLog({ connectionString: db.url });
    let wakeUps = 0;
    const unwatch = log.watch!(() => void wakeUps++);
    const holder = await openWriteTransaction(db.url);
    try {
      const head = await log.headPosition();
      const stream = `outside-${randomUUID()}`;
      const id = await commitOutsideAdapter(db.url, stream);
      // Committed, but above the fence: not readable while the holder runs.
      const before = await log.readAll({ after: head });
      expect(before.events.map((e) => e.id)).not.toContain(id);
      const woken = wakeUps;

      await holder.client.query(end);
      // No NOTIFY was sent by anyone: only the log's own watch on the fence can wake it.
      await waitUntil(
        () => wakeUps,
        (n) => n > woken,
        { what: 'the log\'s fence watch to wake its watchers' },
      );
      const after = await log.readAll({ after: head });
      expect(after.events.map((e) => e.id)).toContain(id);
    } finally {
      unwatch();
      await holder.client.end();
      await log.close();
    }
  });
});
