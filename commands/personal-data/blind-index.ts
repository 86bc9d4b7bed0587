// Blind index: exact-match lookup of an encrypted field ("find the trainee with this ID number")
// without decrypting any row. The read model stores HMAC-SM3(index key, kind, normalised value)
// next to the ciphertext; a lookup computes the same from the searched value and compares. Without
// the index key the column reveals nothing but equality; with it, a 10^8-sized space such as ID
// numbers of one county and birth year can be enumerated, so the index key is as secret as the
// encryption key (and separate from it: see pii-keys.ts).
//
// Node 20 supports HMAC with SM3 (createHmac('sm3', ...), checked), so no SHA-256 fallback is needed.
// Values are normalised first by the domain's one normalisation per kind, so "5201...x" and
// "5201...X", or "138 0013 8000" and "+8613800138000", find the same row. The kind is part of the
// input, so equal strings of different kinds (there are none today, but) never share an index.
import { createHmac, type KeyObject } from 'node:crypto';
import { normalizePersonalData, type PersonalDataKind } from '../../domain/personal-data/personal-data-kind';
import { keyId, type PiiKeyRing } from './pii-keys';

const FORMAT = 'bi1';

function compute(key: KeyObject, id: string, kind: PersonalDataKind, value: string): string {
  const mac = createHmac('sm3', key).update(`gz-skills-registry/blind-index/v1\u0000${kind}\u0000`).update(normalizePersonalData(kind, value), 'utf8');
  return `${FORMAT}.${id}.${mac.digest('base64url')}`;
}

export class BlindIndex {
  private readonly keys: { key: KeyObject; id: string }[];

  constructor(ring: PiiKeyRing) {
    this.keys = [ring.current, ...ring.previous].map((key) => ({ key, id: keyId(key) }));
  }

  /** The index to store with a value (current key). */
  of(kind: PersonalDataKind, value: string): string {
    const current = this.keys[0]!;
    return compute(current.key, current.id, kind, value);
  }

  /**
   * The indexes to look for: the current key's first, then those of previous keys, so rows not yet
   * rewritten after a key rotation are still found. Use with `WHERE column = ANY(?)`.
   */
  candidates(kind: PersonalDataKind, value: string): string[] {
    return this.keys.map(({ key, id }) => compute(key, id, kind, value));
  }

  /** True for an index computed with a key other than the current one. */
  isStale(index: string): boolean {
    return index.split('.')[1] !== this.keys[0]!.id;
  }
}
