// The ledger: the global log folded, in committed order, into an RFC 6962 Merkle tree, and signed
// digests of it ("the first n events have root r"), as Amazon QLDB offered. An auditor who keeps a
// digest can later ask for an inclusion proof of any event and check it offline: an event rewritten
// after the digest (even with its hash chain recomputed) no longer leads to the kept root.
//
// Hash: SM3, like the per-stream chain. The tree code is generic and tested against the RFC 6962
// SHA-256 vectors, so the structure is standard; SM3 is what GB/T 39786 (密评) expects for
// integrity protection in a government system, and what auditors here can recompute with national
// tools.
//
// It lives in commands/ beside the event store rather than in projections/: it is integrity
// evidence about the log, not a read model. A projection may be dropped and rebuilt from the
// current events; rebuilding the ledger that way would fold the tampered events and erase exactly
// what it exists to reveal. So its tables are append-only and migrated like `events`.
import type { Knex } from 'knex';
import type { EventStore, RecordedEvent } from '../../store/event-store/event-store';
import {
  CONSISTENCY_FORMAT,
  DIGEST_FORMAT,
  INCLUSION_FORMAT,
  LEDGER_HASH_ALGORITHM,
  type ConsistencyProofExport,
  type DigestExport,
  type InclusionProofExport,
} from './formats';
import { eventLeaf } from './leaf';
import {
  bindKey,
  countDigests,
  fetchNodes,
  findLeaf,
  insertDigest,
  insertLeaves,
  insertNodes,
  ledgerTail,
  publicKeyOf,
  selectDigests,
  STORED_NODE_MIN_LEVEL,
  type DigestRow,
  type LeafRow,
} from './ledger-store';
import {
  appendToFrontier,
  consistencyPath,
  frontierRefs,
  inclusionPath,
  nodeKey,
  treeHasher,
  treeRoot,
  withNodes,
  type NodeRef,
  type NodeSource,
} from './merkle';
import { digestStatementBytes, publicKeyFingerprint, samePublicKey, type LedgerSigner } from './signing';

export interface LedgerLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface LedgerOptions {
  store: EventStore;
  knex: Knex;
  /** Needed to record digests; proofs and exports work without it (auditors' tools, read-only API). */
  signer?: LedgerSigner;
  logger?: LedgerLogger;
  /** Events folded per transaction. */
  batchSize?: number;
}

export type LedgerErrorCode = 'not-in-ledger' | 'no-digest' | 'not-in-tree' | 'bad-tree-size';

export class LedgerError extends Error {
  constructor(readonly code: LedgerErrorCode, message: string) {
    super(message);
    this.name = 'LedgerError';
  }
}

export interface FoldResult {
  /** Leaves appended by this call. */
  appended: number;
  treeSize: bigint;
  /** Events whose stored metadata.hash did not match their content when folded (see `npm run verify`). */
  contentMismatches: number;
}

export interface LedgerDigest {
  digestId: bigint;
  treeSize: bigint;
  root: string;
  lastPosition: bigint;
  createdAt: string;
  hashAlgorithm: string;
  algorithm: string;
  keyId: string;
  /** base64 */
  signature: string;
}

export interface LedgerPublicKey {
  keyId: string;
  algorithm: string;
  publicKeyPem: string;
  fingerprint: string;
}

/** One lock for every process folding or digesting the same database. */
const LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtextextended('gz-skills-registry/ledger', 0))";
const silent: LedgerLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

const toDigest = (row: DigestRow): LedgerDigest => ({
  digestId: row.digestId,
  treeSize: row.treeSize,
  root: row.root.toString('hex'),
  lastPosition: row.lastPosition,
  createdAt: row.createdAt.toISOString(),
  hashAlgorithm: row.hashAlgorithm,
  algorithm: row.algorithm,
  keyId: row.keyId,
  signature: row.signature.toString('base64'),
});

const exportEvent = (e: RecordedEvent) => ({
  id: e.id,
  streamId: e.streamId,
  revision: e.revision,
  position: e.position.toString(),
  type: e.type,
  data: e.data,
  metadata: e.metadata,
  recordedAt: e.recordedAt.toISOString(),
});

export function createLedger(options: LedgerOptions) {
  const { store, knex, signer } = options;
  const logger = options.logger ?? silent;
  const batchSize = options.batchSize ?? 5000;
  const h = treeHasher(LEDGER_HASH_ALGORITHM);
  const nodesFrom = (db: Knex | Knex.Transaction) => (refs: NodeRef[]) => fetchNodes(db, refs, h.nodeHash);

  /**
   * Folds at most one page of new events in one transaction, under the ledger lock: the tail is
   * read under the lock, so two processes never fold the same events. (Reading the next page ahead
   * while hashing this one was measured: no gain on two cores, where hashing and parsing rows share
   * this process's one thread.)
   */
  const foldPage = (): Promise<FoldResult & { done: boolean }> =>
    knex.transaction(async (trx) => {
      await trx.raw(LOCK_SQL);
      const tail = await ledgerTail(trx);
      const { events } = await store.readAll({ ...(tail.lastPosition !== undefined ? { after: tail.lastPosition } : {}), maxCount: batchSize });
      if (events.length === 0) return { appended: 0, treeSize: tail.size, contentMismatches: 0, done: true };

      const refs = frontierRefs(tail.size);
      const stored = await fetchNodes(trx, refs, h.nodeHash);
      const frontier = { size: tail.size, nodes: new Map<number, Buffer>() };
      for (const ref of refs) {
        const node = stored.get(nodeKey(ref.level, ref.index));
        if (!node) throw new Error(`ledger node ${nodeKey(ref.level, ref.index)} is missing: the ledger tables are damaged`);
        frontier.nodes.set(ref.level, node);
      }

      const leaves: LeafRow[] = [];
      const nodes: (NodeRef & { hash: Buffer })[] = [];
      let contentMismatches = 0;
      let last = tail.lastPosition;
      for (const event of events) {
        // Committed order is the ledger's premise; the store guarantees it, this makes it loud if not.
        if (last !== undefined && event.position <= last) throw new Error(`global log out of order: ${event.position} after ${last}`);
        const leaf = eventLeaf(event, h);
        if (!leaf.contentMatchesStoredHash) {
          contentMismatches++;
          logger.error({ eventId: event.id, streamId: event.streamId, revision: event.revision, position: String(event.position) }, 'event content does not match its stored hash when folded into the ledger');
        }
        leaves.push({ leafIndex: frontier.size, position: event.position, eventId: event.id, leafHash: leaf.leafHash });
        appendToFrontier(frontier, leaf.leafHash, h, (level, index, hash) => {
          if (level >= STORED_NODE_MIN_LEVEL) nodes.push({ level, index, hash });
        });
        last = event.position;
      }
      await insertLeaves(trx, leaves);
      await insertNodes(trx, nodes);
      return { appended: leaves.length, treeSize: frontier.size, contentMismatches, done: events.length < batchSize };
    });

  /** Folds every event readable now. Safe to run in several processes at once. */
  const fold = async (onProgress?: (result: FoldResult) => void): Promise<FoldResult> => {
    const total: FoldResult = { appended: 0, treeSize: 0n, contentMismatches: 0 };
    for (;;) {
      const page = await foldPage();
      total.appended += page.appended;
      total.treeSize = page.treeSize;
      total.contentMismatches += page.contentMismatches;
      onProgress?.(total);
      if (page.done) return total;
    }
  };

  const latestRow = async (db: Knex | Knex.Transaction = knex) => (await selectDigests(db, {}))[0];

  /**
   * Folds new events, then signs and records a digest if the tree grew since the last one.
   * Returns the digest now covering the ledger (`created` false when nothing was new), or
   * undefined while the log is empty.
   */
  const recordDigest = async (): Promise<{ digest: LedgerDigest; created: boolean } | undefined> => {
    if (!signer) throw new Error('recording a ledger digest needs a signing key (LEDGER_SIGNING_KEY)');
    await fold();
    return knex.transaction(async (trx) => {
      await trx.raw(LOCK_SQL);
      const tail = await ledgerTail(trx);
      if (tail.size === 0n || tail.lastPosition === undefined) return undefined;
      const latest = await latestRow(trx);
      if (latest && latest.treeSize === tail.size) return { digest: toDigest(latest), created: false };

      const bound = await bindKey(trx, signer.keyId, signer.algorithm, signer.publicKeyPem);
      if (!samePublicKey(bound, signer.publicKeyPem)) throw new Error(`ledger key id ${signer.keyId} is already bound to another public key: give the new key a new LEDGER_KEY_ID`);
      const root = await withNodes((get) => treeRoot(tail.size, get, h), nodesFrom(trx));
      const statement = {
        treeSize: tail.size.toString(),
        root: root.toString('hex'),
        lastPosition: tail.lastPosition.toString(),
        createdAt: new Date().toISOString(),
        hashAlgorithm: h.algorithm,
        algorithm: signer.algorithm,
        keyId: signer.keyId,
      };
      const row = await insertDigest(trx, {
        treeSize: tail.size,
        root,
        lastPosition: tail.lastPosition,
        createdAt: new Date(statement.createdAt),
        hashAlgorithm: statement.hashAlgorithm,
        algorithm: statement.algorithm,
        keyId: statement.keyId,
        signature: signer.sign(digestStatementBytes(statement)),
      });
      logger.info({ digestId: String(row.digestId), treeSize: statement.treeSize, root: statement.root }, 'ledger digest recorded');
      return { digest: toDigest(row), created: true };
    });
  };

  const latestDigest = async () => {
    const row = await latestRow();
    return row && toDigest(row);
  };

  const digest = async (by: { digestId: bigint } | { treeSize: bigint }) => {
    const [row] = await selectDigests(knex, by);
    return row && toDigest(row);
  };

  /** Newest first. */
  const digests = async (page = 1, pageSize = 20) => ({
    items: (await selectDigests(knex, {}, pageSize, (page - 1) * pageSize)).map(toDigest),
    total: await countDigests(knex),
  });

  /** The file an auditor keeps: the digest with the public key that signed it. */
  const exportDigest = async (d: LedgerDigest): Promise<DigestExport> => {
    const publicKey = (await publicKeyOf(knex, d.keyId))?.publicKeyPem;
    if (!publicKey) throw new Error(`no public key recorded for key id ${d.keyId}`);
    return {
      format: DIGEST_FORMAT,
      digestId: d.digestId.toString(),
      treeSize: d.treeSize.toString(),
      root: d.root,
      lastPosition: d.lastPosition.toString(),
      createdAt: d.createdAt,
      hashAlgorithm: LEDGER_HASH_ALGORITHM,
      algorithm: d.algorithm,
      keyId: d.keyId,
      signature: d.signature,
      publicKey,
    };
  };

  const treeSizeOrLatest = async (treeSize: bigint | undefined): Promise<bigint> => {
    if (treeSize !== undefined) return treeSize;
    const latest = await latestRow();
    if (!latest) throw new LedgerError('no-digest', 'no ledger digest has been recorded yet');
    return latest.treeSize;
  };

  /** The event at exactly this position as stored now, or null when it is gone. */
  const currentEvent = async (position: bigint, previousPosition: bigint | undefined): Promise<RecordedEvent | null> => {
    const page = await store.readAll({ ...(previousPosition !== undefined ? { after: previousPosition } : {}), maxCount: 1 });
    const event = page.events[0];
    return event && event.position === position ? event : null;
  };

  /**
   * Proof that an event is leaf `leafIndex` of the tree of `treeSize` leaves (default: the latest
   * digest's). The leaf is recomputed from the event as stored now and the stored leaf is reported
   * beside it, so an event changed after it was folded shows as a proof that fails.
   */
  const inclusionProof = async (target: { eventId: string } | { position: bigint }, treeSize?: bigint): Promise<InclusionProofExport> => {
    const leaf = await findLeaf(knex, target);
    if (!leaf) throw new LedgerError('not-in-ledger', 'the event is not in the ledger (yet): digests are recorded at the job\'s interval');
    const size = await treeSizeOrLatest(treeSize);
    const { size: folded } = await ledgerTail(knex);
    if (size < 1n || size > folded) throw new LedgerError('bad-tree-size', `tree size ${size} is outside 1..${folded}`);
    if (leaf.leafIndex >= size) throw new LedgerError('not-in-tree', `the event is leaf ${leaf.leafIndex}, after the tree of size ${size}`);
    const { auditPath, root } = await withNodes(
      (get: NodeSource) => ({ auditPath: inclusionPath(leaf.leafIndex, size, get, h), root: treeRoot(size, get, h) }),
      nodesFrom(knex),
    );
    const event = await currentEvent(leaf.position, leaf.previousPosition);
    return {
      format: INCLUSION_FORMAT,
      hashAlgorithm: LEDGER_HASH_ALGORITHM,
      treeSize: size.toString(),
      leafIndex: leaf.leafIndex.toString(),
      root: root.toString('hex'),
      storedLeafHash: leaf.leafHash.toString('hex'),
      leafHash: event ? eventLeaf(event, h).leafHash.toString('hex') : null,
      auditPath: auditPath.map((p) => p.toString('hex')),
      event: event && exportEvent(event),
    };
  };

  /** Proof that the tree of `first` leaves is a prefix of the tree of `second` (default: latest digest). */
  const consistencyProof = async (first: bigint, second?: bigint): Promise<ConsistencyProofExport> => {
    const to = await treeSizeOrLatest(second);
    const { size: folded } = await ledgerTail(knex);
    if (first < 1n || first > to || to > folded) throw new LedgerError('bad-tree-size', `no consistency proof from ${first} to ${to} (ledger has ${folded} leaves)`);
    const proof = await withNodes((get) => consistencyPath(first, to, get, h), nodesFrom(knex));
    return { format: CONSISTENCY_FORMAT, hashAlgorithm: LEDGER_HASH_ALGORITHM, firstSize: first.toString(), secondSize: to.toString(), proof: proof.map((p) => p.toString('hex')) };
  };

  /** The key new digests are signed with: what the system publishes to auditors. */
  const publicKey = (): LedgerPublicKey | undefined =>
    signer && { keyId: signer.keyId, algorithm: signer.algorithm, publicKeyPem: signer.publicKeyPem, fingerprint: publicKeyFingerprint(signer.publicKeyPem) };

  /** A key that signed earlier digests, as recorded when it first signed. */
  const recordedPublicKey = async (keyId: string): Promise<LedgerPublicKey | undefined> => {
    const key = await publicKeyOf(knex, keyId);
    return key && { keyId, ...key, fingerprint: publicKeyFingerprint(key.publicKeyPem) };
  };

  return { fold, recordDigest, latestDigest, digest, digests, exportDigest, inclusionProof, consistencyProof, publicKey, recordedPublicKey, treeSize: async () => (await ledgerTail(knex)).size };
}

export type Ledger = ReturnType<typeof createLedger>;
