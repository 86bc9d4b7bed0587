// Encryption of personal-data fields in read models (DESIGN.md §4) with SM4 (GB/T 32907).
//
// Node 20's OpenSSL offers SM4 only in ECB, CBC, CFB, OFB and CTR (no sm4-gcm / sm4-ccm: checked
// with crypto.getCiphers()), so integrity is added the classic way: SM4-CBC with a random IV, then
// HMAC-SM3 over everything (encrypt-then-MAC). The MAC is verified, in constant time, before any
// decryption, so a changed byte is refused and CBC padding errors can never be observed (no padding
// oracle). CBC rather than CTR because its padding hides a value's exact length (a 16-digit card and
// a 19-digit card both take two blocks).
//
// Encryption and MAC keys are derived from the configured 128-bit key (HMAC-SM3 with distinct
// labels), so one configured key never serves two algorithms.
//
// A ciphertext is one string: `pii1.<keyId>.<base64url(iv | ciphertext | tag)>`. `pii1` names this
// format; keyId names the key (loadPiiKeys' previous keys stay readable during a rotation, and
// needsReencryption tells which values to rewrite). The MAC also covers the format, key id and an
// optional context string (the field kind), so a value cannot be moved to another field or key.
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { keyId, type PiiKeyRing } from './pii-keys';

export { loadPiiKeys, type PiiKeys } from './pii-keys';

const FORMAT = 'pii1';
const IV_BYTES = 16;
const TAG_BYTES = 32;

/** Decryption refused: tampered value, unknown key, wrong context or not a ciphertext. Never shown to users as such. */
export class PiiDecryptionError extends Error {
  constructor(reason: string) {
    super(`personal data cannot be decrypted: ${reason}`);
    this.name = 'PiiDecryptionError';
  }
}

interface DerivedKey {
  id: string;
  encryption: KeyObject;
  mac: KeyObject;
}

const derive = (master: KeyObject, label: string, bytes: number) =>
  createSecretKey(createHmac('sm3', master).update(`gz-skills-registry/pii/v1/${label}`).digest().subarray(0, bytes));

function deriveKey(master: KeyObject): DerivedKey {
  return { id: keyId(master), encryption: derive(master, 'sm4-cbc', 16), mac: derive(master, 'hmac-sm3', 32) };
}

function tag(key: DerivedKey, context: string, iv: Buffer, ciphertext: Buffer): Buffer {
  const contextBytes = Buffer.from(context, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(contextBytes.length);
  // Length-prefixed context: "ab"+"c" and "a"+"bc" must not authenticate the same bytes.
  return createHmac('sm3', key.mac).update(`${FORMAT}.${key.id}.`).update(length).update(contextBytes).update(iv).update(ciphertext).digest();
}

export class PiiCipher {
  private readonly current: DerivedKey;
  private readonly byId: Map<string, DerivedKey>;

  constructor(keys: PiiKeyRing) {
    this.current = deriveKey(keys.current);
    this.byId = new Map([this.current, ...keys.previous.map(deriveKey)].map((k) => [k.id, k]));
  }

  /** Encrypts with the current key and a fresh random IV: the same value never gives the same string. */
  encrypt(clear: string, context = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('sm4-cbc', this.current.encryption, iv);
    const ciphertext = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
    const body = Buffer.concat([iv, ciphertext, tag(this.current, context, iv, ciphertext)]);
    return `${FORMAT}.${this.current.id}.${body.toString('base64url')}`;
  }

  /** Decrypts a value written by encrypt with the same context; throws PiiDecryptionError otherwise. */
  decrypt(token: string, context = ''): string {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== FORMAT) throw new PiiDecryptionError('not a pii1 ciphertext');
    const key = this.byId.get(parts[1]!);
    if (!key) throw new PiiDecryptionError(`unknown key id ${parts[1]}`);
    const body = Buffer.from(parts[2]!, 'base64url');
    // At least one cipher block; whole blocks only (base64url decoding skips junk, so check sizes).
    const ciphertextLength = body.length - IV_BYTES - TAG_BYTES;
    if (ciphertextLength < 16 || ciphertextLength % 16 !== 0 || body.toString('base64url') !== parts[2]) throw new PiiDecryptionError('malformed ciphertext');
    const iv = body.subarray(0, IV_BYTES);
    const ciphertext = body.subarray(IV_BYTES, IV_BYTES + ciphertextLength);
    const expected = tag(key, context, iv, ciphertext);
    if (!timingSafeEqual(expected, body.subarray(IV_BYTES + ciphertextLength))) throw new PiiDecryptionError('integrity check failed');
    const decipher = createDecipheriv('sm4-cbc', key.encryption, iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  }

  /** True for a value written with a key other than the current one (to rewrite during a rotation). */
  needsReencryption(token: string): boolean {
    return token.split('.')[1] !== this.current.id;
  }
}
