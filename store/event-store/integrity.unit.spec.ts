// The hash input must be RFC 8785 text: checked against `canonicalize`, an implementation of the
// RFC by one of its authors, on the values events carry and on random ones.
import { describe, expect, it } from '@jest/globals';
import canonicalize from 'canonicalize';
import { canonicalJson, computeEventHash, GENESIS_HASH } from './integrity';

const samples: unknown[] = [
  { b: 1, a: [1, 'x', { d: 2, c: null }] },
  { '€': 1, 'é': 2, '\u0080': 3, a: 4, A: 5, '😀': 6, 'ﬀ': 7 },
  { n: [0, -0, 1.5, 1e21, 1e-7, 123456789012345680000, 0.1 + 0.2, -1e-300, Number.MAX_SAFE_INTEGER] },
  { s: 'line\nbreak "quoted" \\ tab\t \u0000 \u001f \u2028 \u2029 中文 😀' },
  { nested: { deeper: { deepest: [[], {}, [{}], { x: [true, false, null] }] } } },
  { name: '贵阳市南明区阳光职业技能培训学校', hours: 120, level: '4', scope: '' },
];

function random(depth: number, seed: { v: number }): unknown {
  const next = () => (seed.v = (seed.v * 1103515245 + 12345) % 2147483648) / 2147483648;
  const r = next();
  if (depth > 3 || r < 0.3) {
    const k = next();
    if (k < 0.2) return Math.round(next() * 1e6) / (next() < 0.5 ? 1 : 1000);
    if (k < 0.4) return String.fromCharCode(...Array.from({ length: Math.floor(next() * 6) }, () => Math.floor(next() * 0x9fff)));
    if (k < 0.6) return next() < 0.5;
    if (k < 0.7) return null;
    return `字${Math.floor(next() * 1000)}`;
  }
  if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => random(depth + 1, seed));
  return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [String.fromCharCode(0x41 + Math.floor(next() * 0x5000)), random(depth + 1, seed)]));
}

describe('canonical JSON (RFC 8785)', () => {
  it('matches the reference implementation on every sample', () => {
    for (const sample of samples) expect(canonicalJson(sample)).toBe(canonicalize(sample));
  });

  it('matches the reference implementation on 2,000 random values', () => {
    const seed = { v: 42 };
    for (let i = 0; i < 2000; i++) {
      const value = random(0, seed);
      expect(canonicalJson(value)).toBe(canonicalize(value));
    }
  });

  it('refuses values JSON cannot carry rather than hashing something else; drops undefined as storing does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe(canonicalize({ a: undefined, b: 1 }));
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson({ a: () => 1 })).toThrow();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalJson(cycle)).toThrow();
  });

  it('hashes with SM3: a fixed event has a fixed hash', () => {
    const hash = computeEventHash({
      streamId: 'occupation-1',
      revision: 0,
      type: 'OccupationDeclared',
      data: { name: '电工' },
      metadata: { actorId: 'a', actorRole: 'r', actorOrgId: null, commandId: 'c', correlationId: 'c', causationId: 'c', occurredAt: '2026-11-25T00:00:00.000Z', schemaVersion: 1, ip: null },
      prevHash: GENESIS_HASH,
    });
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(
      computeEventHash({
        streamId: 'occupation-1',
        revision: 0,
        type: 'OccupationDeclared',
        data: { name: '电工' },
        metadata: { ip: null, schemaVersion: 1, occurredAt: '2026-11-25T00:00:00.000Z', causationId: 'c', correlationId: 'c', commandId: 'c', actorOrgId: null, actorRole: 'r', actorId: 'a' },
        prevHash: GENESIS_HASH,
      }),
    );
  });
});
