// Face descriptors are biometric data (DESIGN.md §8): kept only as SM4 ciphertext, with the same
// cipher, format and key ring as other personal data (commands/personal-data/pii-cipher.ts:
// SM4-CBC + HMAC-SM3, `pii1.<keyId>.<...>`), so a key rotation re-encrypts them with the rest.
//
// Not a PersonalDataKind: those are values a person may reveal through the audited unmask, with a
// mask and a blind index. A descriptor is never shown, never looked up by equality (two photos of
// one face never give the same floats) and has no masked form; only the matcher opens it. Its
// ciphertext context ('faceDescriptor') still keeps it from being opened as any other field.
import { PiiCipher, type PiiKeys } from '../personal-data/pii-cipher';

export const FACE_DESCRIPTOR_CONTEXT = 'faceDescriptor';
/** Names the plaintext layout: float32, little endian, then base64. */
const PREFIX = 'f32le:';

export interface DescriptorSealer {
  /** The descriptor as a `pii1.` ciphertext string, fit for an event or a read-model column. */
  seal(descriptor: Float32Array): string;
  /** The descriptor back; throws PiiDecryptionError on tampering, a wrong key or another field's ciphertext. */
  open(sealed: string): Float32Array;
  /** True when written under an older key (to rewrite after a rotation). */
  isStale(sealed: string): boolean;
}

export function descriptorSealer(keys: Pick<PiiKeys, 'encryption'>): DescriptorSealer {
  const cipher = new PiiCipher(keys.encryption);
  return {
    seal(descriptor) {
      const bytes = Buffer.alloc(descriptor.length * 4);
      descriptor.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
      return cipher.encrypt(PREFIX + bytes.toString('base64'), FACE_DESCRIPTOR_CONTEXT);
    },
    open(sealed) {
      const clear = cipher.decrypt(sealed, FACE_DESCRIPTOR_CONTEXT);
      if (!clear.startsWith(PREFIX)) throw new Error('not a sealed face descriptor');
      const bytes = Buffer.from(clear.slice(PREFIX.length), 'base64');
      const out = new Float32Array(bytes.length / 4);
      for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
      return out;
    },
    isStale: (sealed) => cipher.needsReencryption(sealed),
  };
}
