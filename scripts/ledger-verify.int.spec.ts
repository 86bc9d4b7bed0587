// The ledger's reason to exist, shown the way an auditor works: record and export a digest with
// the CLI, keep it, let a superuser rewrite an old event, then check the event's proof against the
// kept digest offline. It fails, even when the attacker also repairs the event's hash chain or
// the ledger's own tables; proofs of untouched events still pass.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import pg from 'pg';
import { createEventStore } from '../store/event-store/chained-event-store';
import type { EventStore, RecordedEvent } from '../store/event-store/event-store';
import { computeEventHash } from '../store/event-store/integrity';
import { createPostgresEventLog } from '../store/event-store/postgres/postgres-event-log';
import { verifyChains } from '../store/event-store/verify-chains';
import type { DigestExport, InclusionProofExport } from '../commands/ledger/formats';
import { createLedger, type Ledger } from '../commands/ledger/ledger';
import { verifyConsistency, verifyInclusion } from '../commands/ledger/verify';
import { createKnex } from '../store/knex';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { freshStream, testEvent } from '../testing/events';
import { waitUntil } from '../testing/wait-until';

/** Committed events become readable once every older transaction in the cluster has ended (README, "Ordering"). */
const untilReadable = (store: EventStore, position: bigint) =>
  waitUntil(() => store.headPosition(), (head) => head >= position, { what: `position ${position} to become readable`, timeoutMs: 30_000 });

const privateKeyPem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('ledger digests against a tampering superuser', () => {
  let db: TestDatabase;
  let knex: Knex;
  let store: EventStore;
  let ledger: Ledger;
  let client: pg.Client;
  let dir: string;
  const target = freshStream('occupation');
  const rehashed = freshStream('occupation');
  const others: RecordedEvent[] = [];
  let targetEvent: RecordedEvent;

  const env = () => ({ ...process.env, DATABASE_URL: db.url, EVENTSTORE_URL: '', LEDGER_SIGNING_KEY: privateKeyPem, LEDGER_KEY_ID: 'audit-2026' });
  const tsx = (script: string, args: string[]) => spawnSync('node_modules/.bin/tsx', [script, ...args], { env: env(), encoding: 'utf8', timeout: 60_000 });
  const ledgerCli = (...args: string[]) => tsx('scripts/ledger.ts', args);
  const verifyCli = (...args: string[]) => tsx('scripts/ledger-verify.ts', args);
  const file = (name: string) => path.join(dir, name);
  const readJson = <T>(name: string) => JSON.parse(readFileSync(file(name), 'utf8')) as T;
  /** What an attacker with superuser rights does: switch the refusal off, change, switch it on. */
  const tamper = async (table: string, sql: string, values: unknown[] = []) => {
    await client.query(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_refuse_update_delete`);
    await client.query(sql, values);
    await client.query(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_refuse_update_delete`);
  };
  const exportProof = (eventId: string, name: string) => {
    const result = ledgerCli('proof', '--event', eventId, '--out', file(name));
    expect(result.stderr).toContain('已写入包含证明');
    expect(result.status).toBe(0);
    return readJson<InclusionProofExport>(name);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'ledger-audit-'));
    knex = createKnex(db.url, 3);
    store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
    ledger = createLedger({ store, knex });
    await store.appendToStream(target, [testEvent('OccupationDeclared', { name: '电工', hours: 90 }), testEvent('ReviewSubmitted'), testEvent('ReviewApproved', { opinion: '同意' })]);
    await store.appendToStream(rehashed, [testEvent('OccupationDeclared', { name: '焊工', hours: 120 }), testEvent('ReviewSubmitted', { note: '待审' })]);
    let last = 0n;
    for (let s = 0; s < 5; s++) last = (await store.appendToStream(freshStream('institution'), [testEvent('InstitutionRegistered', { s }), testEvent('ReviewSubmitted')])).lastPosition;
    await untilReadable(store, last);
    for (let after = 0n; ; ) {
      const page = await store.readAll({ after, maxCount: 1000 });
      for (const e of page.events) if (e.streamId !== target && e.streamId !== rehashed) others.push(e);
      if (page.events.length < 1000) break;
      after = page.scannedUpTo;
    }
    targetEvent = (await store.readStream(target))[0]!;
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await store.close();
    await knex.destroy();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records D1 and exports it, its key and proofs with the CLI; the offline check passes', () => {
    const record = ledgerCli('record');
    expect(record.stderr).toMatch(/已记录账本摘要 #1：树大小 15/);
    expect(record.status).toBe(0);
    expect(ledgerCli('digest', '--out', file('d1.json')).status).toBe(0);
    expect(ledgerCli('public-key', '--out', file('ledger.pem')).status).toBe(0);
    expect(readJson<DigestExport>('d1.json')).toMatchObject({ treeSize: '15', keyId: 'audit-2026', algorithm: 'ed25519', hashAlgorithm: 'sm3' });

    exportProof(targetEvent.id, 'target-before.json');
    const result = verifyCli('--digest', file('d1.json'), '--proof', file('target-before.json'), '--public-key', file('ledger.pem'));
    expect(result.stdout).toContain('摘要签名有效：树大小 15');
    expect(result.stdout).toContain(`包含证明有效：事件 ${targetEvent.id}`);
    expect(result.stdout).toContain('结论：通过');
    expect(result.status).toBe(0);
    // Without the published key the tool still checks, but says whose key it trusted.
    expect(verifyCli('--digest', file('d1.json'), '--proof', file('target-before.json')).stdout).toContain('请将上面的指纹与系统公布的账本公钥指纹核对');
  });

  it("fails the rewritten event's proof against the kept D1, offline (exit 1), and passes every untouched event", async () => {
    await tamper('events', `UPDATE events SET data = jsonb_set(data, '{hours}', '900') WHERE stream_id = $1 AND revision = 0`, [target]);
    const d1 = readJson<DigestExport>('d1.json');

    const proof = await ledger.inclusionProof({ eventId: targetEvent.id }, BigInt(d1.treeSize));
    expect(proof.event?.data).toMatchObject({ hours: 900 });
    expect(proof.leafHash).not.toBe(proof.storedLeafHash);
    expect(verifyInclusion(proof, d1)).toMatchObject({ valid: false, problem: 'event-changed', eventHashMatchesContent: false });

    exportProof(targetEvent.id, 'target-after.json');
    const result = verifyCli('--digest', file('d1.json'), '--proof', file('target-after.json'), '--public-key', file('ledger.pem'));
    expect(result.stdout).toContain('摘要签名有效');
    expect(result.stderr).toContain('事件内容与记入账本时不一致');
    expect(result.stderr).toContain(`记录流 ${target} 第 0 号`);
    expect(result.stderr).toContain('结论：不通过');
    expect(result.status).toBe(1);

    for (const e of others) expect(verifyInclusion(await ledger.inclusionProof({ eventId: e.id }), d1).valid).toBe(true);
    exportProof(others[3]!.id, 'other-after.json');
    expect(verifyCli('--digest', file('d1.json'), '--proof', file('other-after.json'), '--public-key', file('ledger.pem')).status).toBe(0);

    // Putting the original content back restores the proof: the leaf is the content, nothing else.
    await tamper('events', `UPDATE events SET data = jsonb_set(data, '{hours}', '90') WHERE stream_id = $1 AND revision = 0`, [target]);
    expect(verifyInclusion(await ledger.inclusionProof({ eventId: targetEvent.id }), d1).valid).toBe(true);
  });

  it('still fails when the attacker also recomputes the hash chain, which `npm run verify` then accepts', async () => {
    const [, last] = await store.readStream(rehashed);
    const data = { ...last!.data, note: '已通过' };
    const hash = computeEventHash({ streamId: rehashed, revision: last!.revision, type: last!.type, data, metadata: last!.metadata, prevHash: String(last!.metadata.prevHash) });
    await tamper('events', `UPDATE events SET data = $1, metadata = jsonb_set(metadata, '{hash}', to_jsonb($2::text)) WHERE event_id = $3`, [JSON.stringify(data), hash, last!.id]);
    expect((await verifyChains(store)).firstBreak).toBeUndefined();

    const d1 = readJson<DigestExport>('d1.json');
    const proof = await ledger.inclusionProof({ eventId: last!.id });
    expect(verifyInclusion(proof, d1)).toMatchObject({ valid: false, problem: 'event-changed', eventHashMatchesContent: true });
    writeFileSync(file('rehashed.json'), JSON.stringify(proof));
    const result = verifyCli('--digest', file('d1.json'), '--proof', file('rehashed.json'));
    expect(result.stderr).toContain('事件内容与记入账本时不一致');
    expect(result.status).toBe(1);
  });

  it('reports a deleted event as missing', async () => {
    const victim = others[0]!;
    await tamper('events', 'DELETE FROM events WHERE event_id = $1', [victim.id]);
    const proof = exportProof(victim.id, 'deleted.json');
    expect(proof.event).toBeNull();
    const result = verifyCli('--digest', file('d1.json'), '--proof', file('deleted.json'));
    expect(result.stderr).toContain('事件已不存在');
    expect(result.status).toBe(1);
  });

  it("exposes a rewrite of the ledger's own tables through the kept digest and the consistency proof", async () => {
    await untilReadable(store, (await store.appendToStream(freshStream('institution'), [testEvent('InstitutionRegistered', { late: true })])).lastPosition);
    expect(ledgerCli('record').status).toBe(0);
    expect(ledgerCli('digest', '--out', file('d2.json')).status).toBe(0);
    expect(ledgerCli('consistency', '--from', '15', '--out', file('c12.json')).status).toBe(0);
    const consistent = verifyCli('--digest', file('d2.json'), '--previous-digest', file('d1.json'), '--consistency', file('c12.json'));
    expect(consistent.stdout).toContain('一致性证明有效');
    expect(consistent.status).toBe(0);

    // The attacker makes the ledger agree with the rewritten event of the previous test.
    const [, last] = await store.readStream(rehashed);
    const current = await ledger.inclusionProof({ eventId: last!.id });
    await tamper('ledger_leaves', 'UPDATE ledger_leaves SET leaf_hash = $1 WHERE event_id = $2', [Buffer.from(current.leafHash!, 'hex'), last!.id]);
    const d1 = readJson<DigestExport>('d1.json');
    expect(verifyInclusion(await ledger.inclusionProof({ eventId: last!.id }, 15n), d1)).toMatchObject({ valid: false, problem: 'ledger-mismatch' });

    // A digest signed over the rewritten ledger cannot be shown to extend the kept one.
    await untilReadable(store, (await store.appendToStream(freshStream('institution'), [testEvent('InstitutionRegistered', { later: true })])).lastPosition);
    expect(ledgerCli('record').status).toBe(0);
    expect(ledgerCli('digest', '--out', file('d3.json')).status).toBe(0);
    expect(ledgerCli('consistency', '--from', '15', '--out', file('c13.json')).status).toBe(0);
    expect(verifyConsistency(readJson('c13.json'), d1, readJson('d3.json'))).toMatchObject({ valid: false, problem: 'not-a-prefix' });
    const result = verifyCli('--digest', file('d3.json'), '--previous-digest', file('d1.json'), '--consistency', file('c13.json'));
    expect(result.stderr).toContain('一致性证明无效');
    expect(result.status).toBe(1);
  });

  it('explains its usage and refuses unreadable input with exit code 2', () => {
    expect(verifyCli().status).toBe(2);
    expect(verifyCli('--digest', file('nope.json')).stderr).toContain('无法读取');
  });
});
