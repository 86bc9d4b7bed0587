// The signed timeline export, offline: an untouched file verifies against the published key; any
// changed field, a truncation, a reordering, a re-signature by another key, the old unsigned
// format, and a stored event that the ledger contradicts all fail, each with its own finding.
import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { computeEventHash, GENESIS_HASH } from '../../store/event-store/integrity';
import { testMetadata } from '../../testing/events';
import { exportEvent, exportSignedBytes, signTimelineExport, verifyTimelineExport, type ExportProblem, type TimelineExport } from './export-signing';
import { DIGEST_FORMAT, INCLUSION_FORMAT, type DigestExport, type InclusionProofExport } from './formats';
import { eventLeaf } from './leaf';
import { inclusionPath, memoryNodeSource, referenceRoot, treeHasher } from './merkle';
import { digestStatementBytes, signerFromPrivateKey, type LedgerSigner } from './signing';

const h = treeHasher('sm3');
const newSigner = (keyId: string) => signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey, { keyId });
const ledgerKey = newSigner('ledger-2026');
const published = [ledgerKey.publicKeyPem];
const STREAM = `occupation-${randomUUID()}`;

/** A stream whose hash chain is built the way the store builds it. */
function stream(streamId: string, count: number, firstPosition = 40n): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let revision = 0; revision < count; revision++) {
    const type = revision === 0 ? 'OccupationDeclared' : 'ReviewSubmitted';
    const data = revision === 0 ? { details: { code: '6-31-01-03', name: '电工', hours: 90 } } : { note: `第 ${revision} 次提交` };
    const metadata = { ...testMetadata(), prevHash };
    const hash = computeEventHash({ streamId, revision, type, data, metadata, prevHash });
    events.push({ id: randomUUID(), streamId, revision, position: firstPosition + BigInt(revision * 3), type, data, metadata: { ...metadata, hash }, recordedAt: new Date(Date.UTC(2026, 10, 25, 8, revision)) });
    prevHash = hash;
  }
  return events;
}

/** The ledger as the job would have folded it: some other events, then these; a digest signed over all. */
function ledgerFor(events: readonly RecordedEvent[], signer: LedgerSigner, asStoredNow: RecordedEvent = events.at(-1)!) {
  const others = stream(`institution-${randomUUID()}`, 5, 1n);
  const all = [...others, ...events];
  const leaves = all.map((e) => eventLeaf(e, h).leafHash);
  const size = BigInt(leaves.length);
  const statement = {
    treeSize: size.toString(),
    root: referenceRoot(leaves, h).toString('hex'),
    lastPosition: all.at(-1)!.position.toString(),
    createdAt: '2026-11-25T09:00:00.000Z',
    hashAlgorithm: 'sm3',
    algorithm: signer.algorithm,
    keyId: signer.keyId,
  };
  const digest: DigestExport = { format: DIGEST_FORMAT, digestId: '1', ...statement, hashAlgorithm: 'sm3', signature: signer.sign(digestStatementBytes(statement)).toString('base64'), publicKey: signer.publicKeyPem };
  const index = size - 1n;
  const inclusionProof: InclusionProofExport = {
    format: INCLUSION_FORMAT,
    hashAlgorithm: 'sm3',
    treeSize: size.toString(),
    leafIndex: index.toString(),
    root: statement.root,
    storedLeafHash: leaves.at(-1)!.toString('hex'),
    leafHash: eventLeaf(asStoredNow, h).leafHash.toString('hex'),
    auditPath: inclusionPath(index, size, memoryNodeSource(leaves, h), h).map((p) => p.toString('hex')),
    event: exportEvent(asStoredNow),
  };
  return { digest, inclusionProof };
}

const events = stream(STREAM, 3);
const signed = signTimelineExport(
  { streamId: STREAM, exportedAt: '2026-11-25T10:00:00.000Z', exportedBy: { userId: randomUUID(), orgId: randomUUID() }, events, ledger: ledgerFor(events, ledgerKey) },
  ledgerKey,
);
/** A fresh copy to change, as an editor of the downloaded file would. */
const copy = (file: TimelineExport = signed): TimelineExport => JSON.parse(JSON.stringify(file)) as TimelineExport;
const codes = (problems: ExportProblem[]) => problems.map((p) => p.code);

describe('a signed timeline export', () => {
  it('verifies untouched against the published key, with the last event proved in the ledger', () => {
    const verdict = verifyTimelineExport(copy(), published);
    expect(verdict.problems).toEqual([]);
    expect(verdict.valid).toBe(true);
    expect(verdict.ledger).toMatchObject({ treeSize: '8', leafIndex: '7', keyId: 'ledger-2026' });
    expect(signed.stream).toEqual({ headRevision: 2, eventCount: 3, lastEventId: events[2]!.id, lastPosition: '46', lastHash: events[2]!.metadata.hash });
  });

  it('verifies without a ledger proof when no signed digest covered the last event yet', () => {
    const file = signTimelineExport({ streamId: STREAM, exportedAt: '2026-11-25T10:00:00.000Z', exportedBy: { userId: 'u', orgId: null }, events, ledger: null }, ledgerKey);
    expect(verifyTimelineExport(copy(file), published)).toMatchObject({ valid: true, problems: [], ledger: null });
  });

  it('signs the RFC 8785 text of the whole file but the signature value', () => {
    const text = exportSignedBytes(signed).toString('utf8');
    for (const field of ['"exportedAt"', '"exportedBy"', '"stream"', '"recordedAt"', '"position"', '"ledger"', '"keyId"', '"context"']) expect(text).toContain(field);
    expect(text).not.toContain(signed.signature.value);
  });

  const edits: [string, (f: TimelineExport) => void, ExportProblem['code'][]][] = [
    ['an event position', (f) => (f.events[0]!.position = '41'), []],
    ['an event id', (f) => (f.events[1]!.id = randomUUID()), []],
    ['an event recording time', (f) => (f.events[0]!.recordedAt = '2026-11-24T08:00:00.000Z'), []],
    ['event data', (f) => ((f.events[0]!.data.details as { hours: number }).hours = 900), ['chain-broken']],
    ['event metadata', (f) => (f.events[1]!.metadata.actorId = 'someone-else'), ['chain-broken']],
    ['the export time', (f) => (f.exportedAt = '2026-11-20T10:00:00.000Z'), []],
    ['the exporting user', (f) => (f.exportedBy.userId = randomUUID()), []],
    ['the exporting organisation', (f) => (f.exportedBy.orgId = null), []],
    ['the stream id', (f) => (f.streamId = `occupation-${randomUUID()}`), ['other-stream']],
    ['the last event id', (f) => (f.events[2]!.id = randomUUID()), ['head-mismatch', 'ledger-other-event']],
    ['the last event position', (f) => (f.events[2]!.position = '47'), ['head-mismatch', 'ledger-other-event']],
    ['the last event recording time', (f) => (f.events[2]!.recordedAt = '2026-11-26T08:00:00.000Z'), ['ledger-other-event']],
    ['the stated head', (f) => (f.stream.eventCount = 2), ['count-mismatch']],
    ['the ledger proof', (f) => (f.ledger!.inclusionProof.leafIndex = '6'), ['ledger-invalid']],
  ];
  it.each(edits)('fails when %s is changed', (_what, edit, specific) => {
    const file = copy();
    edit(file);
    const verdict = verifyTimelineExport(file, published);
    expect(verdict.valid).toBe(false);
    expect(codes(verdict.problems)).toEqual(['bad-signature', ...specific]);
  });

  it('fails when the last event is removed, and names the truncation', () => {
    const file = copy();
    file.events.pop();
    const verdict = verifyTimelineExport(file, published);
    expect(verdict.valid).toBe(false);
    expect(verdict.problems).toEqual(
      expect.arrayContaining([{ code: 'bad-signature' }, { code: 'count-mismatch', declared: 3, actual: 2 }, { code: 'head-mismatch', field: 'headRevision', declared: 2, actual: 1 }]),
    );
  });

  it('fails when every event is removed', () => {
    const file = copy();
    file.events = [];
    expect(verifyTimelineExport(file, published).problems).toEqual(expect.arrayContaining([{ code: 'bad-signature' }, { code: 'count-mismatch', declared: 3, actual: 0 }]));
  });

  it('fails a truncation even when the stated head and the ledger proof are removed to match', () => {
    const file = copy();
    file.events.pop();
    const last = file.events.at(-1)!;
    file.stream = { headRevision: last.revision, eventCount: 2, lastEventId: last.id, lastPosition: last.position, lastHash: String(last.metadata.hash) };
    file.ledger = null;
    expect(codes(verifyTimelineExport(file, published).problems)).toEqual(['bad-signature']);
  });

  it('fails when events are reordered', () => {
    const file = copy();
    [file.events[0], file.events[1]] = [file.events[1]!, file.events[0]!];
    expect(codes(verifyTimelineExport(file, published).problems)).toEqual(['bad-signature', 'out-of-order']);
  });

  it('fails a file re-signed with a key the platform did not publish, even with that key inside it', () => {
    const attacker = newSigner('ledger-2026');
    const file = copy();
    file.exportedAt = '2026-11-20T10:00:00.000Z';
    file.signature.publicKey = attacker.publicKeyPem;
    file.signature.value = attacker.sign(exportSignedBytes(file)).toString('base64');
    const verdict = verifyTimelineExport(file, published);
    expect(verdict.valid).toBe(false);
    expect(codes(verdict.problems)).toEqual(['untrusted-key']);
    // With the attacker's key as the only trusted one the signature itself would hold: the key is what matters.
    expect(verifyTimelineExport(file, [attacker.publicKeyPem]).problems.map((p) => p.code)).toEqual(['ledger-untrusted-key']);
  });

  it('fails an untouched file when the auditor trusts another key', () => {
    expect(codes(verifyTimelineExport(copy(), [newSigner('other').publicKeyPem]).problems)).toEqual(['untrusted-key', 'ledger-untrusted-key']);
  });

  it('refuses a member the server never writes', () => {
    const file = copy() as TimelineExport & { note?: string };
    file.note = '已核对';
    expect(verifyTimelineExport(file, published).problems).toEqual([{ code: 'malformed', issues: [expect.objectContaining({ path: '' })] }]);
  });

  it('refuses the old unsigned format, which cannot show truncation or edited ids', () => {
    const legacy = { format: 'gz-timeline-export/1', streamId: STREAM, events: events.map(exportEvent) };
    expect(verifyTimelineExport(legacy, published)).toEqual({ valid: false, problems: [{ code: 'legacy-format' }] });
    expect(codes(verifyTimelineExport({ format: 'something' }, published).problems)).toEqual(['not-an-export']);
  });

  it('fails a signed export of a stored event the ledger contradicts, though its chain was recomputed', () => {
    // The last event was rewritten in the database after it was folded, its hash recomputed: the
    // server exports and signs what it stores, the chain holds, the ledger's leaf does not.
    const rewritten = stream(STREAM, 3);
    const original = rewritten.map((e) => ({ ...e, metadata: { ...e.metadata } }));
    const last = rewritten[2]!;
    last.data = { note: '已通过' };
    last.metadata.hash = computeEventHash({ ...last, prevHash: String(last.metadata.prevHash) });
    const ledger = ledgerFor(original, ledgerKey, last);
    const file = signTimelineExport({ streamId: STREAM, exportedAt: '2026-11-25T10:00:00.000Z', exportedBy: { userId: 'u', orgId: null }, events: rewritten, ledger }, ledgerKey);
    const verdict = verifyTimelineExport(copy(file), published);
    expect(verdict.valid).toBe(false);
    expect(verdict.problems).toEqual([expect.objectContaining({ code: 'ledger-invalid', problem: 'event-changed' })]);
  });
});
