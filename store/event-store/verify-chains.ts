import type { EventStore } from './event-store';
import { checkLink, type ChainBreak } from './integrity';

export interface VerifyReport {
  events: number;
  streams: number;
  firstBreak: ChainBreak | undefined;
}

/**
 * Walks the whole global log once, in order, checking every event against the previous event of
 * its stream: contiguous revisions, prevHash equal to that event's hash, hash equal to a fresh
 * hash of the event's content. Stops at the first broken event.
 */
export async function verifyChains(store: EventStore, onProgress?: (events: number, position: bigint) => void): Promise<VerifyReport> {
  const tails = new Map<string, { revision: number; hash: string }>();
  let position = 0n;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after: position, maxCount: 5000 });
    for (const event of page.events) {
      const reason = checkLink(event, tails.get(event.streamId));
      events++;
      if (reason) return { events, streams: tails.size, firstBreak: { streamId: event.streamId, revision: event.revision, position: event.position, reason } };
      tails.set(event.streamId, { revision: event.revision, hash: String(event.metadata.hash) });
    }
    position = page.scannedUpTo;
    onProgress?.(events, position);
    if (page.events.length < 5000) return { events, streams: tails.size, firstBreak: undefined };
  }
}
