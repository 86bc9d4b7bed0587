// Node-side CPU per event of an append, measured without a database (CPU microseconds): the hash chain (RFC 8785
// canonical JSON, then SM3) and what the Postgres log does to send the event (JSON text, then
// node-postgres' array literal with its escaping).
import { createHash } from 'node:crypto';
import pg from 'pg';
import { GENESIS_HASH, canonicalHashInput, computeEventHash, type HashInput } from '../../store/event-store/integrity';
import type { NewEvent } from '../../store/event-store/event-store';
import { canonicalJson } from './canonical-json-candidate';
import { eventsForAppend } from './sample-events';

const prepareValue = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils.prepareValue;

function timePerEvent(events: NewEvent[], work: (event: NewEvent, index: number) => unknown): number {
  for (let i = 0; i < Math.min(events.length, 2000); i++) work(events[i]!, i); // warm the JIT
  // CPU time of this thread, not wall time: other jobs on a shared machine then distort it less.
  const started = process.cpuUsage();
  for (let i = 0; i < events.length; i++) work(events[i]!, i);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / events.length;
}

/** The hash input as integrity.ts builds it, serialised by the candidate instead. */
function candidateText(input: HashInput): string | undefined {
  const { hash: _hash, prevHash: _prev, ...metadata } = input.metadata;
  return canonicalJson({ streamId: input.streamId, revision: input.revision, type: input.type, data: input.data, metadata, prevHash: input.prevHash });
}

/** Microseconds per event of each step, over `count` real occupation events. */
export function measureHashCosts(count: number): Record<string, number> {
  const events = eventsForAppend(0, count).events;
  const input = (e: NewEvent, i: number) => ({ streamId: 'occupation-x', revision: i, type: e.type, data: e.data, metadata: { ...e.metadata, prevHash: GENESIS_HASH }, prevHash: GENESIS_HASH });
  const texts = events.map((e, i) => canonicalHashInput(input(e, i)));
  const sealed = events.map((e, i) => ({ ...e, metadata: { ...e.metadata, prevHash: GENESIS_HASH, hash: computeEventHash(input(e, i)) } }));
  const json = sealed.map((e) => [JSON.stringify(e.data), JSON.stringify(e.metadata)] as const);
  return {
    'canonical JSON (canonicalize)': timePerEvent(events, (e, i) => canonicalHashInput(input(e, i))),
    'canonical JSON (candidate, canonical-json-candidate.ts)': timePerEvent(events, (e, i) => candidateText(input(e, i))),
    'candidate texts differing from canonicalize (count)': events.filter((e, i) => candidateText(input(e, i)) !== texts[i]).length,
    'SM3 of the canonical text': timePerEvent(events, (_e, i) => createHash('sm3').update(texts[i]!, 'utf8').digest('hex')),
    'SHA-256 of the canonical text (for comparison)': timePerEvent(events, (_e, i) => createHash('sha256').update(texts[i]!, 'utf8').digest('hex')),
    'seal: copy metadata + canonical JSON + SM3': timePerEvent(events, (e, i) => computeEventHash(input(e, i))),
    'JSON.stringify of data and metadata': timePerEvent(sealed, (e) => [JSON.stringify(e.data), JSON.stringify(e.metadata)]),
    'node-postgres jsonb[] array literals (escaping)': timePerEvent(sealed, (_e, i) => prepareValue([json[i]![0]]) && prepareValue([json[i]![1]])),
    'bench only: generating an event (decider, ids, metadata; both stores pay it)': timePerEvent(events, (_e, i) => i % 10 === 0 && eventsForAppend(i, 10)),
    'average canonical text length (chars)': texts.reduce((n, t) => n + t.length, 0) / texts.length,
  };
}
