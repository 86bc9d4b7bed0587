// Files are personal data at rest too (an import file holds thousands of ID numbers): the local
// blob store keeps them SM4-CTR encrypted under a key derived from the personal-data encryption key
// ring (HMAC-SM3), so rotating PII_ENCRYPTION_KEY rotates it and the previous keys still read old
// files. CTR gives confidentiality; integrity comes from the content address: every read recomputes
// the SHA-256 of the plaintext and fails on a mismatch.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, type KeyObject } from 'node:crypto';
import { Transform } from 'node:stream';
import { keyId, type PiiKeyRing } from '../personal-data/pii-keys';

const MAGIC = Buffer.from('GZF1');
const KEY_ID_BYTES = 8;
const IV_BYTES = 16;
export const BLOB_HEADER_BYTES = MAGIC.length + KEY_ID_BYTES + IV_BYTES;

export interface BlobCipher {
  /** Encrypts a stream; the header (magic, key id, IV) goes first. */
  encryptor(): Transform;
  /** The same for content already in memory, in one call (header, then ciphertext). */
  encrypt(content: Buffer): Buffer;
  /** Decrypts a stream whose header has been read. */
  decryptor(header: Buffer): Transform;
}

const fileKey = (key: KeyObject) => createHmac('sm3', key).update('gz-skills-registry/files/v1').digest().subarray(0, 16);

export function blobCipherFrom(ring: PiiKeyRing): BlobCipher {
  const keys = new Map([ring.current, ...ring.previous].map((k) => [keyId(k), fileKey(k)]));
  const currentId = keyId(ring.current);
  return {
    encryptor() {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('sm4-ctr', keys.get(currentId)!, iv);
      let headerSent = false;
      const header = Buffer.concat([MAGIC, Buffer.from(currentId, 'ascii'), iv]);
      return new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          if (!headerSent) {
            headerSent = true;
            this.push(header);
          }
          callback(null, cipher.update(chunk));
        },
        flush(callback) {
          if (!headerSent) this.push(header);
          callback(null, cipher.final());
        },
      });
    },
    encrypt(content) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('sm4-ctr', keys.get(currentId)!, iv);
      return Buffer.concat([MAGIC, Buffer.from(currentId, 'ascii'), iv, cipher.update(content), cipher.final()]);
    },
    decryptor(header) {
      if (header.length !== BLOB_HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not an encrypted blob');
      const id = header.subarray(MAGIC.length, MAGIC.length + KEY_ID_BYTES).toString('ascii');
      const key = keys.get(id);
      if (!key) throw new Error(`blob encrypted under an unknown key ${id}`);
      const decipher = createDecipheriv('sm4-ctr', key, header.subarray(MAGIC.length + KEY_ID_BYTES));
      return new Transform({
        transform: (chunk: Buffer, _encoding, callback) => callback(null, decipher.update(chunk)),
        flush: (callback) => callback(null, decipher.final()),
      });
    },
  };
}
