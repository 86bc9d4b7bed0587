// Signing ledger digests. Ed25519 (RFC 8032) from Node's crypto.
//
// Why not SM2, which a 国密 deployment would prefer: Node 20 (OpenSSL 3.0) cannot produce standard
// SM2 signatures. Measured here: an EC key generated on the SM2 curve signs with ECDSA (not
// GB/T 32918.2); the same key re-imported from PEM signs real SM2 but with an empty
// distinguishing ID instead of GM/T 0009's default "1234567812345678", with no way to set it; the
// two do not verify each other (nodejs/node#53761). A signature no standard SM2 verifier accepts
// is no evidence. Every digest names its algorithm, so SM2 can be added beside Ed25519 once a
// runtime signs it correctly; digests signed before stay verifiable.
import canonicalize from 'canonicalize';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export const SIGNATURE_ALGORITHM = 'ed25519' as const;
/** Names what a signature is over, so a digest signature cannot be replayed as any other statement. */
export const DIGEST_CONTEXT = 'gz-skills-registry/ledger-digest/v1';

export interface LedgerSigner {
  readonly algorithm: typeof SIGNATURE_ALGORITHM;
  readonly keyId: string;
  /** SPKI PEM: what auditors are given to check signatures with. */
  readonly publicKeyPem: string;
  /** True for a key made up at start-up because none was configured (development only). */
  readonly ephemeral: boolean;
  sign(message: Buffer): Buffer;
}

/** SM3 over the public key's DER (SPKI): what an auditor compares against the published value. */
export function publicKeyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return createHash('sm3').update(der).digest('hex');
}

/** Same key, whatever the PEM's line breaks or headers. */
export function samePublicKey(a: string, b: string): boolean {
  const der = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' });
  return der(a).equals(der(b));
}

export function signerFromPrivateKey(privateKey: KeyObject, options: { keyId?: string; ephemeral?: boolean } = {}): LedgerSigner {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the ledger signing key must be an Ed25519 private key, got ${privateKey.asymmetricKeyType ?? 'an unknown key type'}`);
  }
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  return {
    algorithm: SIGNATURE_ALGORITHM,
    keyId: options.keyId || `ed25519-${publicKeyFingerprint(publicKeyPem).slice(0, 16)}`,
    publicKeyPem,
    ephemeral: options.ephemeral ?? false,
    sign: (message) => sign(null, message, privateKey),
  };
}

/** PKCS#8 as PEM, or the base64 of its DER (fits an environment variable on one line). */
export function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.includes('-----BEGIN')) return createPrivateKey(trimmed);
  return createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
}

/**
 * A new Ed25519 private key as LEDGER_SIGNING_KEY takes it on one line (base64 of the PKCS#8 DER),
 * e.g. for a data folder's key file.
 */
export function generateSigningKeyText(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
}

/**
 * The signer from configuration: LEDGER_SIGNING_KEY (PKCS#8 PEM or base64 DER) or
 * LEDGER_SIGNING_KEY_FILE, and LEDGER_KEY_ID (default: derived from the public key). Without a
 * key, production refuses to start; anywhere else an ephemeral key signs, loudly, because digests
 * signed with a key nobody kept prove little. `npm start` never gets here without a key: it keeps one
 * in its data folder (scripts/platform-keys.ts), so digests verify across restarts.
 */
export function loadLedgerSigner(env: NodeJS.ProcessEnv = process.env, warn: (message: string) => void = (m) => console.warn(m)): LedgerSigner {
  const keyId = env.LEDGER_KEY_ID || undefined;
  const text = env.LEDGER_SIGNING_KEY || (env.LEDGER_SIGNING_KEY_FILE ? readFileSync(env.LEDGER_SIGNING_KEY_FILE, 'utf8') : undefined);
  if (text) return signerFromPrivateKey(parsePrivateKey(text), keyId ? { keyId } : {});
  if (env.NODE_ENV === 'production') throw new Error('LEDGER_SIGNING_KEY (or LEDGER_SIGNING_KEY_FILE) must be set in production: ledger digests need a kept signing key');
  const signer = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey, { keyId: `ephemeral-${Date.now().toString(36)}`, ephemeral: true });
  warn(
    `!!! LEDGER_SIGNING_KEY is not set: ledger digests are signed with an EPHEMERAL key (${signer.keyId}) ` +
      'that disappears when this process ends. Only acceptable in development; configure a kept Ed25519 key.',
  );
  return signer;
}

/** The signed part of a digest. */
export interface DigestStatement {
  treeSize: string;
  root: string;
  lastPosition: string;
  createdAt: string;
  hashAlgorithm: string;
  algorithm: string;
  keyId: string;
}

/** The exact bytes signed: RFC 8785 canonical JSON of the statement and the context string. */
export function digestStatementBytes(statement: DigestStatement): Buffer {
  const text = canonicalize({
    context: DIGEST_CONTEXT,
    treeSize: statement.treeSize,
    root: statement.root,
    lastPosition: statement.lastPosition,
    createdAt: statement.createdAt,
    hashAlgorithm: statement.hashAlgorithm,
    algorithm: statement.algorithm,
    keyId: statement.keyId,
  });
  if (text === undefined) throw new Error('digest statement cannot be serialised');
  return Buffer.from(text, 'utf8');
}

export function verifyStatementSignature(statement: DigestStatement, signature: Buffer, publicKeyPem: string): boolean {
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    return false;
  }
  if (key.asymmetricKeyType !== 'ed25519' || statement.algorithm !== SIGNATURE_ALGORITHM) return false;
  return verify(null, digestStatementBytes(statement), key, signature);
}
