/**
 * A personal-data value as events and read models carry it: SM4 ciphertext, blind index for
 * exact-match lookups, and the masked form every view shows. The clear value exists only in the
 * request that entered it and in an audited unmask.
 */
export interface ProtectedValue {
  cipher: string;
  blindIndex: string;
  masked: string;
}
