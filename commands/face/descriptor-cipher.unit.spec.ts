import { describe, expect, it } from '@jest/globals';
import { createSecretKey, randomBytes } from 'node:crypto';
import { PiiCipher, PiiDecryptionError } from '../personal-data/pii-cipher';
import { descriptorSealer, FACE_DESCRIPTOR_CONTEXT } from './descriptor-cipher';

const ring = () => ({ current: createSecretKey(randomBytes(16)), previous: [] });
/** A descriptor like face-api's: 128 floats of magnitude ~0.1. */
const descriptor = () => Float32Array.from({ length: 128 }, (_, i) => Math.sin(i * 1.7) * 0.2);

describe('face descriptors sealed with the personal-data cipher (SM4)', () => {
  it('round-trips every float exactly', () => {
    const sealer = descriptorSealer({ encryption: ring() });
    const d = descriptor();
    expect(Array.from(sealer.open(sealer.seal(d)))).toEqual(Array.from(d));
  });

  it('never shows the descriptor in clear: no float as text, no raw bytes as base64 or hex, a new ciphertext each time', () => {
    const sealer = descriptorSealer({ encryption: ring() });
    const d = descriptor();
    const sealed = sealer.seal(d);
    expect(sealed).toMatch(/^pii1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/);
    const raw = Buffer.from(d.buffer);
    for (const clear of [raw.toString('base64').slice(0, 16), raw.toString('base64url').slice(0, 16), raw.toString('hex').slice(0, 16), d[1]!.toFixed(4).slice(2), 'f32le']) {
      expect(sealed).not.toContain(clear);
    }
    expect(sealer.seal(d)).not.toBe(sealed);
  });

  it('refuses a changed ciphertext, another key, and ciphertext of another field', () => {
    const keys = ring();
    const sealer = descriptorSealer({ encryption: keys });
    const sealed = sealer.seal(descriptor());
    const [format, kid, body] = sealed.split('.') as [string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    bytes[20] = bytes[20]! ^ 1;
    expect(() => sealer.open(`${format}.${kid}.${bytes.toString('base64url')}`)).toThrow(PiiDecryptionError);
    expect(() => descriptorSealer({ encryption: ring() }).open(sealed)).toThrow(PiiDecryptionError);
    // An ID number's ciphertext is not a descriptor, nor a descriptor an ID number.
    const cipher = new PiiCipher(keys);
    expect(() => sealer.open(cipher.encrypt('520102199003071234', 'idNumber'))).toThrow(PiiDecryptionError);
    expect(() => cipher.decrypt(sealed, 'idNumber')).toThrow(PiiDecryptionError);
    expect(cipher.decrypt(sealed, FACE_DESCRIPTOR_CONTEXT)).toMatch(/^f32le:/);
  });

  it('tells a descriptor sealed under a previous key, still readable during a rotation', () => {
    const old = ring();
    const sealed = descriptorSealer({ encryption: old }).seal(descriptor());
    const rotated = descriptorSealer({ encryption: { current: createSecretKey(randomBytes(16)), previous: [old.current] } });
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.open(sealed)).toHaveLength(128);
    expect(rotated.isStale(rotated.seal(descriptor()))).toBe(false);
  });
});
