// From a clear personal-data value to the three read-model columns that replace it (DESIGN.md §4):
//   <column>_cipher  SM4 ciphertext, read back only through an audited unmask
//   <column>_bidx    blind index, for exact-match lookups
//   <column>_masked  what every list and detail view shows (520102********1234)
// A projector calls protect() with the value from the event; nothing else in a read model holds it.
import { maskPersonalData, normalizePersonalData, type PersonalDataKind } from '../../domain/personal-data/personal-data-kind';
import type { ProtectedValue } from '../../domain/personal-data/protected-value';
import { BlindIndex } from './blind-index';
import { PiiCipher } from './pii-cipher';
import type { PiiKeys } from './pii-keys';

export type { ProtectedValue };

export interface PersonalDataProtector {
  /** The column values of a clear value (normalised first). */
  protect(kind: PersonalDataKind, clear: string): ProtectedValue;
  /** The clear value of a `_cipher` column. Call only after appending PersonalDataViewed. */
  reveal(kind: PersonalDataKind, cipher: string): string;
  /** Blind indexes to search for (current and previous keys): `WHERE <column>_bidx = ANY(?)`. */
  lookup(kind: PersonalDataKind, clear: string): string[];
  /** True when the value should be rewritten with the current keys (after a rotation). */
  isStale(value: Pick<ProtectedValue, 'cipher' | 'blindIndex'>): boolean;
}

export function createPersonalDataProtector(keys: PiiKeys): PersonalDataProtector {
  const cipher = new PiiCipher(keys.encryption);
  const index = new BlindIndex(keys.blindIndex);
  return {
    protect(kind, clear) {
      const value = normalizePersonalData(kind, clear);
      if (value === '') throw new Error(`protect(${kind}): empty value; store null columns instead`);
      // The kind is the ciphertext's context: an ID-number ciphertext pasted into a phone column fails.
      return { cipher: cipher.encrypt(value, kind), blindIndex: index.of(kind, value), masked: maskPersonalData(kind, value) };
    },
    reveal: (kind, token) => cipher.decrypt(token, kind),
    lookup: (kind, clear) => index.candidates(kind, clear),
    isStale: (value) => cipher.needsReencryption(value.cipher) || index.isStale(value.blindIndex),
  };
}

/**
 * The columns of one protected field for a knex insert/update, e.g.
 * `protectedColumns('id_number', protector.protect('idNumber', data.idNumber))`
 * -> `{ id_number_cipher, id_number_bidx, id_number_masked }`. Null (no value) clears all three.
 */
export function protectedColumns<Column extends string>(
  column: Column,
  value: ProtectedValue | null,
): Record<`${Column}_cipher` | `${Column}_bidx` | `${Column}_masked`, string | null> {
  return {
    [`${column}_cipher`]: value?.cipher ?? null,
    [`${column}_bidx`]: value?.blindIndex ?? null,
    [`${column}_masked`]: value?.masked ?? null,
  } as Record<`${Column}_cipher` | `${Column}_bidx` | `${Column}_masked`, string | null>;
}
