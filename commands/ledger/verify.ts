// Offline verification of what an auditor holds: pure functions over the exported JSON, no
// database, no network. The CLI (scripts/ledger-verify.ts) prints their verdicts.
import type { EventMetadata } from '../../store/event-store/event-store';
import {
  consistencyProofSchema,
  digestExportSchema,
  inclusionProofSchema,
  type DigestExport,
  type InclusionProofExport,
  type ProofEvent,
} from './formats';
import { eventLeaf } from './leaf';
import { treeHasher, verifyConsistencyPath, verifyInclusionPath } from './merkle';
import { publicKeyFingerprint, samePublicKey, verifyStatementSignature } from './signing';

export type DigestProblem = 'malformed' | 'unreadable-key' | 'key-mismatch' | 'bad-signature';

export interface DigestVerdict {
  valid: boolean;
  problem?: DigestProblem;
  detail?: string;
  digest?: DigestExport;
  /** SM3 fingerprint of the key the signature was checked with. */
  fingerprint?: string;
  /** True when no trusted key was given and the key inside the digest file was used. */
  keyFromDigestFile: boolean;
}

/**
 * Checks a digest's signature. With `trustedPublicKeyPem` (the key the system publishes, obtained
 * out of band) the digest must carry that very key; without it the digest's own key is used and the
 * verdict says so, since whoever could forge a digest could also put their own key in it.
 */
export function verifyDigest(input: unknown, trustedPublicKeyPem?: string): DigestVerdict {
  const keyFromDigestFile = !trustedPublicKeyPem;
  const parsed = digestExportSchema.safeParse(input);
  if (!parsed.success) return { valid: false, problem: 'malformed', detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), keyFromDigestFile };
  const digest = parsed.data;
  const key = trustedPublicKeyPem ?? digest.publicKey;
  let fingerprint: string;
  try {
    fingerprint = publicKeyFingerprint(key);
    if (trustedPublicKeyPem && !samePublicKey(trustedPublicKeyPem, digest.publicKey)) return { valid: false, problem: 'key-mismatch', digest, fingerprint, keyFromDigestFile };
  } catch (error) {
    return { valid: false, problem: 'unreadable-key', detail: error instanceof Error ? error.message : String(error), digest, keyFromDigestFile };
  }
  const ok = verifyStatementSignature(digest, Buffer.from(digest.signature, 'base64'), key);
  return ok ? { valid: true, digest, fingerprint, keyFromDigestFile } : { valid: false, problem: 'bad-signature', digest, fingerprint, keyFromDigestFile };
}

export type InclusionProblem =
  /** The proof file is not a proof. */
  | 'malformed-proof'
  /** The digest's signature does not hold. */
  | 'digest-invalid'
  /** The proof is for a tree of another size than the digest's. */
  | 'different-tree'
  /** The event no longer exists where the ledger recorded it. */
  | 'event-missing'
  /** The ledger recorded this leaf under the digest, but the event stored now hashes differently. */
  | 'event-changed'
  /** Not even the leaf the ledger recorded leads to the digest's root: the ledger or the proof was altered. */
  | 'ledger-mismatch';

export interface InclusionVerdict {
  valid: boolean;
  problem?: InclusionProblem;
  detail?: string;
  digest: DigestVerdict;
  proof?: InclusionProofExport;
  /** The event's stored metadata.hash equals the hash of its content (the per-stream chain check). */
  eventHashMatchesContent?: boolean;
  /** The proof file's own leafHash equals the leaf recomputed here from its event. */
  proofLeafHashMatches?: boolean;
}

const toLeafEvent = (event: ProofEvent) => ({ ...event, position: BigInt(event.position), metadata: event.metadata as EventMetadata });
const bytes = (hex: string) => Buffer.from(hex, 'hex');

/** Checks the digest's signature, then that the event in the proof is leaf `leafIndex` of the digested tree. */
export function verifyInclusion(proofInput: unknown, digestInput: unknown, trustedPublicKeyPem?: string): InclusionVerdict {
  const digest = verifyDigest(digestInput, trustedPublicKeyPem);
  const parsed = inclusionProofSchema.safeParse(proofInput);
  if (!parsed.success) return { valid: false, problem: 'malformed-proof', detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), digest };
  const proof = parsed.data;
  if (!digest.valid || !digest.digest) return { valid: false, problem: 'digest-invalid', digest, proof };
  const d = digest.digest;
  if (proof.treeSize !== d.treeSize || proof.hashAlgorithm !== d.hashAlgorithm) return { valid: false, problem: 'different-tree', digest, proof };

  const h = treeHasher(d.hashAlgorithm);
  const index = BigInt(proof.leafIndex);
  const size = BigInt(d.treeSize);
  const path = proof.auditPath.map(bytes);
  const leadsToRoot = (leafHash: Buffer) => verifyInclusionPath(index, size, leafHash, path, bytes(d.root), h);
  const storedLeafHolds = leadsToRoot(bytes(proof.storedLeafHash));

  if (!proof.event) return { valid: false, problem: storedLeafHolds ? 'event-missing' : 'ledger-mismatch', digest, proof };
  let leaf;
  try {
    leaf = eventLeaf(toLeafEvent(proof.event), h);
  } catch (error) {
    return { valid: false, problem: 'malformed-proof', detail: error instanceof Error ? error.message : String(error), digest, proof };
  }
  const facts = {
    eventHashMatchesContent: leaf.contentMatchesStoredHash,
    proofLeafHashMatches: proof.leafHash === leaf.leafHash.toString('hex'),
  };
  if (leadsToRoot(leaf.leafHash)) return { valid: true, digest, proof, ...facts };
  return { valid: false, problem: storedLeafHolds ? 'event-changed' : 'ledger-mismatch', digest, proof, ...facts };
}

export type ConsistencyProblem = 'malformed-proof' | 'digest-invalid' | 'size-mismatch' | 'not-a-prefix';

export interface ConsistencyVerdict {
  valid: boolean;
  problem?: ConsistencyProblem;
  detail?: string;
  older: DigestVerdict;
  newer: DigestVerdict;
}

/** That the tree under the older digest is a prefix of the tree under the newer: nothing recorded was rewritten. */
export function verifyConsistency(proofInput: unknown, olderInput: unknown, newerInput: unknown, trustedPublicKeyPem?: string): ConsistencyVerdict {
  const older = verifyDigest(olderInput, trustedPublicKeyPem);
  const newer = verifyDigest(newerInput, trustedPublicKeyPem);
  const parsed = consistencyProofSchema.safeParse(proofInput);
  if (!parsed.success) return { valid: false, problem: 'malformed-proof', detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), older, newer };
  if (!older.digest || !newer.digest || !older.valid || !newer.valid) return { valid: false, problem: 'digest-invalid', older, newer };
  const proof = parsed.data;
  if (proof.firstSize !== older.digest.treeSize || proof.secondSize !== newer.digest.treeSize) return { valid: false, problem: 'size-mismatch', older, newer };
  const ok = verifyConsistencyPath(
    BigInt(proof.firstSize),
    BigInt(proof.secondSize),
    bytes(older.digest.root),
    bytes(newer.digest.root),
    proof.proof.map(bytes),
    treeHasher(proof.hashAlgorithm),
  );
  return ok ? { valid: true, older, newer } : { valid: false, problem: 'not-a-prefix', older, newer };
}
