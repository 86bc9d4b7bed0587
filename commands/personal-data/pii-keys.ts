// Keys for personal data, from configuration only (never from the repository). Two separate
// 128-bit keys: one encrypts (SM4), one computes blind indexes (HMAC-SM3). They are separate so
// that whoever may search (holds the index key) cannot decrypt, and so that one can be rotated
// without the other. Previous keys may be listed for decryption and lookup during a rotation.
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

export interface PiiKeyRing {
  /** Encrypts / indexes everything written from now on. */
  current: KeyObject;
  /** Still accepted for reading (decryption, lookups) until every value has been rewritten. */
  previous: KeyObject[];
}

export interface PiiKeys {
  encryption: PiiKeyRing;
  blindIndex: PiiKeyRing;
  /** True when the keys were generated at start-up: data written now is unreadable after a restart. */
  ephemeral: boolean;
}

export const PII_ENV = {
  encryption: 'PII_ENCRYPTION_KEY',
  encryptionPrevious: 'PII_ENCRYPTION_PREVIOUS_KEYS',
  blindIndex: 'PII_BLIND_INDEX_KEY',
  blindIndexPrevious: 'PII_BLIND_INDEX_PREVIOUS_KEYS',
} as const;

const HEX_128 = /^[0-9a-fA-F]{32}$/;

/**
 * A key as 32 hex characters. KeyObject, not Buffer: a logged config object shows no key material.
 * A key of one repeated character is refused: it is a placeholder, not a key.
 */
function parseKey(value: string, name: string): KeyObject {
  const hex = value.trim();
  if (!HEX_128.test(hex)) throw new Error(`${name} must be 32 hexadecimal characters (a 128-bit SM4 key), e.g. from \`openssl rand -hex 16\``);
  if (/^(.)\1*$/.test(hex)) throw new Error(`${name} is a placeholder (one repeated character), not a key`);
  return createSecretKey(Buffer.from(hex, 'hex'));
}

const parseList = (value: string | undefined, name: string): KeyObject[] =>
  (value ?? '').split(',').map((s) => s.trim()).filter(Boolean).map((hex, i) => parseKey(hex, `${name}[${i}]`));

/** A short public name of a key (first 8 hex of an HMAC under it): lets a ciphertext say which key made it. */
export function keyId(key: KeyObject): string {
  return createHmac('sm3', key).update('gz-skills-registry/pii/key-id').digest('hex').slice(0, 8);
}

const sameKey = (a: KeyObject, b: KeyObject) => a.equals(b);

/** A new random key in the form the variables take (32 hex characters), e.g. for a data folder's key file. */
export function generatePiiKeyHex(): string {
  return randomBytes(16).toString('hex');
}

/** True when two key texts name the same key (case and surrounding space do not matter). */
export function samePiiKeyText(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Reads the keys from the environment. In production a missing key stops the start (data written
 * with a throw-away key would be lost); elsewhere (tests) a random key is made for this process only
 * and `warn` says so loudly. `npm start` never gets here without keys: it fills the missing ones from
 * its data folder first (scripts/platform-keys.ts).
 */
export function loadPiiKeys(env: NodeJS.ProcessEnv = process.env, warn: (message: string) => void = console.warn): PiiKeys {
  const production = env.NODE_ENV === 'production';
  const ring = (name: string, previousName: string): PiiKeyRing & { generated: boolean } => {
    const value = env[name]?.trim();
    const previous = parseList(env[previousName], previousName);
    if (value) return { current: parseKey(value, name), previous, generated: false };
    if (production) {
      throw new Error(`${name} is not set. Personal data (ID numbers, phones, bank cards) cannot be stored without it: set ${name} to 32 hex characters from a secret store (生产环境必须配置个人信息密钥 ${name}).`);
    }
    return { current: createSecretKey(randomBytes(16)), previous, generated: true };
  };
  const { generated: encryptionGenerated, ...encryption } = ring(PII_ENV.encryption, PII_ENV.encryptionPrevious);
  const { generated: indexGenerated, ...blindIndex } = ring(PII_ENV.blindIndex, PII_ENV.blindIndexPrevious);
  const ephemeral = encryptionGenerated || indexGenerated;
  const keys: PiiKeys = { encryption, blindIndex, ephemeral };
  if (sameKey(keys.encryption.current, keys.blindIndex.current)) {
    throw new Error(`${PII_ENV.encryption} and ${PII_ENV.blindIndex} must be different keys`);
  }
  if (ephemeral) {
    const missing = [encryptionGenerated && PII_ENV.encryption, indexGenerated && PII_ENV.blindIndex].filter(Boolean).join(' / ');
    warn(
      [
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
        `!! ${missing} not set: using an EPHEMERAL random key.`,
        '!! Personal data written by this process CANNOT be decrypted or found after a restart.',
        '!! Fine for tests and a throw-away dev database; never for data you keep.',
        '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
      ].join('\n'),
    );
  }
  return keys;
}
