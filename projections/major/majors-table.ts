import type { Knex } from 'knex';
import { majorDecider, majorStreams, type MajorEvent, type MajorState } from '../../domain/major/major';
import type { MajorDetails } from '../../domain/major/major-details';
import { currentLevel } from '../../domain/review/review';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const MAJORS_TABLE = 'majors';

/** One row per major of a school: the shown values (pending while a change is open), approved and pending. */
export interface MajorRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  school_id: string;
  declared_by: string;
  code: string;
  name: string;
  field: string;
  class_types: string[];
  duration_years: number;
  enrolment_plan: number;
  approved: MajorDetails | null;
  pending: MajorDetails | null;
  version: number;
  review_status: string;
  review_level: string | null;
  review_authority: string | null;
  state: MajorState;
  declared_at: string;
  updated_at: string;
  approved_at: string | null;
}

function toRow(previous: MajorRow | null, state: Extract<MajorState, { status: 'declared' }>, event: RecordedEvent): MajorRow {
  const shown = state.pending ?? state.approved!;
  const level = currentLevel(state.review) ?? null;
  return {
    id: state.majorId,
    stream_id: event.streamId,
    school_id: state.schoolId,
    declared_by: previous?.declared_by ?? event.metadata.actorId,
    code: shown.code,
    name: shown.name,
    field: shown.field,
    class_types: shown.classTypes,
    duration_years: shown.durationYears,
    enrolment_plan: shown.enrolmentPlan,
    approved: state.approved,
    pending: state.pending,
    version: state.version,
    review_status: state.review.status,
    review_level: level,
    review_authority: level && state.review.status === 'pending' ? (state.review.authorities[level] ?? null) : null,
    state,
    declared_at: previous?.declared_at ?? event.metadata.occurredAt,
    updated_at: event.metadata.occurredAt,
    approved_at: event.type === 'MajorApproved' ? event.metadata.occurredAt : (previous?.approved_at ?? null),
  };
}

export const majorsProjection = rowProjection<MajorRow>({
  name: 'majors',
  version: 1,
  typePrefixes: ['Major', 'Review'],
  table: MAJORS_TABLE,
  key: 'id',
  jsonColumns: ['class_types', 'approved', 'pending', 'state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable().unique();
      t.text('school_id').notNullable().index();
      t.text('declared_by').notNullable();
      t.text('code').notNullable().index();
      t.text('name').notNullable();
      t.text('field').notNullable();
      t.jsonb('class_types').notNullable();
      t.integer('duration_years').notNullable();
      t.integer('enrolment_plan').notNullable();
      t.jsonb('approved');
      t.jsonb('pending');
      t.integer('version').notNullable();
      t.text('review_status').notNullable();
      t.text('review_level');
      t.text('review_authority');
      t.jsonb('state').notNullable();
      t.text('declared_at').notNullable();
      t.text('updated_at').notNullable();
      t.text('approved_at');
    });
  },
  rowKey: (event) => majorStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = majorDecider.evolve(row?.state ?? majorDecider.initialState(), upcast(event) as MajorEvent);
    return state.status === 'declared' ? toRow(row, state, event) : row;
  },
});

export const majorsTable = (knex: Knex) => knex<MajorRow>(`${READ_MODEL_SCHEMA}.${MAJORS_TABLE}`);

/** Who owns a major: the school that declared it, and its declarer (for 'own' scope). */
export async function majorOwner(knex: Knex, id: string) {
  const row = await majorsTable(knex).where({ id }).first('school_id', 'declared_by');
  return row && { orgIds: [row.school_id], createdBy: row.declared_by };
}
