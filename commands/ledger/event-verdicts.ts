// The ledger's verdict on a set of events (one record's timeline), computed on the server: is each
// event, as stored now, the leaf the ledger folded, and does that leaf lead to the root of the
// latest signed digest? The per-stream hash chain cannot answer this: whoever rewrites an event
// can recompute its chain, and the timeline's `chainValid` then says true. The ledger's leaves
// and signed roots are what such a rewrite cannot repair (README, "Ledger digests").
//
// Same facts as ledgerInclusionProof's `intact`, for every event of a stream at once: the leaves in
// one query and every audit path from one fetch of tree nodes (merkle.ts `withNodes`).
import type { Knex } from 'knex';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { LEDGER_HASH_ALGORITHM } from './formats';
import { eventLeaf } from './leaf';
import { fetchNodes, publicKeyOf, selectDigests } from './ledger-store';
import { inclusionPath, treeHasher, verifyInclusionPath, withNodes } from './merkle';
import { verifyStatementSignature } from './signing';

export type LedgerEventStatus =
  /** Under the latest signed digest, and the event as stored now leads to its root. */
  | 'intact'
  /** The ledger contradicts the stored event: changed after it was folded. */
  | 'altered'
  /** Not yet under a signed digest (digests are recorded at the job's interval). */
  | 'pending';

export interface LedgerEventVerdict {
  status: LedgerEventStatus;
  /** Why an event is `altered`. */
  problem?: 'content-changed' | 'not-under-root' | 'digest-invalid';
}

export interface LedgerVerdicts {
  /** The latest signed digest the events were checked against; undefined while there is none. */
  digest?: { digestId: string; treeSize: string; createdAt: string; keyId: string; signatureValid: boolean };
  /** By event id. */
  events: Map<string, LedgerEventVerdict>;
}

interface LeafRecord {
  leaf_index: string;
  event_id: string;
  leaf_hash: Buffer;
}

export async function ledgerVerdicts(knex: Knex, events: readonly RecordedEvent[]): Promise<LedgerVerdicts> {
  const h = treeHasher(LEDGER_HASH_ALGORITHM);
  const verdicts = new Map<string, LedgerEventVerdict>(events.map((e) => [e.id, { status: 'pending' }]));
  if (events.length === 0) return { events: verdicts };

  const [latest] = await selectDigests(knex, {});
  const rows = await knex.raw<{ rows: LeafRecord[] }>('SELECT leaf_index, event_id, leaf_hash FROM ledger_leaves WHERE event_id = ANY(?::uuid[])', [events.map((e) => e.id)]);
  const leaves = new Map(rows.rows.map((r) => [r.event_id, { leafIndex: BigInt(r.leaf_index), stored: r.leaf_hash }]));

  let signatureValid = false;
  if (latest) {
    const key = await publicKeyOf(knex, latest.keyId);
    const statement = {
      treeSize: latest.treeSize.toString(),
      root: latest.root.toString('hex'),
      lastPosition: latest.lastPosition.toString(),
      createdAt: latest.createdAt.toISOString(),
      hashAlgorithm: latest.hashAlgorithm,
      algorithm: latest.algorithm,
      keyId: latest.keyId,
    };
    signatureValid = !!key && verifyStatementSignature(statement, latest.signature, key.publicKeyPem);
  }

  const underDigest: { id: string; leafIndex: bigint; leafHash: Buffer }[] = [];
  for (const event of events) {
    const leaf = leaves.get(event.id);
    if (!leaf) continue;
    const recomputed = eventLeaf(event, h).leafHash;
    if (!recomputed.equals(leaf.stored)) {
      verdicts.set(event.id, { status: 'altered', problem: 'content-changed' });
      continue;
    }
    if (latest && leaf.leafIndex < latest.treeSize) underDigest.push({ id: event.id, leafIndex: leaf.leafIndex, leafHash: recomputed });
  }

  if (latest && underDigest.length > 0) {
    if (!signatureValid) {
      // A digest whose signature fails proves nothing either way, but it is itself a rewrite.
      for (const e of underDigest) verdicts.set(e.id, { status: 'altered', problem: 'digest-invalid' });
    } else {
      // Tree nodes deleted from the ledger's tables leave no path: the ledger cannot vouch then.
      const paths = await withNodes(
        (get) => underDigest.map((e) => inclusionPath(e.leafIndex, latest.treeSize, get, h)),
        (refs) => fetchNodes(knex, refs, h.nodeHash),
      ).catch((error: unknown) => {
        if (error instanceof Error && /^ledger node .* is missing$/.test(error.message)) return undefined;
        throw error;
      });
      underDigest.forEach((e, i) => {
        const path = paths?.[i];
        const holds = !!path && verifyInclusionPath(e.leafIndex, latest.treeSize, e.leafHash, path, latest.root, h);
        verdicts.set(e.id, holds ? { status: 'intact' } : { status: 'altered', problem: 'not-under-root' });
      });
    }
  }

  return {
    ...(latest
      ? { digest: { digestId: latest.digestId.toString(), treeSize: latest.treeSize.toString(), createdAt: latest.createdAt.toISOString(), keyId: latest.keyId, signatureValid } }
      : {}),
    events: verdicts,
  };
}
