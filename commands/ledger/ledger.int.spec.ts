// The ledger on the real Postgres event store: incremental folding equals folding everything at
// once, every proof from the database verifies offline, signatures bind the key, several processes
// can fold and digest while writers append, and the cron job runs by itself.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import type { Knex } from 'knex';
import { createEventStore } from '../../store/event-store/chained-event-store';
import type { EventStore, RecordedEvent } from '../../store/event-store/event-store';
import { createEventStoreDbEventLog } from '../../store/event-store/eventstoredb/eventstoredb-event-log';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { createKnex } from '../../store/knex';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { freshStream, testEvent } from '../../testing/events';
import { waitUntil } from '../../testing/wait-until';
import { startEventStoreDbStandIn, type EventStoreDbStandIn } from '../../testing/eventstoredb-standin/server';
import { createLedger, LedgerError, type Ledger } from './ledger';
import { startLedgerJob } from './ledger-job';
import { eventLeaf } from './leaf';
import { memoryNodeSource, referenceRoot, treeHasher } from './merkle';
import { signerFromPrivateKey } from './signing';
import { verifyConsistency, verifyDigest, verifyInclusion } from './verify';

const h = treeHasher('sm3');
const newSigner = (keyId?: string) => signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey, keyId ? { keyId } : {});

async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let after = 0n; ; ) {
    const page = await store.readAll({ after, maxCount: 1000 });
    all.push(...page.events);
    if (page.events.length < 1000) return all;
    after = page.scannedUpTo;
  }
}

/**
 * A committed event becomes readable once every older transaction in the cluster has ended
 * (README, "Ordering"): a migration in another test file's database can hold it back a moment.
 */
const untilReadable = (store: EventStore, position: bigint) =>
  waitUntil(() => store.headPosition(), (head) => head >= position, { what: `position ${position} to become readable`, timeoutMs: 30_000 });

/** Appends and waits until the ledger can read what was appended. */
async function appendSome(store: EventStore, streams: number, perStream: number) {
  let last = 0n;
  for (let s = 0; s < streams; s++) {
    const events = Array.from({ length: perStream }, (_, i) => testEvent('OccupationDeclared', { s, i, name: `工种-${s}-${i}` }));
    last = (await store.appendToStream(freshStream('occupation'), events)).lastPosition;
  }
  await untilReadable(store, last);
}

describe('ledger', () => {
  let db: TestDatabase;
  let knex: Knex;
  let store: EventStore;
  let ledger: Ledger;
  const signer = newSigner('test-key-1');

  beforeAll(async () => {
    db = await createTestDatabase();
    knex = createKnex(db.url, 5);
    store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
    // A small page size makes folding cross page boundaries and rebuild low levels from leaves often.
    ledger = createLedger({ store, knex, signer, batchSize: 7 });
  });
  afterAll(async () => {
    await store.close();
    await knex.destroy();
    await db.drop();
  });

  it('records nothing while the log is empty', async () => {
    expect(await ledger.recordDigest()).toBeUndefined();
    await expect(ledger.inclusionProof({ position: 1n })).rejects.toBeInstanceOf(LedgerError);
  });

  it('folds incrementally into exactly the tree of the whole log folded at once', async () => {
    const digests = [];
    for (const [streams, perStream] of [[1, 1], [3, 2], [5, 7], [1, 40], [9, 3]] as const) {
      await appendSome(store, streams, perStream);
      const result = await ledger.recordDigest();
      expect(result?.created).toBe(true);
      digests.push(result!.digest);
    }
    const events = await readEverything(store);
    const leaves = events.map((e) => eventLeaf(e, h).leafHash);
    expect(leaves.length).toBe(1 + 6 + 35 + 40 + 27);

    const stored = await knex('ledger_leaves').orderBy('leaf_index');
    expect(stored.map((r: { position: string }) => r.position)).toEqual(events.map((e) => e.position.toString()));
    expect(stored.map((r: { leaf_hash: Buffer }) => r.leaf_hash.toString('hex'))).toEqual(leaves.map((l) => l.toString('hex')));

    const full = memoryNodeSource(leaves, h);
    const nodes: { level: number; node_index: string; hash: Buffer }[] = await knex('ledger_nodes');
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) expect(n.hash.toString('hex')).toBe(full(n.level, BigInt(n.node_index)).toString('hex'));

    for (const d of digests) expect(d.root).toBe(referenceRoot(leaves.slice(0, Number(d.treeSize)), h).toString('hex'));
    // Nothing new: no new digest.
    expect((await ledger.recordDigest())?.created).toBe(false);
  });

  it("proves every event against the latest digest and against each earlier digest that holds it", async () => {
    const { items } = await ledger.digests(1, 100);
    const latest = await ledger.exportDigest(items[0]!);
    const earliest = await ledger.exportDigest(items[items.length - 1]!);
    const events = await readEverything(store);
    for (const event of events) {
      const verdict = verifyInclusion(await ledger.inclusionProof({ eventId: event.id }), latest);
      expect(verdict).toMatchObject({ valid: true, eventHashMatchesContent: true, proofLeafHashMatches: true });
    }
    const first = events[0]!;
    expect(verifyInclusion(await ledger.inclusionProof({ position: first.position }, BigInt(earliest.treeSize)), earliest).valid).toBe(true);
    // A proof for one tree does not pass for a digest of another.
    const proof = await ledger.inclusionProof({ eventId: first.id });
    expect(verifyInclusion(proof, earliest)).toMatchObject({ valid: false, problem: 'different-tree' });
    // An event folded after a digest is not in that digest's tree.
    await expect(ledger.inclusionProof({ eventId: events[events.length - 1]!.id }, BigInt(earliest.treeSize))).rejects.toMatchObject({ code: 'not-in-tree' });
  });

  it('proves each digest a prefix of the next (consistency)', async () => {
    const { items } = await ledger.digests(1, 100);
    const exports = await Promise.all(items.reverse().map((d) => ledger.exportDigest(d)));
    for (let i = 1; i < exports.length; i++) {
      const older = exports[i - 1]!;
      const newer = exports[i]!;
      const proof = await ledger.consistencyProof(BigInt(older.treeSize), BigInt(newer.treeSize));
      expect(verifyConsistency(proof, older, newer).valid).toBe(true);
      expect(verifyConsistency(proof, newer, older)).toMatchObject({ valid: false, problem: 'size-mismatch' });
    }
  });

  it('binds digests to the signing key', async () => {
    const digest = await ledger.exportDigest((await ledger.latestDigest())!);
    expect(verifyDigest(digest)).toMatchObject({ valid: true, keyFromDigestFile: true });
    expect(verifyDigest(digest, signer.publicKeyPem)).toMatchObject({ valid: true, keyFromDigestFile: false });

    const other = newSigner();
    // The auditor's published key is not the one in the file.
    expect(verifyDigest(digest, other.publicKeyPem)).toMatchObject({ valid: false, problem: 'key-mismatch' });
    // Someone swapped in their own key: the signature no longer holds.
    expect(verifyDigest({ ...digest, publicKey: other.publicKeyPem })).toMatchObject({ valid: false, problem: 'bad-signature' });
    // Any signed field changed: the signature no longer holds.
    expect(verifyDigest({ ...digest, treeSize: String(BigInt(digest.treeSize) + 1n) })).toMatchObject({ valid: false, problem: 'bad-signature' });
    expect(verifyDigest({ ...digest, root: '0'.repeat(64) })).toMatchObject({ valid: false, problem: 'bad-signature' });
    expect(verifyDigest({ ...digest, createdAt: '2020-01-01T00:00:00.000Z' })).toMatchObject({ valid: false, problem: 'bad-signature' });
    expect(verifyDigest({ ...digest, signature: other.sign(Buffer.from('x')).toString('base64') })).toMatchObject({ valid: false, problem: 'bad-signature' });
    expect(verifyDigest({ hello: 'world' })).toMatchObject({ valid: false, problem: 'malformed' });

    // A key id stays bound to its first key.
    await appendSome(store, 1, 1);
    const impostor = createLedger({ store, knex, signer: newSigner('test-key-1') });
    await expect(impostor.recordDigest()).rejects.toThrow(/already bound/);
  });

  it('refuses to change or delete ledger rows', async () => {
    for (const sql of [
      'UPDATE ledger_leaves SET leaf_hash = leaf_hash WHERE leaf_index = 0',
      'DELETE FROM ledger_nodes',
      'UPDATE ledger_digests SET root = root',
      'DELETE FROM ledger_keys',
      'TRUNCATE ledger_leaves CASCADE',
    ]) {
      await expect(knex.raw(sql)).rejects.toThrow(/append-only/);
    }
  });
});

describe('ledger job', () => {
  let db: TestDatabase;
  let store: EventStore;
  const knexes: Knex[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
  });
  afterAll(async () => {
    await store.close();
    for (const k of knexes) await k.destroy();
    await db.drop();
  });

  const process = (batchSize: number) => {
    const knex = createKnex(db.url, 3);
    knexes.push(knex);
    return createLedger({ store, knex, signer: newSigner(`key-${knexes.length}`), batchSize });
  };

  it('stays complete and in order when two processes digest while writers append', async () => {
    const [a, b] = [process(13), process(50)];
    let writing = true;
    let last = 0n;
    /** Fold-and-digest rounds each process has completed. */
    const rounds = [0, 0];
    const writers = Array.from({ length: 4 }, async (_, w) => {
      for (let i = 0; i < 40; i++) {
        const { lastPosition } = await store.appendToStream(freshStream(`w${w}`), Array.from({ length: 1 + (i % 4) }, () => testEvent('CheckInCaptured', { w, i })));
        if (lastPosition > last) last = lastPosition;
        // Both processes take a turn at the log between two appends of a writer, so folding and
        // digesting interleave with the writing (a fixed pause only hoped they would).
        const [a0, b0] = rounds;
        await waitUntil(() => rounds, ([ra, rb]) => ra! > a0! && rb! > b0!, { what: 'both processes to fold and digest once more' });
      }
    });
    const digesters = [a, b].map(async (ledger, p) => {
      let folded = 0;
      while (writing) {
        folded += (await ledger.fold()).appended;
        await ledger.recordDigest();
        rounds[p] = rounds[p]! + 1;
      }
      return folded;
    });
    try {
      await Promise.all(writers);
    } finally {
      writing = false;
    }
    const folded = await Promise.all(digesters);
    await untilReadable(store, last);
    await a.recordDigest();
    // Both processes folded part of the log.
    expect(folded.every((n) => n > 0)).toBe(true);

    const events = await readEverything(store);
    expect(events.length).toBe(4 * 10 * (1 + 2 + 3 + 4));
    const leaves = events.map((e) => eventLeaf(e, h).leafHash);
    expect(await a.treeSize()).toBe(BigInt(events.length));
    const { items } = await a.digests(1, 1000);
    expect(items.length).toBeGreaterThan(1);
    const sizes = items.map((d) => d.treeSize);
    // Newest first, strictly growing with time, each size digested once.
    expect([...sizes].sort((x, y) => (x < y ? 1 : -1))).toEqual(sizes);
    expect(new Set(sizes).size).toBe(sizes.length);
    for (const d of items) {
      expect(d.root).toBe(referenceRoot(leaves.slice(0, Number(d.treeSize)), h).toString('hex'));
      expect(verifyDigest(await a.exportDigest(d)).valid).toBe(true);
    }
    const some = events.filter((_, i) => i % 37 === 0);
    const latest = await a.exportDigest(items[0]!);
    for (const e of some) expect(verifyInclusion(await b.inclusionProof({ eventId: e.id }), latest).valid).toBe(true);
  });

  it('records digests on its schedule', async () => {
    const knex = createKnex(db.url, 2);
    knexes.push(knex);
    await untilReadable(store, (await store.appendToStream(freshStream('scheduled'), [testEvent('ReviewSubmitted')])).lastPosition);
    const job = startLedgerJob({ store, knex, signer: newSigner('cron-key'), intervalCron: '* * * * * *' });
    try {
      const digest = await waitUntil(() => job.ledger.latestDigest(), (d) => d?.keyId === 'cron-key', { what: 'the scheduled job to record a digest', timeoutMs: 10_000, intervalMs: 200 });
      expect(digest?.keyId).toBe('cron-key');
      expect(digest?.treeSize).toBe(await job.ledger.treeSize());
    } finally {
      await job.stop();
    }
  });
});

// The ledger needs only the port's readAll: over EventStoreDB its tables stay in Postgres and its
// positions are $all commit positions (read here through the real client, against the stand-in).
describe('ledger over the EventStoreDB adapter', () => {
  let db: TestDatabase;
  let knex: Knex;
  let standIn: EventStoreDbStandIn;
  let store: EventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    knex = createKnex(db.url, 3);
    standIn = await startEventStoreDbStandIn({ batchAppend: true });
    store = createEventStore(createEventStoreDbEventLog({ connectionString: standIn.connectionString }));
  });
  afterAll(async () => {
    await store.close();
    await standIn.close();
    await knex.destroy();
    await db.drop();
  });

  it('folds, digests and proves every event', async () => {
    const ledger = createLedger({ store, knex, signer: newSigner('esdb-key'), batchSize: 4 });
    await appendSome(store, 4, 3);
    const d1 = await ledger.exportDigest((await ledger.recordDigest())!.digest);
    await appendSome(store, 2, 5);
    const d2 = await ledger.exportDigest((await ledger.recordDigest())!.digest);
    const events = await readEverything(store);
    expect(d2.treeSize).toBe(String(events.length));
    expect(d2.root).toBe(referenceRoot(events.map((e) => eventLeaf(e, h).leafHash), h).toString('hex'));
    for (const e of events) expect(verifyInclusion(await ledger.inclusionProof({ eventId: e.id }), d2).valid).toBe(true);
    expect(verifyConsistency(await ledger.consistencyProof(BigInt(d1.treeSize)), d1, d2).valid).toBe(true);
  });
});
