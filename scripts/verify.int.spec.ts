// The verify CLI, run as a user runs it, against a store whose events a superuser has tampered with.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createEventStore } from '../store/event-store/chained-event-store';
import { createPostgresEventLog } from '../store/event-store/postgres/postgres-event-log';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { testEvent } from '../testing/events';
import { waitUntil } from '../testing/wait-until';

const runVerify = (url: string) =>
  spawnSync('node_modules/.bin/tsx', ['scripts/verify.ts'], { env: { ...process.env, DATABASE_URL: url, EVENTSTORE_URL: '' }, encoding: 'utf8', timeout: 60_000 });

describe('npm run verify', () => {
  let db: TestDatabase;
  let client: pg.Client;
  const target = `occupation-${randomUUID()}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    const store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
    for (let s = 0; s < 5; s++) await store.appendToStream(`occupation-${randomUUID()}`, [testEvent('OccupationDeclared', { s }), testEvent('ReviewSubmitted')]);
    const last = await store.appendToStream(target, [testEvent('OccupationDeclared', { name: '电工', hours: 90 }), testEvent('ReviewSubmitted'), testEvent('ReviewApproved', { opinion: '同意' })]);
    // Readers see the log up to the oldest open transaction in the whole cluster (other test files
    // share it); once our last event is visible it stays visible, so the CLI will see all 13.
    await waitUntil(() => store.headPosition(), (head) => head >= last.lastPosition, { what: `position ${last.lastPosition} to become readable`, timeoutMs: 30_000 });
    await store.close();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  /** What an attacker with superuser rights would do: switch the refusal off, change, switch it on. */
  const tamper = async (sql: string) => {
    await client.query('ALTER TABLE events DISABLE TRIGGER events_refuse_update_delete');
    await client.query(sql);
    await client.query('ALTER TABLE events ENABLE TRIGGER events_refuse_update_delete');
  };

  it('passes an untouched store', () => {
    const result = runVerify(db.url);
    expect(result.stdout).toMatch(/哈希链完好：6 条记录流，13 个事件/);
    expect(result.status).toBe(0);
  });

  it('names the first altered event and exits non-zero', async () => {
    await tamper(`UPDATE events SET data = jsonb_set(data, '{hours}', '900') WHERE stream_id = '${target}' AND revision = 0`);
    const result = runVerify(db.url);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`流 ${target} 第 0 号事件`);
    expect(result.stderr).toContain('hash does not match');
    await tamper(`UPDATE events SET data = jsonb_set(data, '{hours}', '90') WHERE stream_id = '${target}' AND revision = 0`);
    expect(runVerify(db.url).status).toBe(0);
  });

  it('detects a deleted event by the gap it leaves', async () => {
    await tamper(`DELETE FROM events WHERE stream_id = '${target}' AND revision = 1`);
    const result = runVerify(db.url);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`流 ${target} 第 2 号事件`);
    expect(result.stderr).toContain('an event is missing');
  });
});
