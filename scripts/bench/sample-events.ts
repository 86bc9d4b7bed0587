// Real occupation events for the workloads, produced by the occupation decider itself so that
// their payloads and metadata are exactly what the application writes (and what the occupations
// projection can fold): declared, reviewed at two levels, published, amended, reviewed, published.
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../store/event-store/event-store';
import { occupationStreamId } from '../../commands/occupation/occupation-commands';
import { currentSchemaVersion } from '../../store/upcasters';
import { occupationDecider, type OccupationCommand, type OccupationEvent, type OccupationState } from '../../domain/occupation/occupation';
import { SKILL_LEVELS, type OccupationDetails } from '../../domain/occupation/occupation-details';
import type { Actor } from '../../domain/shared/decider';
import { testMetadata } from '../../testing/events';

/** Events in one full lifecycle (see occupationLifecycle). */
export const LIFECYCLE_LENGTH = 10;

const AUTHORITIES = { county: 'county-520102', city: 'city-520100' };
const COUNTY: Actor = { id: 'reviewer-county', role: 'reviewer', orgId: AUTHORITIES.county };
const CITY: Actor = { id: 'reviewer-city', role: 'reviewer', orgId: AUTHORITIES.city };
const NAMES = ['中式烹调师', '电工', '焊工', '育婴员', '保育师', '养老护理员', '茶艺师', '美容师', '汽车维修工', '电子商务师'];
const START = Date.parse('2026-03-01T08:00:00.000Z');

export function institutionActor(sequence: number): Actor {
  const orgId = `inst-${sequence % 997}`;
  return { id: `operator-${orgId}`, role: 'institution_operator', orgId };
}

export function occupationDetails(sequence: number): OccupationDetails {
  return {
    code: `4-03-02-${String(1 + (sequence % 99)).padStart(2, '0')}`,
    name: NAMES[sequence % NAMES.length]!,
    level: SKILL_LEVELS[sequence % SKILL_LEVELS.length]!,
    hours: 80 + (sequence % 200),
    scope: '理论知识与操作技能培训，含安全生产和职业道德内容',
  };
}

export interface GeneratedStream {
  occupationId: string;
  streamId: string;
  events: NewEvent[];
}

/** The first `count` events (at most LIFECYCLE_LENGTH) of one occupation's lifecycle, on a new stream. */
export function occupationLifecycle(sequence: number, count = LIFECYCLE_LENGTH): GeneratedStream {
  const occupationId = randomUUID();
  const institution = institutionActor(sequence);
  const details = occupationDetails(sequence);
  const commands: [OccupationCommand, Actor][] = [
    [{ type: 'DeclareOccupation', occupationId, institutionId: institution.orgId!, details }, institution],
    [{ type: 'SubmitForReview', authorities: AUTHORITIES }, institution],
    [{ type: 'ApproveReview', opinion: '材料齐全，同意' }, COUNTY],
    [{ type: 'ApproveReview', opinion: '同意发布' }, CITY],
    [{ type: 'EditOccupation', details: { ...details, hours: details.hours + 40 } }, institution],
    [{ type: 'SubmitForReview', authorities: AUTHORITIES, note: '增加课时' }, institution],
    [{ type: 'ApproveReview', opinion: '同意' }, COUNTY],
    [{ type: 'ApproveReview', opinion: '同意发布' }, CITY],
  ];
  let state: OccupationState = occupationDecider.initialState();
  const events: NewEvent[] = [];
  let clock = START + sequence * 1000;
  for (const [command, actor] of commands) {
    if (events.length >= count) break;
    const now = new Date((clock += 60_000)).toISOString();
    const decided: OccupationEvent[] = occupationDecider.decide(command, state, { actor, now });
    const commandId = randomUUID();
    for (const event of decided) {
      state = occupationDecider.evolve(state, event);
      events.push({
        id: randomUUID(),
        type: event.type,
        data: event.data,
        metadata: testMetadata({
          actorId: actor.id,
          actorRole: actor.role,
          actorOrgId: actor.orgId,
          commandId,
          correlationId: commandId,
          causationId: commandId,
          occurredAt: now,
          schemaVersion: currentSchemaVersion(event.type),
        }),
      });
    }
  }
  return { occupationId, streamId: occupationStreamId(occupationId), events: events.slice(0, count) };
}

/** `count` events for one append: whole lifecycles one after another (the store does not interpret them). */
export function eventsForAppend(sequence: number, count: number): GeneratedStream {
  const first = occupationLifecycle(sequence, Math.min(count, LIFECYCLE_LENGTH));
  while (first.events.length < count) {
    first.events.push(...occupationLifecycle(sequence + first.events.length, Math.min(count - first.events.length, LIFECYCLE_LENGTH)).events);
  }
  return first;
}
