import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent } from '../store/event-store/event-store';

export function testMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  const commandId = randomUUID();
  return {
    actorId: 'test-user',
    actorRole: 'tester',
    actorOrgId: null,
    commandId,
    correlationId: commandId,
    causationId: commandId,
    occurredAt: '2026-11-25T08:00:00.000Z',
    schemaVersion: 1,
    ip: '127.0.0.1',
    ...overrides,
  };
}

export function testEvent(type: string, data: Record<string, unknown> = {}): NewEvent {
  return { id: randomUUID(), type, data, metadata: testMetadata() };
}

/** A stream id no other test uses. */
export const freshStream = (prefix = 'test') => `${prefix}-${randomUUID()}`;
