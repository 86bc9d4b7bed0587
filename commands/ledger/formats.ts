// The files an auditor keeps and checks offline: a signed digest, an inclusion proof for one event,
// a consistency proof between two digests. JSON; 64-bit numbers as decimal strings (JSON numbers
// lose precision past 2^53), hashes as lowercase hex, the signature as base64.
import { z } from 'zod';

export const DIGEST_FORMAT = 'gz-ledger-digest/1';
export const INCLUSION_FORMAT = 'gz-ledger-inclusion-proof/1';
export const CONSISTENCY_FORMAT = 'gz-ledger-consistency-proof/1';
/** SM3 (GB/T 32905), as the per-stream hash chain; see ledger.ts for why. */
export const LEDGER_HASH_ALGORITHM = 'sm3' as const;

const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/, 'a non-negative decimal integer');
const hash = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits');

export const digestExportSchema = z.object({
  format: z.literal(DIGEST_FORMAT),
  digestId: decimal,
  treeSize: decimal,
  root: hash,
  lastPosition: decimal,
  createdAt: z.string().min(1),
  hashAlgorithm: z.literal(LEDGER_HASH_ALGORITHM),
  algorithm: z.string().min(1),
  keyId: z.string().min(1),
  signature: z.string().min(1),
  publicKey: z.string().min(1),
});
export type DigestExport = z.infer<typeof digestExportSchema>;

/** The event as stored when the proof was made: the verifier recomputes the leaf from it. */
export const proofEventSchema = z.object({
  id: z.string(),
  streamId: z.string(),
  revision: z.number().int().nonnegative(),
  position: decimal,
  type: z.string(),
  data: z.record(z.string(), z.unknown()),
  metadata: z.record(z.string(), z.unknown()),
  recordedAt: z.string(),
});
export type ProofEvent = z.infer<typeof proofEventSchema>;

export const inclusionProofSchema = z.object({
  format: z.literal(INCLUSION_FORMAT),
  hashAlgorithm: z.literal(LEDGER_HASH_ALGORITHM),
  treeSize: decimal,
  leafIndex: decimal,
  /** The root the server computed from its stored ledger, for information: the verifier uses the digest's. */
  root: hash,
  /** The leaf as folded into the ledger. */
  storedLeafHash: hash,
  /** The leaf recomputed from the event as stored now; null when the event is gone. */
  leafHash: hash.nullable(),
  auditPath: z.array(hash),
  event: proofEventSchema.nullable(),
});
export type InclusionProofExport = z.infer<typeof inclusionProofSchema>;

export const consistencyProofSchema = z.object({
  format: z.literal(CONSISTENCY_FORMAT),
  hashAlgorithm: z.literal(LEDGER_HASH_ALGORITHM),
  firstSize: decimal,
  secondSize: decimal,
  proof: z.array(hash),
});
export type ConsistencyProofExport = z.infer<typeof consistencyProofSchema>;
