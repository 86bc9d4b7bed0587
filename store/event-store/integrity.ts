// Per-stream hash chain (DESIGN.md §4). SM3 (GB/T 32905, Node's crypto) over a canonical JSON
// serialisation (RFC 8785) of the fields below; an auditor can recompute it with any RFC 8785
// implementation and an SM3 hash. For plain JSON data, RFC 8785 is JSON.stringify with object keys
// sorted by UTF-16 code units, which is what `safe-stable-stringify` produces, 3-4 times faster
// than the `canonicalize` package (measured: 6 vs 21 µs per event); a test checks that the two
// agree on every kind of value events carry.
import { configure } from 'safe-stable-stringify';
import { createHash } from 'node:crypto';
import type { EventMetadata, EventPayload } from './event-store';

export const HASH_ALGORITHM = 'sm3';
/** prevHash of every stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** RFC 8785 text of plain JSON data; throws on values JSON cannot carry (undefined, NaN, functions, cycles). */
export const canonicalJson = configure({ deterministic: true, strict: true, circularValue: Error, bigint: false }) as (value: unknown) => string | undefined;

export interface HashInput {
  streamId: string;
  revision: number;
  type: string;
  data: EventPayload;
  metadata: EventMetadata;
  prevHash: string;
}

export function canonicalHashInput(input: HashInput): string {
  // The stored hash is not part of its own input; prevHash is hashed once, as its own field.
  const { hash: _hash, prevHash: _prev, ...metadata } = input.metadata;
  const text = canonicalJson({
    streamId: input.streamId,
    revision: input.revision,
    type: input.type,
    data: input.data,
    metadata,
    prevHash: input.prevHash,
  });
  if (text === undefined) throw new Error('event cannot be serialised canonically');
  return text;
}

export function computeEventHash(input: HashInput): string {
  return createHash(HASH_ALGORITHM).update(canonicalHashInput(input), 'utf8').digest('hex');
}

export interface ChainBreak {
  streamId: string;
  revision: number;
  position: bigint;
  reason: string;
}

interface ChainLink {
  streamId: string;
  revision: number;
  position: bigint;
  type: string;
  data: EventPayload;
  metadata: EventMetadata;
}

/**
 * Checks one event against the previous event of its stream (undefined for the first one).
 * Returns the reason it breaks the chain, or undefined when it holds.
 */
export function checkLink(event: ChainLink, previous: { revision: number; hash: string } | undefined): string | undefined {
  const expectedRevision = previous ? previous.revision + 1 : 0;
  if (event.revision !== expectedRevision) return `revision ${event.revision} follows ${expectedRevision - 1}: an event is missing`;
  const expectedPrev = previous ? previous.hash : GENESIS_HASH;
  if (event.metadata.prevHash !== expectedPrev) return 'prevHash does not match the previous event\'s hash';
  const recomputed = computeEventHash({ ...event, prevHash: expectedPrev });
  if (event.metadata.hash !== recomputed) return 'hash does not match the event\'s content';
  return undefined;
}
