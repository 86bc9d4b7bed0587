import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { occupationDecider } from '../../domain/occupation/occupation';
import { ForbiddenError } from '../../domain/shared/errors';
import { createTestDatabase, type TestDatabase } from '../../testing/database';
import { createEventStore } from '../../store/event-store/chained-event-store';
import type { EventStore } from '../../store/event-store/event-store';
import { createPostgresEventLog } from '../../store/event-store/postgres/postgres-event-log';
import { handleCommand } from './handle-command';
import type { RequestContext } from './request-context';

const details = { code: '4-03-02-01', name: '中式烹调师', level: '4' as const, hours: 120, scope: '' };
const request = (commandId = randomUUID()): RequestContext => ({ actor: { id: 'u', role: 'operator', orgId: 'inst-1' }, commandId, correlationId: commandId, ip: '10.1.2.3' });

describe('the command pipeline', () => {
  let db: TestDatabase;
  let store: EventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = createEventStore(createPostgresEventLog({ connectionString: db.url }));
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  for (const likelyNew of [false, true]) {
    describe(likelyNew ? 'creating without reading first' : 'reading first', () => {
      const declare = (id: string, r: RequestContext, orgId = 'inst-1') =>
        handleCommand(store, occupationDecider, `occupation-${id}`, { type: 'DeclareOccupation', occupationId: id, institutionId: orgId, details }, r, { likelyNew });

      it('writes the envelope of DESIGN.md §4 on every event', async () => {
        const id = randomUUID();
        const r = request();
        const result = await declare(id, r);
        const [event] = await store.readStream(result.streamId);
        expect(event!.metadata).toMatchObject({ actorId: 'u', actorRole: 'operator', actorOrgId: 'inst-1', commandId: r.commandId, correlationId: r.commandId, causationId: r.commandId, ip: '10.1.2.3', schemaVersion: 1 });
        expect(event!.metadata.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      });

      it('returns the first result for a repeated command id and appends nothing', async () => {
        const id = randomUUID();
        const r = request();
        const first = await declare(id, r);
        const again = await declare(id, r);
        expect(again).toMatchObject({ repeated: true, position: first.position, revision: 0 });
        expect(await store.readStream(`occupation-${id}`)).toHaveLength(1);
      });

      it('a second declaration of the same id with another command id is refused by the domain, not duplicated', async () => {
        const id = randomUUID();
        await declare(id, request());
        await expect(declare(id, request())).rejects.toThrow('该工种申报记录已存在');
      });

      it('leaves no trace when the domain refuses', async () => {
        const id = randomUUID();
        await expect(declare(id, request(), 'inst-2')).rejects.toBeInstanceOf(ForbiddenError);
        expect(await store.readStream(`occupation-${id}`)).toEqual([]);
      });
    });
  }

  it('retries a concurrency conflict and decides again on the new state', async () => {
    const id = randomUUID();
    await handleCommand(store, occupationDecider, `occupation-${id}`, { type: 'DeclareOccupation', occupationId: id, institutionId: 'inst-1', details }, request());
    const edits = await Promise.all(
      [130, 140, 150, 160].map((hours) => handleCommand(store, occupationDecider, `occupation-${id}`, { type: 'EditOccupation', details: { ...details, hours } }, request())),
    );
    expect(edits.every((e) => e.events.length === 1)).toBe(true);
    expect((await store.readStream(`occupation-${id}`)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
  });
});
