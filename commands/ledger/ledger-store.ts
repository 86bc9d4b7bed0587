// SQL for the ledger's tables (store/migrations/ledger.ts). bigint columns travel as decimal strings.
import type { Knex } from 'knex';
import { nodeKey, type NodeRef } from './merkle';

type Db = Knex | Knex.Transaction;

/** Perfect subtrees from this level up are stored; lower ones are rebuilt from at most 8 leaves. */
export const STORED_NODE_MIN_LEVEL = 4;

export interface LeafRow {
  leafIndex: bigint;
  position: bigint;
  eventId: string;
  leafHash: Buffer;
}

export interface DigestRow {
  digestId: bigint;
  treeSize: bigint;
  root: Buffer;
  lastPosition: bigint;
  createdAt: Date;
  hashAlgorithm: string;
  algorithm: string;
  keyId: string;
  signature: Buffer;
}

export interface LedgerTail {
  /** Number of leaves (the next leaf's index). */
  size: bigint;
  /** Position of the last folded event; undefined while the ledger is empty. */
  lastPosition: bigint | undefined;
}

export async function ledgerTail(db: Db): Promise<LedgerTail> {
  const rows = await db.raw<{ rows: { leaf_index: string; position: string }[] }>('SELECT leaf_index, position FROM ledger_leaves ORDER BY leaf_index DESC LIMIT 1');
  const last = rows.rows[0];
  return last ? { size: BigInt(last.leaf_index) + 1n, lastPosition: BigInt(last.position) } : { size: 0n, lastPosition: undefined };
}

export async function insertLeaves(trx: Knex.Transaction, leaves: readonly LeafRow[]): Promise<void> {
  if (leaves.length === 0) return;
  await trx.raw('INSERT INTO ledger_leaves (leaf_index, position, event_id, leaf_hash) SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::uuid[], ?::bytea[])', [
    leaves.map((l) => l.leafIndex.toString()),
    leaves.map((l) => l.position.toString()),
    leaves.map((l) => l.eventId),
    leaves.map((l) => l.leafHash),
  ]);
}

export async function insertNodes(trx: Knex.Transaction, nodes: readonly (NodeRef & { hash: Buffer })[]): Promise<void> {
  if (nodes.length === 0) return;
  await trx.raw('INSERT INTO ledger_nodes (level, node_index, hash) SELECT * FROM unnest(?::smallint[], ?::bigint[], ?::bytea[])', [
    nodes.map((n) => n.level),
    nodes.map((n) => n.index.toString()),
    nodes.map((n) => n.hash),
  ]);
}

/** The hashes of the given perfect subtrees, keyed by nodeKey: one query for stored nodes, one for leaves. */
export async function fetchNodes(db: Db, refs: readonly NodeRef[], hashNodes: (left: Buffer, right: Buffer) => Buffer): Promise<Map<string, Buffer>> {
  const result = new Map<string, Buffer>();
  const stored = refs.filter((r) => r.level >= STORED_NODE_MIN_LEVEL);
  const low = refs.filter((r) => r.level < STORED_NODE_MIN_LEVEL);
  if (stored.length > 0) {
    const rows = await db.raw<{ rows: { level: number; node_index: string; hash: Buffer }[] }>(
      'SELECT n.level, n.node_index, n.hash FROM ledger_nodes n JOIN unnest(?::smallint[], ?::bigint[]) AS w(level, node_index) USING (level, node_index)',
      [stored.map((r) => r.level), stored.map((r) => r.index.toString())],
    );
    for (const row of rows.rows) result.set(nodeKey(row.level, BigInt(row.node_index)), row.hash);
  }
  if (low.length > 0) {
    const indexes = new Set<string>();
    for (const r of low) {
      const width = 1n << BigInt(r.level);
      for (let i = r.index * width; i < (r.index + 1n) * width; i++) indexes.add(i.toString());
    }
    const rows = await db.raw<{ rows: { leaf_index: string; leaf_hash: Buffer }[] }>('SELECT leaf_index, leaf_hash FROM ledger_leaves WHERE leaf_index = ANY(?::bigint[])', [[...indexes]]);
    const leaves = new Map(rows.rows.map((row) => [BigInt(row.leaf_index), row.leaf_hash]));
    const perfect = (level: number, index: bigint): Buffer | undefined => {
      if (level === 0) return leaves.get(index);
      const left = perfect(level - 1, index * 2n);
      const right = perfect(level - 1, index * 2n + 1n);
      return left && right ? hashNodes(left, right) : undefined;
    };
    for (const r of low) {
      const hash = perfect(r.level, r.index);
      if (hash) result.set(nodeKey(r.level, r.index), hash);
    }
  }
  return result;
}

const toLeaf = (row: { leaf_index: string; position: string; event_id: string; leaf_hash: Buffer }): LeafRow => ({
  leafIndex: BigInt(row.leaf_index),
  position: BigInt(row.position),
  eventId: row.event_id,
  leafHash: row.leaf_hash,
});

/**
 * A leaf, with the position of the event before it: reading the log right after that position
 * finds the leaf's event in any adapter (EventStoreDB cannot start a read at an arbitrary number).
 */
export async function findLeaf(db: Db, by: { eventId: string } | { position: bigint }): Promise<(LeafRow & { previousPosition: bigint | undefined }) | undefined> {
  const [column, value] = 'eventId' in by ? ['event_id', by.eventId] : ['position', by.position.toString()];
  const rows = await db.raw<{ rows: { leaf_index: string; position: string; event_id: string; leaf_hash: Buffer; previous_position: string | null }[] }>(
    `SELECT l.leaf_index, l.position, l.event_id, l.leaf_hash,
            (SELECT p.position FROM ledger_leaves p WHERE p.leaf_index = l.leaf_index - 1) AS previous_position
     FROM ledger_leaves l WHERE l.${column} = ?`,
    [value],
  );
  const row = rows.rows[0];
  return row && { ...toLeaf(row), previousPosition: row.previous_position === null ? undefined : BigInt(row.previous_position) };
}

interface DigestRecord {
  digest_id: string;
  tree_size: string;
  root: Buffer;
  last_position: string;
  created_at: Date;
  hash_algorithm: string;
  algorithm: string;
  key_id: string;
  signature: Buffer;
}

const toDigest = (r: DigestRecord): DigestRow => ({
  digestId: BigInt(r.digest_id),
  treeSize: BigInt(r.tree_size),
  root: r.root,
  lastPosition: BigInt(r.last_position),
  createdAt: r.created_at,
  hashAlgorithm: r.hash_algorithm,
  algorithm: r.algorithm,
  keyId: r.key_id,
  signature: r.signature,
});

export async function insertDigest(trx: Knex.Transaction, d: Omit<DigestRow, 'digestId'>): Promise<DigestRow> {
  const rows = await trx.raw<{ rows: DigestRecord[] }>(
    `INSERT INTO ledger_digests (tree_size, root, last_position, created_at, hash_algorithm, algorithm, key_id, signature)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    [d.treeSize.toString(), d.root, d.lastPosition.toString(), d.createdAt, d.hashAlgorithm, d.algorithm, d.keyId, d.signature],
  );
  return toDigest(rows.rows[0]!);
}

export async function selectDigests(db: Db, where: { digestId?: bigint; treeSize?: bigint }, limit = 1, offset = 0): Promise<DigestRow[]> {
  const conditions: string[] = [];
  const values: string[] = [];
  if (where.digestId !== undefined) {
    conditions.push('digest_id = ?');
    values.push(where.digestId.toString());
  }
  if (where.treeSize !== undefined) {
    conditions.push('tree_size = ?');
    values.push(where.treeSize.toString());
  }
  const rows = await db.raw<{ rows: DigestRecord[] }>(
    `SELECT * FROM ledger_digests ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY digest_id DESC LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
    values,
  );
  return rows.rows.map(toDigest);
}

export async function countDigests(db: Db): Promise<number> {
  const rows = await db.raw<{ rows: { n: string }[] }>('SELECT count(*) AS n FROM ledger_digests');
  return Number(rows.rows[0]?.n ?? 0);
}

/** Records a signing key the first time it signs; returns the public key already bound to the id. */
export async function bindKey(trx: Knex.Transaction, keyId: string, algorithm: string, publicKeyPem: string): Promise<string> {
  await trx.raw('INSERT INTO ledger_keys (key_id, algorithm, public_key) VALUES (?, ?, ?) ON CONFLICT (key_id) DO NOTHING', [keyId, algorithm, publicKeyPem]);
  const bound = await publicKeyOf(trx, keyId);
  return bound!.publicKeyPem;
}

export async function publicKeyOf(db: Db, keyId: string): Promise<{ algorithm: string; publicKeyPem: string } | undefined> {
  const rows = await db.raw<{ rows: { algorithm: string; public_key: string }[] }>('SELECT algorithm, public_key FROM ledger_keys WHERE key_id = ?', [keyId]);
  const row = rows.rows[0];
  return row && { algorithm: row.algorithm, publicKeyPem: row.public_key };
}
