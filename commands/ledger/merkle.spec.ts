// The tree against the published RFC 6962 vectors (SHA-256, from Certificate Transparency's
// reference tests), then self-consistency with SM3 for every tree size 1..70.
import { describe, expect, it } from '@jest/globals';
import {
  appendToFrontier,
  consistencyPath,
  frontierRoot,
  inclusionPath,
  memoryNodeSource,
  referenceRoot,
  treeHasher,
  treeRoot,
  verifyConsistencyPath,
  verifyInclusionPath,
  type Frontier,
} from './merkle';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => Buffer.from(s, 'hex');

describe('RFC 6962 vectors (SHA-256)', () => {
  const h = treeHasher('sha256');
  const entries = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex);
  const leaves = entries.map((e) => h.leafHash(e));
  const roots = [
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];
  const get = memoryNodeSource(leaves, h);

  it('gives the published root for every size 0..8, by definition, from perfect subtrees and from the frontier', () => {
    const frontier: Frontier = { size: 0n, nodes: new Map() };
    expect(hex(frontierRoot(frontier, h))).toBe(roots[0]);
    for (let n = 0; n <= 8; n++) {
      expect(hex(referenceRoot(leaves.slice(0, n), h))).toBe(roots[n]);
      expect(hex(treeRoot(BigInt(n), get, h))).toBe(roots[n]);
      if (n > 0) {
        appendToFrontier(frontier, leaves[n - 1]!, h, () => undefined);
        expect(hex(frontierRoot(frontier, h))).toBe(roots[n]);
      }
    }
  });

  it('gives the published audit paths', () => {
    const vectors = [
      { index: 0n, size: 8n, path: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
      { index: 5n, size: 8n, path: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
      { index: 2n, size: 3n, path: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
      { index: 1n, size: 5n, path: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
    ];
    for (const v of vectors) {
      expect(inclusionPath(v.index, v.size, get, h).map(hex)).toEqual(v.path);
      expect(verifyInclusionPath(v.index, v.size, leaves[Number(v.index)]!, v.path.map(unhex), unhex(roots[Number(v.size)]!), h)).toBe(true);
    }
  });

  it('gives the published consistency proofs', () => {
    const vectors = [
      { first: 1n, second: 8n, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
      { first: 6n, second: 8n, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
      { first: 2n, second: 5n, proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
    ];
    for (const v of vectors) {
      expect(consistencyPath(v.first, v.second, get, h).map(hex)).toEqual(v.proof);
      expect(verifyConsistencyPath(v.first, v.second, unhex(roots[Number(v.first)]!), unhex(roots[Number(v.second)]!), v.proof.map(unhex), h)).toBe(true);
    }
  });

  it('keeps a leaf from posing as a node (domain separation)', () => {
    // Without the prefixes, the two leaves' hashes concatenated would be a valid one-leaf "tree".
    const forged = h.leafHash(Buffer.concat([leaves[0]!, leaves[1]!]));
    expect(hex(forged)).not.toBe(roots[2]);
    expect(hex(h.nodeHash(leaves[0]!, leaves[1]!))).toBe(roots[2]);
  });
});

describe('SM3 tree, every size 1..70', () => {
  const h = treeHasher('sm3');
  const N = 70;
  const leaves = Array.from({ length: N }, (_, i) => h.leafHash(Buffer.from(`event-${i}`)));
  const get = memoryNodeSource(leaves, h);
  const roots = Array.from({ length: N + 1 }, (_, n) => referenceRoot(leaves.slice(0, n), h));

  it('computes the same root by definition, from perfect subtrees and incrementally', () => {
    const frontier: Frontier = { size: 0n, nodes: new Map() };
    const completed = new Map<string, Buffer>();
    for (let n = 1; n <= N; n++) {
      appendToFrontier(frontier, leaves[n - 1]!, h, (level, index, hash) => completed.set(`${level}:${index}`, hash));
      expect(hex(treeRoot(BigInt(n), get, h))).toBe(hex(roots[n]!));
      expect(hex(frontierRoot(frontier, h))).toBe(hex(roots[n]!));
    }
    // Every perfect subtree the frontier reported is the one the definition gives.
    for (const [key, hash] of completed) {
      const [level, index] = key.split(':').map(Number) as [number, number];
      expect(hex(hash)).toBe(hex(get(level, BigInt(index))));
    }
  });

  it("verifies every leaf's proof in every tree, and rejects a wrong leaf, index, size, root or path", () => {
    let checked = 0;
    for (let n = 1; n <= N; n++) {
      const size = BigInt(n);
      const root = roots[n]!;
      for (let m = 0; m < n; m++) {
        const index = BigInt(m);
        const path = inclusionPath(index, size, get, h);
        expect(verifyInclusionPath(index, size, leaves[m]!, path, root, h)).toBe(true);
        expect(verifyInclusionPath(index, size, leaves[(m + 1) % N]!, path, root, h)).toBe(false);
        if (n > 1) expect(verifyInclusionPath(BigInt((m + 1) % n), size, leaves[m]!, path, root, h)).toBe(false);
        if (n < N) expect(verifyInclusionPath(index, size + 1n, leaves[m]!, path, roots[n + 1]!, h)).toBe(false);
        expect(verifyInclusionPath(index, size, leaves[m]!, path, roots[n - 1]!, h)).toBe(false);
        expect(verifyInclusionPath(index, size, leaves[m]!, [...path, leaves[0]!], root, h)).toBe(false);
        if (path.length > 0) {
          expect(verifyInclusionPath(index, size, leaves[m]!, path.slice(0, -1), root, h)).toBe(false);
          const flipped = path.map((p) => Buffer.from(p));
          flipped[0]![0]! ^= 1;
          expect(verifyInclusionPath(index, size, leaves[m]!, flipped, root, h)).toBe(false);
        }
        checked++;
      }
    }
    expect(checked).toBe((N * (N + 1)) / 2);
  });

  it('proves every smaller tree a prefix of every larger one, and nothing else', () => {
    for (let second = 1; second <= N; second++) {
      for (let first = 1; first <= second; first++) {
        const proof = consistencyPath(BigInt(first), BigInt(second), get, h);
        expect(verifyConsistencyPath(BigInt(first), BigInt(second), roots[first]!, roots[second]!, proof, h)).toBe(true);
        if (first < second) {
          // A different older tree (one leaf changed) is not a prefix of the newer one.
          const altered = referenceRoot([h.leafHash(Buffer.from('rewritten')), ...leaves.slice(1, first)], h);
          expect(verifyConsistencyPath(BigInt(first), BigInt(second), altered, roots[second]!, proof, h)).toBe(false);
          expect(verifyConsistencyPath(BigInt(first), BigInt(second), roots[first]!, roots[second - 1]!, proof, h)).toBe(false);
        }
      }
    }
  });

  it('refuses impossible requests', () => {
    expect(() => inclusionPath(5n, 5n, get, h)).toThrow(RangeError);
    expect(() => consistencyPath(6n, 5n, get, h)).toThrow(RangeError);
    expect(verifyInclusionPath(-1n, 5n, leaves[0]!, [], roots[5]!, h)).toBe(false);
    expect(verifyConsistencyPath(0n, 5n, roots[0]!, roots[5]!, [], h)).toBe(false);
  });
});
