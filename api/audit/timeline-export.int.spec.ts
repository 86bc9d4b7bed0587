// The timeline export, downloaded as a user does, checked offline by the documented command with
// the key the platform publishes (GET /ledger/public-key). Every kind of change to the file fails
// with a Chinese finding: an edited field, removed events, reordering, a re-signature by another
// key, the old unsigned format; and so does a signed export of an event that was rewritten in the
// database with its hash chain recomputed, because the ledger contradicts it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pactum from 'pactum';
import { computeEventHash } from '../../store/event-store/integrity';
import { exportSignedBytes, type TimelineExport } from '../../commands/ledger/export-signing';
import { createLedger } from '../../commands/ledger/ledger';
import { signerFromPrivateKey } from '../../commands/ledger/signing';
import { runVerifyExport } from '../../scripts/verify-export';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';

const cli = (...args: string[]) => spawnSync('node_modules/.bin/tsx', ['scripts/verify-export.ts', ...args], { encoding: 'utf8', timeout: 60_000 });

/** The command's logic in this process (the same function the script runs): fast enough for every case. */
function verify(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = runVerifyExport(args, { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('timeline export', () => {
  let api: ApiHarness;
  let auditor: Session;
  let outsider: Session;
  let school: Session;
  let dir: string;
  let streamId: string;
  let keyFile: string;
  let original: TimelineExport;

  const file = (name: string) => path.join(dir, name);
  const write = (name: string, body: unknown) => {
    writeFileSync(file(name), JSON.stringify(body, null, 2));
    return file(name);
  };
  const download = (session: Session, id: string) =>
    pactum.spec().get(`${api.url}/audit/timeline-export`).withQueryParams('streamId', id).withHeaders({ cookie: session.cookie }).toss();
  const declare = async () => {
    const declared = await api.graphql<{ declareOccupation: { streamId: string } }>(school, `mutation { declareOccupation(details: { code: "6-31-01-03", name: "电工${randomUUID().slice(0, 4)}", level: "5", hours: 90 }, submit: true) { streamId } }`);
    return declared.data!.declareOccupation.streamId;
  };
  /** Folds what is readable and signs a digest with the key the platform's ledger job uses. */
  const recordDigest = async () => {
    await api.settled();
    await createLedger({ store: api.platform.store, knex: api.platform.knex, signer: api.platform.ledgerSigner! }).recordDigest();
  };
  /** An edited copy of the untouched download. */
  const edited = (name: string, edit: (f: TimelineExport) => void) => {
    const body = JSON.parse(JSON.stringify(original)) as TimelineExport;
    edit(body);
    return write(name, body);
  };

  beforeAll(async () => {
    api = await startApiHarness();
    [auditor, outsider, school] = await Promise.all([api.login('auditAdmin'), api.login('zunyiReviewer'), api.login('nanmingSchool')]);
    dir = mkdtempSync(path.join(tmpdir(), 'gz-export-'));
    streamId = await declare();
    await recordDigest();
    // What the auditor keeps: the key the platform publishes, fetched apart from any export.
    const published = await pactum.spec().get(`${api.url}/ledger/public-key`).expectStatus(200).toss();
    keyFile = file('ledger-key.pem');
    writeFileSync(keyFile, String(published.body));
    original = (await download(auditor, streamId)).json as TimelineExport;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await api.close();
  });

  it('downloads a signed file that the offline command verifies with the published key, and records the export', async () => {
    const response = await download(auditor, streamId);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(`timeline-${streamId}.json`);
    const body = response.json as TimelineExport;
    expect(body).toMatchObject({ format: 'gz-timeline-export/2', streamId, stream: { headRevision: 1, eventCount: 2 }, signature: { algorithm: 'ed25519', keyId: 'test-ledger-key' } });
    expect(body.ledger).not.toBeNull();
    const result = cli(write('ok.json', body), '--key', keyFile);
    expect(result.stdout).toContain(`时间线完好：${streamId}，2 个事件`);
    expect(result.stdout).toContain('账本证明有效');
    expect(result.stdout).toContain('结论：通过');
    expect(result.status).toBe(0);
    expect((await api.platform.store.readStream(`audit-export-${api.userIds.auditAdmin}`)).map((e) => e.type)).toContain('AuditTimelineExported');
  });

  const SIGNATURE = '签名无效：文件在导出之后被改动';
  const cases: [string, (f: TimelineExport) => void, string[]][] = [
    ['an event position changed', (f) => (f.events[0]!.position = String(BigInt(f.events[0]!.position) + 1n)), [SIGNATURE]],
    ['an event id changed', (f) => (f.events[0]!.id = randomUUID()), [SIGNATURE]],
    ['an event recordedAt changed', (f) => (f.events[0]!.recordedAt = '2020-01-01T00:00:00.000Z'), [SIGNATURE]],
    ['event data changed', (f) => ((f.events[0]!.data.details as { hours: number }).hours = 900), [SIGNATURE, '哈希链断裂：第 0 号事件（OccupationDeclared）']],
    ['event metadata changed', (f) => (f.events[1]!.metadata.ip = '10.0.0.1'), [SIGNATURE, '哈希链断裂：第 1 号事件']],
    ['exportedAt changed', (f) => (f.exportedAt = '2020-01-01T00:00:00.000Z'), [SIGNATURE]],
    ['exportedBy changed', (f) => (f.exportedBy.userId = randomUUID()), [SIGNATURE]],
    ['streamId changed', (f) => (f.streamId = `occupation-${randomUUID()}`), [SIGNATURE, '属于另一条记录']],
    ['the last event removed', (f) => f.events.pop(), [SIGNATURE, '事件被删除：导出时记录有 2 个事件，文件中只有 1 个']],
    ['every event removed', (f) => (f.events = []), [SIGNATURE, '事件被删除：导出时记录有 2 个事件，文件中只有 0 个']],
    ['the events reordered', (f) => f.events.reverse(), [SIGNATURE, '事件顺序不符']],
    ['the last event id changed', (f) => (f.events[1]!.id = randomUUID()), [SIGNATURE, '账本证明中的事件与文件的最后一个事件不同（字段：id）']],
  ];
  it.each(cases)('fails (exit 1) with %s', (what, edit, messages) => {
    const result = verify(edited(`${what}.json`, edit), '--key', keyFile);
    for (const message of messages) expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('结论：不通过');
    expect(result.status).toBe(1);
  });

  it('fails a truncated file through the documented command as well', () => {
    const result = cli(
      edited('truncated.json', (f) => f.events.pop()),
      '--key',
      keyFile,
    );
    expect(result.stderr).toContain('事件被删除');
    expect(result.status).toBe(1);
  });

  it('fails a file re-signed with a key the platform did not publish, though the file carries that key', () => {
    const attacker = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey, { keyId: 'test-ledger-key' });
    const resigned = edited('resigned.json', (f) => {
      f.events.pop();
      const last = f.events.at(-1)!;
      f.stream = { headRevision: last.revision, eventCount: f.events.length, lastEventId: last.id, lastPosition: last.position, lastHash: String(last.metadata.hash) };
      f.ledger = null;
      f.signature.publicKey = attacker.publicKeyPem;
      f.signature.value = attacker.sign(exportSignedBytes(f)).toString('base64');
    });
    const result = verify(resigned, '--key', keyFile);
    expect(result.stderr).toContain('签名密钥不是指定的可信账本公钥');
    expect(result.status).toBe(1);
  });

  it('needs the published key: without --key it does not run, with another key it fails', () => {
    const ok = write('ok-again.json', original);
    const missing = verify(ok);
    expect(missing.stderr).toContain('未指定可信的账本公钥（--key）');
    expect(missing.status).toBe(2);
    const otherKey = file('other.pem');
    writeFileSync(otherKey, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey).publicKeyPem);
    const other = verify(ok, '--key', otherKey);
    expect(other.stderr).toContain('签名密钥不是指定的可信账本公钥');
    expect(other.status).toBe(1);
    // Several published keys (after a rotation) may be given; the right one among them suffices.
    expect(verify(ok, '--key', otherKey, '--key', keyFile).status).toBe(0);
  });

  it('refuses the old unsigned format with the reason', () => {
    const legacy = { format: 'gz-timeline-export/1', streamId, events: original.events };
    const result = verify(write('legacy.json', legacy), '--key', keyFile);
    expect(result.stderr).toContain('旧格式 gz-timeline-export/1');
    expect(result.stderr).toContain('发现不了末尾事件被删除');
    expect(result.status).toBe(1);
  });

  it('refuses a record outside the user\'s scope', async () => {
    const response = await download(outsider, streamId);
    expect([403, 404]).toContain(response.statusCode);
    expect(JSON.stringify(response.json)).not.toContain('"events"');
  });

  it('fails a signed export of an event rewritten in the database with its chain recomputed: the ledger contradicts it', async () => {
    const victim = await declare();
    await recordDigest();
    const [, last] = await api.platform.store.readStream(victim);
    const data = { ...last!.data, note: '已通过' };
    const hash = computeEventHash({ streamId: victim, revision: last!.revision, type: last!.type, data, metadata: last!.metadata, prevHash: String(last!.metadata.prevHash) });
    // What a superuser with database access does: switch the refusal off, rewrite, switch it on.
    await api.platform.knex.transaction(async (trx) => {
      await trx.raw('ALTER TABLE events DISABLE TRIGGER events_refuse_update_delete');
      await trx.raw("UPDATE events SET data = ?::jsonb, metadata = jsonb_set(metadata, '{hash}', to_jsonb(?::text)) WHERE event_id = ?", [JSON.stringify(data), hash, last!.id]);
      await trx.raw('ALTER TABLE events ENABLE TRIGGER events_refuse_update_delete');
    });
    const body = (await download(auditor, victim)).json as TimelineExport;
    expect(body.events[1]!.data).toMatchObject({ note: '已通过' });
    const result = cli(write('rewritten.json', body), '--key', keyFile);
    expect(result.stderr).toContain('系统中存储的最后一个事件与记入账本时不同');
    expect(result.stderr).not.toContain('哈希链断裂');
    expect(result.status).toBe(1);
  });
});
