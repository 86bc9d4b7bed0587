// RFC 6962 / RFC 9162 Merkle tree over the global log: Merkle Tree Hash, audit paths and
// consistency proofs for any tree size (not only powers of two), and their verification.
// Pure: no I/O. The hash function is a parameter so the structure is tested against the published
// RFC 6962 (SHA-256) vectors, while the ledger itself runs on SM3 (see hashing below).
//
// Indexes are bigint: a position-ordered log outgrows 2^31 leaves long before 2^53, and JavaScript's
// bitwise operators work on 32 bits only.
import { createHash } from 'node:crypto';

export type TreeHashAlgorithm = 'sm3' | 'sha256';

export interface TreeHasher {
  readonly algorithm: TreeHashAlgorithm;
  /** MTH({}) = HASH(): the root of the empty tree. */
  emptyRoot(): Buffer;
  /** HASH(0x00 || entry): the 0x00 prefix keeps a leaf from posing as an interior node. */
  leafHash(entry: Uint8Array): Buffer;
  /** HASH(0x01 || left || right). */
  nodeHash(left: Uint8Array, right: Uint8Array): Buffer;
}

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function treeHasher(algorithm: TreeHashAlgorithm): TreeHasher {
  const hash = (...parts: Uint8Array[]) => {
    const h = createHash(algorithm);
    for (const part of parts) h.update(part);
    return h.digest();
  };
  return {
    algorithm,
    emptyRoot: () => hash(),
    leafHash: (entry) => hash(LEAF_PREFIX, entry),
    nodeHash: (left, right) => hash(NODE_PREFIX, left, right),
  };
}

/**
 * The perfect subtree at `level` number `index`: the 2^level leaves starting at index * 2^level.
 * Every hash a proof needs is built from these; once complete, such a subtree never changes in an
 * append-only log, which is what lets the ledger store them once and never refold.
 */
export interface NodeRef {
  level: number;
  index: bigint;
}

/** Returns the hash of a perfect subtree (level 0: a leaf hash). */
export type NodeSource = (level: number, index: bigint) => Buffer;

export const nodeKey = (level: number, index: bigint) => `${level}:${index}`;

/** k of RFC 6962: the largest power of two strictly smaller than n (n >= 2). */
export function splitPoint(n: bigint): bigint {
  let k = 1n;
  while (k << 1n < n) k <<= 1n;
  return k;
}

const log2 = (powerOfTwo: bigint) => powerOfTwo.toString(2).length - 1;
const largestPowerAtMost = (n: bigint) => 1n << BigInt(n.toString(2).length - 1);

/**
 * MTH(D[start:end]) from perfect subtrees. Every range the RFC 6962 recursion visits starts at a
 * multiple of the largest power of two in its size, so its hash is the right fold of the perfect
 * subtrees of its size's binary decomposition: at most log2(n) lookups.
 */
export function rangeHash(start: bigint, end: bigint, get: NodeSource, h: TreeHasher): Buffer {
  if (end <= start) throw new RangeError(`empty range [${start}, ${end})`);
  const parts: Buffer[] = [];
  for (let at = start; at < end; ) {
    const size = largestPowerAtMost(end - at);
    if (at % size !== 0n) throw new RangeError(`range [${start}, ${end}) is not a subtree of an RFC 6962 tree`);
    parts.push(get(log2(size), at / size));
    at += size;
  }
  let acc = parts.pop()!;
  for (let part = parts.pop(); part; part = parts.pop()) acc = h.nodeHash(part, acc);
  return acc;
}

export function treeRoot(size: bigint, get: NodeSource, h: TreeHasher): Buffer {
  return size === 0n ? h.emptyRoot() : rangeHash(0n, size, get, h);
}

/** PATH(m, D[n]) of RFC 6962 §2.1.1, leaf-to-root order. */
export function inclusionPath(leafIndex: bigint, treeSize: bigint, get: NodeSource, h: TreeHasher): Buffer[] {
  if (leafIndex < 0n || leafIndex >= treeSize) throw new RangeError(`leaf ${leafIndex} is not in a tree of size ${treeSize}`);
  const siblings: Buffer[] = [];
  let start = 0n;
  let end = treeSize;
  while (end - start > 1n) {
    const k = splitPoint(end - start);
    if (leafIndex < start + k) {
      siblings.push(rangeHash(start + k, end, get, h));
      end = start + k;
    } else {
      siblings.push(rangeHash(start, start + k, get, h));
      start += k;
    }
  }
  return siblings.reverse();
}

/** PROOF(m, D[n]) of RFC 6962 §2.1.2: that the tree of size m is a prefix of the tree of size n. */
export function consistencyPath(first: bigint, second: bigint, get: NodeSource, h: TreeHasher): Buffer[] {
  if (first < 0n || first > second) throw new RangeError(`no consistency proof from size ${first} to ${second}`);
  if (first === 0n || first === second) return [];
  const proof: Buffer[] = [];
  let start = 0n;
  let end = second;
  let whole = true; // the `b` of SUBPROOF: the old tree is still a left part of the current subtree
  for (;;) {
    if (first - start === end - start) {
      if (!whole) proof.push(rangeHash(start, end, get, h));
      break;
    }
    const k = splitPoint(end - start);
    if (first - start <= k) {
      proof.push(rangeHash(start + k, end, get, h));
      end = start + k;
    } else {
      proof.push(rangeHash(start, start + k, get, h));
      start += k;
      whole = false;
    }
  }
  return proof.reverse();
}

const sameHash = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;
const odd = (n: bigint) => (n & 1n) === 1n;

/** RFC 9162 §2.1.3.2: does `path` lead from the leaf hash at `leafIndex` to `root`? */
export function verifyInclusionPath(leafIndex: bigint, treeSize: bigint, leafHash: Uint8Array, path: readonly Uint8Array[], root: Uint8Array, h: TreeHasher): boolean {
  if (leafIndex < 0n || leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1n;
  let r: Uint8Array = leafHash;
  for (const p of path) {
    if (sn === 0n) return false;
    if (odd(fn) || fn === sn) {
      r = h.nodeHash(p, r);
      while (!odd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      r = h.nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && sameHash(r, root);
}

/** RFC 9162 §2.1.4.2: is the tree of size `first` with root `firstRoot` a prefix of the one of size `second`? */
export function verifyConsistencyPath(first: bigint, second: bigint, firstRoot: Uint8Array, secondRoot: Uint8Array, proof: readonly Uint8Array[], h: TreeHasher): boolean {
  if (first < 1n || first > second) return false;
  if (first === second) return proof.length === 0 && sameHash(firstRoot, secondRoot);
  if (proof.length === 0) return false;
  const path = (first & (first - 1n)) === 0n ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1n;
  let sn = second - 1n;
  while (odd(fn)) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if (odd(fn) || fn === sn) {
      fr = h.nodeHash(c, fr);
      sr = h.nodeHash(c, sr);
      while (!odd(fn) && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = h.nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && sameHash(fr, firstRoot) && sameHash(sr, secondRoot);
}

/**
 * The right edge of a tree of `size` leaves: the perfect subtrees of its binary decomposition,
 * keyed by level. Appending a leaf merges equal levels like a binary counter's carry, and each
 * merge completes a perfect subtree that never changes again (the one thing the ledger stores).
 */
export interface Frontier {
  size: bigint;
  nodes: Map<number, Buffer>;
}

/** The perfect subtrees a frontier of `size` consists of. */
export function frontierRefs(size: bigint): NodeRef[] {
  const refs: NodeRef[] = [];
  for (let level = 0; size >> BigInt(level) > 0n; level++) {
    if (odd(size >> BigInt(level))) refs.push({ level, index: (size >> BigInt(level)) - 1n });
  }
  return refs;
}

/** Appends one leaf; calls `completed` for every perfect subtree above level 0 the leaf completes. */
export function appendToFrontier(frontier: Frontier, leafHash: Buffer, h: TreeHasher, completed: (level: number, index: bigint, hash: Buffer) => void): void {
  let node = leafHash;
  let level = 0;
  let index = frontier.size;
  while (odd(index)) {
    const left = frontier.nodes.get(level);
    if (!left) throw new Error(`frontier of size ${frontier.size} lacks level ${level}`);
    frontier.nodes.delete(level);
    node = h.nodeHash(left, node);
    level += 1;
    index >>= 1n;
    completed(level, index, node);
  }
  frontier.nodes.set(level, node);
  frontier.size += 1n;
}

export function frontierRoot(frontier: Frontier, h: TreeHasher): Buffer {
  return treeRoot(frontier.size, (level) => {
    const node = frontier.nodes.get(level);
    if (!node) throw new Error(`frontier of size ${frontier.size} lacks level ${level}`);
    return node;
  }, h);
}

/**
 * Runs a computation twice: first with placeholder hashes to learn which perfect subtrees it reads
 * (none of the functions above branch on hash values), then with those subtrees fetched in one go.
 * This is how a proof over millions of leaves costs one or two indexed queries.
 */
export async function withNodes<T>(compute: (get: NodeSource) => T, fetch: (refs: NodeRef[]) => Promise<Map<string, Buffer>>): Promise<T> {
  const wanted = new Map<string, NodeRef>();
  const placeholder = Buffer.alloc(32);
  compute((level, index) => {
    wanted.set(nodeKey(level, index), { level, index });
    return placeholder;
  });
  const nodes = await fetch([...wanted.values()]);
  return compute((level, index) => {
    const node = nodes.get(nodeKey(level, index));
    if (!node) throw new Error(`ledger node ${nodeKey(level, index)} is missing`);
    return node;
  });
}

/** MTH(D[n]) straight from RFC 6962's recursive definition: the independent reference for tests. */
export function referenceRoot(leafHashes: readonly Buffer[], h: TreeHasher): Buffer {
  if (leafHashes.length === 0) return h.emptyRoot();
  if (leafHashes.length === 1) return leafHashes[0]!;
  const k = Number(splitPoint(BigInt(leafHashes.length)));
  return h.nodeHash(referenceRoot(leafHashes.slice(0, k), h), referenceRoot(leafHashes.slice(k), h));
}

/** A NodeSource over leaf hashes held in memory (tests, and the offline full fold). */
export function memoryNodeSource(leafHashes: readonly Buffer[], h: TreeHasher): NodeSource {
  const memo = new Map<string, Buffer>();
  const get: NodeSource = (level, index) => {
    if (level === 0) {
      const leaf = leafHashes[Number(index)];
      if (!leaf) throw new RangeError(`no leaf ${index}`);
      return leaf;
    }
    const key = nodeKey(level, index);
    let node = memo.get(key);
    if (!node) {
      node = h.nodeHash(get(level - 1, index * 2n), get(level - 1, index * 2n + 1n));
      memo.set(key, node);
    }
    return node;
  };
  return get;
}
