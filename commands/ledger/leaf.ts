// What one event contributes to the ledger. Written out so an auditor can recompute it with any
// RFC 8785 canonicaliser and SM3 tool:
//
//   contentHash = SM3(RFC 8785 JSON of {streamId, revision, type, data, metadata without the
//                 hash fields, prevHash})            (the event's own hash, README "hash chain")
//   entry       = position (8 bytes, big-endian) || event id (16 bytes) || contentHash (32 bytes)
//   leaf hash   = SM3(0x00 || entry)
//
// The content hash is recomputed from the event's content, never copied from its stored
// metadata.hash: someone able to rewrite an event can rewrite that field (and the rest of the
// stream's chain) too, but not a leaf already folded under a digest an auditor keeps.
// The position and id are part of the leaf so that moving, re-numbering or swapping events is
// as visible as editing one.
import { computeEventHash } from '../../store/event-store/integrity';
import type { EventMetadata, EventPayload } from '../../store/event-store/event-store';
import type { TreeHasher } from './merkle';

/** The parts of a recorded event the leaf depends on. */
export interface LeafEvent {
  id: string;
  streamId: string;
  revision: number;
  position: bigint;
  type: string;
  data: EventPayload;
  metadata: EventMetadata;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The event's content hash recomputed from what is stored now (hex). */
export function recomputeContentHash(event: LeafEvent): string {
  return computeEventHash({
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    prevHash: String(event.metadata.prevHash ?? ''),
  });
}

export function leafEntry(position: bigint, eventId: string, contentHashHex: string): Buffer {
  if (position < 0n || position >= 1n << 64n) throw new RangeError(`position ${position} does not fit 64 bits`);
  if (!UUID.test(eventId)) throw new Error(`event id ${eventId} is not a UUID`);
  if (!/^[0-9a-f]{64}$/.test(contentHashHex)) throw new Error('content hash must be 64 hex digits');
  const entry = Buffer.alloc(8 + 16 + 32);
  entry.writeBigUInt64BE(position, 0);
  Buffer.from(eventId.replace(/-/g, ''), 'hex').copy(entry, 8);
  Buffer.from(contentHashHex, 'hex').copy(entry, 24);
  return entry;
}

export interface EventLeaf {
  leafHash: Buffer;
  contentHash: string;
  /** False when the event's stored metadata.hash no longer matches its content. */
  contentMatchesStoredHash: boolean;
}

export function eventLeaf(event: LeafEvent, h: TreeHasher): EventLeaf {
  const contentHash = recomputeContentHash(event);
  return {
    leafHash: h.leafHash(leafEntry(event.position, event.id, contentHash)),
    contentHash,
    contentMatchesStoredHash: event.metadata.hash === contentHash,
  };
}
