// /healthz and /metrics show an operator who holds event delivery back, and for how long, before
// users notice stale pages.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createEventStore } from '../../store/event-store/chained-event-store';
import type { EventStore } from '../../store/event-store/event-store';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { createProjectionRunner } from '../../projections/runner/projection-runner';
import { createKnex } from '../../store/knex';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { testMetadata } from '../../testing/events';
import { waitUntil } from '../../testing/wait-until';
import { healthHandler, metricsHandler, type HealthSource } from './health';

interface Answer {
  status: number;
  body: unknown;
}

/** Calls an Express handler with just enough of a request and a response. */
async function call(handler: (req: Request, res: Response) => Promise<void>): Promise<Answer> {
  const answer: Answer = { status: 200, body: undefined };
  const res = {
    status(code: number) {
      answer.status = code;
      return res;
    },
    json(body: unknown) {
      answer.body = body;
      return res;
    },
    type() {
      return res;
    },
    send(body: unknown) {
      answer.body = body;
      return res;
    },
  };
  await handler({} as Request, res as unknown as Response);
  return answer;
}

interface HealthBody {
  status: string;
  fence: {
    status: string;
    message?: string;
    heldSeconds: number;
    heldSince: string;
    eventsBehindFence: number;
    fenceTransaction: string;
    holder: { kind: string; pid: number; database: string; user: string; applicationName: string; state: string; transactionStart: string } | null;
  };
}

describe('health and metrics: the event store fence', () => {
  let db: TestDatabase;
  let knex: Knex;
  let store: EventStore;
  let source: HealthSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    knex = createKnex(db.url, 2);
    store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
    source = { knex, store, runner: createProjectionRunner({ store, knex, projections: [] }), eventStoreKind: 'postgres' };
  });
  afterAll(async () => {
    await store.close();
    await knex.destroy();
    await db.drop();
  });

  /** A write transaction someone forgot: it took a transaction id and sits idle. */
  async function forgottenTransaction() {
    const client = new pg.Client({ connectionString: db.url, application_name: 'psql-forgotten' });
    await client.connect();
    await client.query('BEGIN');
    const { rows } = await client.query<{ xid: string; pid: number; started: Date }>('SELECT pg_current_xact_id()::text AS xid, pg_backend_pid() AS pid, now() AS started');
    return { client, ...rows[0]! };
  }

  it('/healthz names the backend holding event delivery back, how long, and warns past the threshold without failing', async () => {
    const holder = await forgottenTransaction();
    try {
      await store.appendToStream(`waiting-${randomUUID()}`, [{ id: randomUUID(), type: 'Waiting', data: {}, metadata: testMetadata() }]);
      // Another test file's older transaction on the shared server may hold the fence first.
      const warning = await waitUntil(
        () => call(healthHandler(source, { fenceWarningSeconds: 0 })),
        (a) => (a.body as HealthBody).fence?.holder?.pid === holder.pid,
        { what: `/healthz to name backend ${holder.pid} as the fence holder` },
      );
      const body = warning.body as HealthBody;
      expect(warning.status).toBe(200); // restarting the app would not end someone else's transaction
      expect(body.status).toBe('warning');
      expect(body.fence).toMatchObject({ status: 'warning', heldSince: 'transaction_start', fenceTransaction: holder.xid });
      expect(body.fence.holder).toEqual({
        kind: 'backend',
        pid: holder.pid,
        database: new URL(db.url).pathname.slice(1),
        user: new URL(db.url).username,
        applicationName: 'psql-forgotten',
        state: 'idle in transaction',
        transactionStart: holder.started.toISOString(),
        queryStart: expect.any(String),
      });
      expect(body.fence.heldSeconds).toBeGreaterThan(0);
      expect(body.fence.eventsBehindFence).toBeGreaterThanOrEqual(1);
      expect(body.fence.message).toContain(`进程 ${holder.pid}`);

      // Below the threshold the holder is still shown, without a warning.
      const calm = await call(healthHandler(source, { fenceWarningSeconds: 3600 }));
      expect((calm.body as HealthBody).fence).toMatchObject({ status: 'ok' });

      // /healthz is public: a caller who is not an operator gets the verdict, not the session's details.
      const outsider = (await call(healthHandler(source, { fenceWarningSeconds: 0, detailed: () => false }))).body as HealthBody;
      expect(outsider.fence).toMatchObject({ status: 'warning', holder: { kind: 'backend' } });
      expect(JSON.stringify(outsider)).not.toContain('psql-forgotten');
      expect(JSON.stringify(outsider)).not.toContain(new URL(db.url).username);
    } finally {
      await holder.client.query('ROLLBACK');
      await holder.client.end();
    }
  });

  it('/metrics exposes the holder pid, its labels, the seconds held and the events waiting', async () => {
    const holder = await forgottenTransaction();
    const metrics = metricsHandler(source);
    try {
      await store.appendToStream(`waiting-${randomUUID()}`, [{ id: randomUUID(), type: 'Waiting', data: {}, metadata: testMetadata() }]);
      const answer = await waitUntil(
        () => call(metrics),
        (a) => String(a.body).includes(`gz_event_store_fence_holder_pid ${holder.pid}\n`),
        { what: `/metrics to name backend ${holder.pid} as the fence holder` },
      );
      const text = String(answer.body);
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
      expect(value('gz_event_store_fence_held_seconds')).toBeGreaterThan(0);
      expect(value('gz_event_store_events_behind_fence')).toBeGreaterThanOrEqual(1);
      expect(value('gz_postgres_open_write_transactions')).toBeGreaterThanOrEqual(1);
      expect(text).toContain(`gz_event_store_fence_holder_info{kind="backend",pid="${holder.pid}",database="${new URL(db.url).pathname.slice(1)}",user="${new URL(db.url).username}",application_name="psql-forgotten",state="idle in transaction"} 1`);
    } finally {
      await holder.client.query('ROLLBACK');
      await holder.client.end();
    }
    // Once it ends, its series goes with it.
    const after = await waitUntil(
      () => call(metrics),
      (a) => !String(a.body).includes(`pid="${holder.pid}"`),
      { what: `/metrics to drop backend ${holder.pid} once its transaction ended` },
    );
    expect(String(after.body)).not.toContain(`gz_event_store_fence_holder_pid ${holder.pid}\n`);
  });
});
