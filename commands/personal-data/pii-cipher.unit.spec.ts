import { describe, expect, it } from '@jest/globals';
import { createSecretKey, randomBytes } from 'node:crypto';
import { PiiCipher, PiiDecryptionError } from './pii-cipher';

const newKey = () => createSecretKey(randomBytes(16));
const cipherWith = (current = newKey(), previous = [] as ReturnType<typeof newKey>[]) => new PiiCipher({ current, previous });

/** The token with one bit of its binary body flipped at `offset`. */
function flip(token: string, offset: number): string {
  const [format, kid, body] = token.split('.') as [string, string, string];
  const bytes = Buffer.from(body, 'base64url');
  bytes[offset] = bytes[offset]! ^ 0x01;
  return `${format}.${kid}.${bytes.toString('base64url')}`;
}

describe('PiiCipher (SM4-CBC + HMAC-SM3, encrypt-then-MAC)', () => {
  it('round-trips ASCII and Chinese text', () => {
    const cipher = cipherWith();
    for (const clear of ['520102199003071234', '13800138000', '0851-85551234-801', '贵阳市南明区', '']) {
      expect(cipher.decrypt(cipher.encrypt(clear))).toBe(clear);
    }
  });

  it('writes one string with format and key id', () => {
    expect(cipherWith().encrypt('11010519491231002X')).toMatch(/^pii1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/);
  });

  it('uses a fresh IV each time: equal values give different ciphertexts', () => {
    const cipher = cipherWith();
    const tokens = new Set(Array.from({ length: 50 }, () => cipher.encrypt('11010519491231002X')));
    expect(tokens.size).toBe(50);
    const ivs = new Set([...tokens].map((t) => Buffer.from(t.split('.')[2]!, 'base64url').subarray(0, 16).toString('hex')));
    expect(ivs.size).toBe(50);
  });

  it('refuses a token with any byte changed: IV, ciphertext or tag', () => {
    const cipher = cipherWith();
    const token = cipher.encrypt('11010519491231002X');
    const length = Buffer.from(token.split('.')[2]!, 'base64url').length;
    for (const offset of [0, 15, 16, 20, length - 33, length - 32, length - 1]) {
      expect(() => cipher.decrypt(flip(token, offset))).toThrow(PiiDecryptionError);
    }
    expect(() => cipher.decrypt(token.slice(0, -4))).toThrow(PiiDecryptionError);
    expect(() => cipher.decrypt('11010519491231002X')).toThrow(PiiDecryptionError);
  });

  it('fails with the wrong key, and with a forged key id', () => {
    const a = cipherWith();
    const b = cipherWith();
    const token = a.encrypt('11010519491231002X');
    expect(() => b.decrypt(token)).toThrow(/unknown key id/);
    const bKid = b.encrypt('x').split('.')[1]!;
    const forged = token.replace(/^pii1\.[0-9a-f]{8}\./, `pii1.${bKid}.`);
    expect(() => b.decrypt(forged)).toThrow(/integrity check failed/);
  });

  it('binds the ciphertext to its context (the field kind)', () => {
    const cipher = cipherWith();
    const token = cipher.encrypt('13800138000', 'phone');
    expect(cipher.decrypt(token, 'phone')).toBe('13800138000');
    expect(() => cipher.decrypt(token, 'idNumber')).toThrow(/integrity check failed/);
    expect(() => cipher.decrypt(token)).toThrow(PiiDecryptionError);
  });

  it('reads values of previous keys during a rotation and says which to rewrite', () => {
    const oldKey = newKey();
    const before = cipherWith(oldKey);
    const after = cipherWith(newKey(), [oldKey]);
    const old = before.encrypt('6222020200112233445');
    expect(after.decrypt(old)).toBe('6222020200112233445');
    expect(after.needsReencryption(old)).toBe(true);
    expect(after.needsReencryption(after.encrypt('6222020200112233445'))).toBe(false);
  });

  it('hides the exact length of numbers within a block', () => {
    const cipher = cipherWith();
    expect(cipher.encrypt('6222020200112233').length).toBe(cipher.encrypt('6222020200112233445').length);
  });
});
