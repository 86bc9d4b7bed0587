import type { DomainEvent } from '../../domain/shared/decider';
import type { EventStore } from '../../store/event-store/event-store';
import { toNewEvent } from './handle-command';
import type { RequestContext } from './request-context';

/**
 * Appends a fact that needs no decision (a failed login for an unknown name, an export, a view of
 * personal data) with the same envelope as every other event. The stream is typically per user
 * or per day, so `any` never contends for long.
 */
export async function recordFact(store: EventStore, streamId: string, fact: DomainEvent, request: RequestContext) {
  const now = (request.now ?? new Date()).toISOString();
  return store.appendToStream(streamId, [toNewEvent(fact, 0, streamId, request, now)], { expectedRevision: 'any' });
}
