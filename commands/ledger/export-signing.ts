// A timeline export (GET /audit/timeline-export) signed whole by the ledger's key, and its offline
// check (`npm run verify-export`). Format gz-timeline-export/2.
//
// Why the whole file: version 1 carried only each event's hash chain, which covers an event's
// content (streamId, revision, type, data, metadata) but not its id, global position or recording
// time, nor the export's own fields (exportedAt, exportedBy), and cannot show that the last events
// are missing: a chain cut short is still a valid chain. Here the ledger's signing key (the one
// that signs ledger digests) signs the RFC 8785 text of the entire file but the signature value
// itself, including the stream's head revision and event count at export time, so an edit of any
// field, a reordering or a truncation makes the signature fail. When a signed ledger digest already
// covers the stream's last event, the file also carries that digest and the last event's inclusion
// proof: the auditor then learns, from evidence the export signature does not depend on, that the
// last event was stored unchanged since it was folded into the ledger.
//
// Signed bytes (an auditor can rebuild them with any RFC 8785 library):
//   RFC 8785 JSON of the file with the member `signature.value` removed, UTF-8.
// `signature.context` names the purpose, so these bytes can never equal a ledger digest's statement
// (which has `context` at the top level) or any other statement the key signs.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { EventMetadata, RecordedEvent } from '../../store/event-store/event-store';
import { canonicalJson, checkLink, HASH_ALGORITHM } from '../../store/event-store/integrity';
import type { DigestExport, InclusionProofExport } from './formats';
import { publicKeyFingerprint, samePublicKey, SIGNATURE_ALGORITHM, type LedgerSigner } from './signing';
import { verifyInclusion, type DigestProblem, type InclusionProblem } from './verify';

export const TIMELINE_EXPORT_FORMAT = 'gz-timeline-export/2';
/** The unsigned format of earlier releases: recognised only to be refused with a clear reason. */
export const LEGACY_TIMELINE_EXPORT_FORMAT = 'gz-timeline-export/1';
export const TIMELINE_EXPORT_CONTEXT = 'gz-skills-registry/timeline-export/v2';

const decimal = z.string().regex(/^(0|[1-9][0-9]*)$/, 'a non-negative decimal integer');
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits');

// Strict objects: a member the server never writes is refused by name rather than merely breaking
// the signature, which says nothing about where the file was changed.
const exportedEventSchema = z.strictObject({
  id: z.string().min(1),
  streamId: z.string().min(1),
  revision: z.number().int().nonnegative(),
  position: decimal,
  type: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
  metadata: z.record(z.string(), z.unknown()),
  recordedAt: z.string().min(1),
});
export type ExportedEvent = z.infer<typeof exportedEventSchema>;

const streamHeadSchema = z.strictObject({
  /** Revision of the stream's last event when exported (null: no events). */
  headRevision: z.number().int().nonnegative().nullable(),
  eventCount: z.number().int().nonnegative(),
  lastEventId: z.string().nullable(),
  lastPosition: decimal.nullable(),
  lastHash: hex64.nullable(),
});

const signatureSchema = z.strictObject({
  algorithm: z.string().min(1),
  keyId: z.string().min(1),
  /** SPKI PEM. Never trusted by itself: the verifier compares it with the key the platform publishes. */
  publicKey: z.string().min(1),
  context: z.literal(TIMELINE_EXPORT_CONTEXT),
  signedBytes: z.string(),
  /** base64 */
  value: z.string().min(1),
});

export const timelineExportSchema = z.strictObject({
  format: z.literal(TIMELINE_EXPORT_FORMAT),
  streamId: z.string().min(1),
  exportedAt: z.string().min(1),
  exportedBy: z.strictObject({ userId: z.string().min(1), orgId: z.string().nullable() }),
  hashAlgorithm: z.literal(HASH_ALGORITHM),
  canonicalization: z.string(),
  hashInput: z.string(),
  stream: streamHeadSchema,
  events: z.array(exportedEventSchema),
  /** The last event's inclusion proof against the latest signed digest, when one covers it. */
  ledger: z.strictObject({ digest: z.record(z.string(), z.unknown()), inclusionProof: z.record(z.string(), z.unknown()) }).nullable(),
  signature: signatureSchema,
});
export type TimelineExport = z.infer<typeof timelineExportSchema>;
export type UnsignedTimelineExport = Omit<TimelineExport, 'signature'>;

const SIGNED_BYTES = 'RFC 8785 JSON of this whole file without the member signature.value (UTF-8)';

export interface TimelineExportInput {
  streamId: string;
  exportedAt: string;
  exportedBy: { userId: string; orgId: string | null };
  events: readonly RecordedEvent[];
  ledger: { digest: DigestExport; inclusionProof: InclusionProofExport } | null;
}

export const exportEvent = (e: RecordedEvent): ExportedEvent => ({
  id: e.id,
  streamId: e.streamId,
  revision: e.revision,
  position: e.position.toString(),
  type: e.type,
  data: e.data,
  metadata: e.metadata,
  recordedAt: e.recordedAt.toISOString(),
});

/** The exact bytes the signature is over. */
export function exportSignedBytes(file: { signature: object }): Buffer {
  const { value: _value, ...signature } = file.signature as Record<string, unknown>;
  const text = canonicalJson({ ...file, signature });
  if (text === undefined) throw new Error('timeline export cannot be serialised canonically');
  return Buffer.from(text, 'utf8');
}

/** Builds and signs the file. It is put through JSON first, so what is signed is exactly what is sent. */
export function signTimelineExport(input: TimelineExportInput, signer: LedgerSigner): TimelineExport {
  const last = input.events.at(-1);
  const unsigned: UnsignedTimelineExport = {
    format: TIMELINE_EXPORT_FORMAT,
    streamId: input.streamId,
    exportedAt: input.exportedAt,
    exportedBy: { userId: input.exportedBy.userId, orgId: input.exportedBy.orgId ?? null },
    hashAlgorithm: HASH_ALGORITHM,
    canonicalization: 'RFC 8785 (JSON Canonicalization Scheme)',
    hashInput: '{streamId, revision, type, data, metadata without prevHash and hash, prevHash}',
    stream: {
      headRevision: last ? last.revision : null,
      eventCount: input.events.length,
      lastEventId: last ? last.id : null,
      lastPosition: last ? last.position.toString() : null,
      lastHash: last ? String(last.metadata.hash) : null,
    },
    events: input.events.map(exportEvent),
    ledger: input.ledger as TimelineExport['ledger'],
  };
  const file = JSON.parse(
    JSON.stringify({
      ...unsigned,
      signature: { algorithm: signer.algorithm, keyId: signer.keyId, publicKey: signer.publicKeyPem, context: TIMELINE_EXPORT_CONTEXT, signedBytes: SIGNED_BYTES, value: '' },
    }),
  ) as TimelineExport;
  file.signature.value = signer.sign(exportSignedBytes(file)).toString('base64');
  return file;
}

/** What is wrong with an export, most telling first. The CLI words each in Chinese. */
export type ExportProblem =
  | { code: 'legacy-format' }
  | { code: 'not-an-export'; format: unknown }
  | { code: 'malformed'; issues: { path: string; message: string }[] }
  | { code: 'unreadable-key'; detail: string }
  | { code: 'untrusted-key'; keyId: string; fingerprint: string | undefined }
  | { code: 'bad-signature' }
  | { code: 'count-mismatch'; declared: number; actual: number }
  | { code: 'head-mismatch'; field: 'headRevision' | 'lastEventId' | 'lastPosition' | 'lastHash'; declared: unknown; actual: unknown }
  | { code: 'other-stream'; index: number; revision: number; streamId: string }
  | { code: 'out-of-order'; index: number; revision: number }
  | { code: 'position-order'; revision: number; position: string; previous: string }
  | { code: 'chain-broken'; revision: number; type: string; reason: string }
  | { code: 'ledger-untrusted-key'; keyId: string }
  | { code: 'ledger-invalid'; problem: InclusionProblem | DigestProblem; detail?: string; treeSize?: string }
  | { code: 'ledger-other-event'; fields: string[] };

export interface ExportVerdict {
  valid: boolean;
  problems: ExportProblem[];
  /** Present once the file has the shape of a version 2 export. */
  file?: TimelineExport;
  /** SM3 fingerprint of the key the signature was checked with. */
  fingerprint?: string;
  /** The digest the last event was proved against, when the file carries a proof that holds. */
  ledger?: { treeSize: string; createdAt: string; keyId: string; leafIndex: string } | null;
}

const readKey = (pem: string): KeyObject | undefined => {
  try {
    return createPublicKey(pem);
  } catch {
    return undefined;
  }
};

/** Every field of the two events that differs, by name. */
function differingFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names.filter((name) => canonicalJson(a[name] ?? null) !== canonicalJson(b[name] ?? null));
}

/** The checks that need no key: do the events agree with each other and with the stated head? */
function structuralProblems(file: TimelineExport): ExportProblem[] {
  const problems: ExportProblem[] = [];
  const { events, stream } = file;
  if (stream.eventCount !== events.length) problems.push({ code: 'count-mismatch', declared: stream.eventCount, actual: events.length });
  const last = events.at(-1);
  const actualHead = {
    headRevision: last ? last.revision : null,
    lastEventId: last ? last.id : null,
    lastPosition: last ? last.position : null,
    lastHash: last ? String(last.metadata.hash ?? '') : null,
  };
  for (const field of ['headRevision', 'lastEventId', 'lastPosition', 'lastHash'] as const) {
    if (stream[field] !== actualHead[field]) problems.push({ code: 'head-mismatch', field, declared: stream[field], actual: actualHead[field] });
  }
  let previous: { revision: number; hash: string; position: bigint } | undefined;
  for (const [index, event] of events.entries()) {
    if (event.streamId !== file.streamId) {
      problems.push({ code: 'other-stream', index, revision: event.revision, streamId: event.streamId });
      break;
    }
    if (event.revision !== index) {
      problems.push({ code: 'out-of-order', index, revision: event.revision });
      break;
    }
    const position = BigInt(event.position);
    if (previous && position <= previous.position) problems.push({ code: 'position-order', revision: event.revision, position: event.position, previous: previous.position.toString() });
    const reason = checkLink({ ...event, position, metadata: event.metadata as EventMetadata }, previous);
    if (reason) {
      // Every later link fails with it; the first break is the news.
      problems.push({ code: 'chain-broken', revision: event.revision, type: event.type, reason });
      break;
    }
    previous = { revision: event.revision, hash: String(event.metadata.hash), position };
  }
  return problems;
}

/** The last event proved against a signed digest, by a key the auditor trusts. */
function ledgerProblems(file: TimelineExport, trusted: readonly string[]): { problems: ExportProblem[]; ledger: ExportVerdict['ledger'] } {
  if (!file.ledger) return { problems: [], ledger: null };
  const digestKey = typeof file.ledger.digest.publicKey === 'string' ? file.ledger.digest.publicKey : '';
  const keyId = typeof file.ledger.digest.keyId === 'string' ? file.ledger.digest.keyId : '';
  const key = trusted.find((pem) => {
    try {
      return samePublicKey(pem, digestKey);
    } catch {
      return false;
    }
  });
  if (!key) return { problems: [{ code: 'ledger-untrusted-key', keyId }], ledger: undefined };
  const verdict = verifyInclusion(file.ledger.inclusionProof, file.ledger.digest, key);
  if (!verdict.valid) {
    const problem = verdict.problem === 'digest-invalid' ? (verdict.digest.problem ?? 'malformed') : (verdict.problem ?? 'malformed-proof');
    return { problems: [{ code: 'ledger-invalid', problem, ...(verdict.detail ?? verdict.digest.detail ? { detail: verdict.detail ?? verdict.digest.detail } : {}), ...(verdict.digest.digest ? { treeSize: verdict.digest.digest.treeSize } : {}) }], ledger: undefined };
  }
  const last = file.events.at(-1);
  const proved = verdict.proof?.event;
  if (!last || !proved) return { problems: [{ code: 'ledger-other-event', fields: ['id'] }], ledger: undefined };
  const fields = differingFields(last, proved);
  if (fields.length > 0) return { problems: [{ code: 'ledger-other-event', fields }], ledger: undefined };
  const d = verdict.digest.digest!;
  return { problems: [], ledger: { treeSize: d.treeSize, createdAt: d.createdAt, keyId: d.keyId, leafIndex: verdict.proof!.leafIndex } };
}

/**
 * Checks a timeline export offline against the public keys the auditor trusts (the ones the
 * platform publishes, obtained out of band): never against the key the file carries alone, since
 * whoever rewrites a file can sign it with a key of their own and put that key in it.
 */
export function verifyTimelineExport(input: unknown, trustedPublicKeys: readonly string[]): ExportVerdict {
  const format = (input as { format?: unknown } | null)?.format;
  if (format === LEGACY_TIMELINE_EXPORT_FORMAT) return { valid: false, problems: [{ code: 'legacy-format' }] };
  if (format !== TIMELINE_EXPORT_FORMAT) return { valid: false, problems: [{ code: 'not-an-export', format }] };
  const parsed = timelineExportSchema.safeParse(input);
  if (!parsed.success) return { valid: false, problems: [{ code: 'malformed', issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) }] };
  const file = parsed.data;
  const problems: ExportProblem[] = [];

  const own = readKey(file.signature.publicKey);
  let fingerprint: string | undefined;
  if (!own) problems.push({ code: 'unreadable-key', detail: 'signature.publicKey' });
  else fingerprint = publicKeyFingerprint(file.signature.publicKey);
  const trustedKey = own && trusted(trustedPublicKeys, file.signature.publicKey);
  if (own && !trustedKey) problems.push({ code: 'untrusted-key', keyId: file.signature.keyId, fingerprint });
  if (trustedKey) {
    const key = createPublicKey(trustedKey);
    const ok =
      file.signature.algorithm === SIGNATURE_ALGORITHM &&
      key.asymmetricKeyType === 'ed25519' &&
      verify(null, exportSignedBytes(file), key, Buffer.from(file.signature.value, 'base64'));
    if (!ok) problems.push({ code: 'bad-signature' });
  }
  problems.push(...structuralProblems(file));
  const ledger = ledgerProblems(file, trustedPublicKeys);
  problems.push(...ledger.problems);
  return { valid: problems.length === 0, problems, file, ...(fingerprint ? { fingerprint } : {}), ledger: ledger.ledger };
}

/** The trusted key equal to `pem`, if any (whatever their PEM line breaks). */
function trusted(keys: readonly string[], pem: string): string | undefined {
  return keys.find((key) => {
    try {
      return samePublicKey(key, pem);
    } catch {
      return false;
    }
  });
}
