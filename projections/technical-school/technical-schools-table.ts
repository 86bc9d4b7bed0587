import type { Knex } from 'knex';
import { currentLevel } from '../../domain/review/review';
import type { SchoolInfo } from '../../domain/technical-school/school-info';
import { technicalSchoolDecider, technicalSchoolStreams, type TechnicalSchoolEvent, type TechnicalSchoolState } from '../../domain/technical-school/technical-school';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const TECHNICAL_SCHOOLS_TABLE = 'technical_schools';

/** One row per school: the information in force, a pending change, the review state. */
export interface TechnicalSchoolRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  authority_id: string;
  code: string;
  division_code: string;
  name: string;
  level: string;
  nature: string;
  info: SchoolInfo;
  pending: SchoolInfo | null;
  review_status: string;
  review_level: string | null;
  review_authority: string | null;
  state: TechnicalSchoolState;
  created_by: string;
  created_at: string;
  updated_at: string;
}

function toRow(previous: TechnicalSchoolRow | null, state: Extract<TechnicalSchoolState, { status: 'active' }>, event: RecordedEvent): TechnicalSchoolRow {
  const level = currentLevel(state.review) ?? null;
  return {
    id: state.schoolId,
    stream_id: event.streamId,
    authority_id: state.authorityId,
    code: state.code,
    division_code: state.divisionCode,
    name: state.info.name,
    level: state.info.level,
    nature: state.info.nature,
    info: state.info,
    pending: state.pending,
    review_status: state.review.status,
    review_level: level,
    review_authority: level && state.review.status === 'pending' ? (state.review.authorities[level] ?? null) : null,
    state,
    created_by: previous?.created_by ?? event.metadata.actorId,
    created_at: previous?.created_at ?? event.metadata.occurredAt,
    updated_at: event.metadata.occurredAt,
  };
}

export const technicalSchoolsProjection = rowProjection<TechnicalSchoolRow>({
  name: 'technical-schools',
  version: 1,
  typePrefixes: ['TechnicalSchool', 'Review'],
  table: TECHNICAL_SCHOOLS_TABLE,
  key: 'id',
  jsonColumns: ['info', 'pending', 'state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable().unique();
      t.text('authority_id').notNullable().index();
      t.text('code').notNullable().index();
      t.text('division_code').notNullable();
      t.text('name').notNullable();
      t.text('level').notNullable();
      t.text('nature').notNullable();
      t.jsonb('info').notNullable();
      t.jsonb('pending');
      t.text('review_status').notNullable();
      t.text('review_level');
      t.text('review_authority');
      t.jsonb('state').notNullable();
      t.text('created_by').notNullable();
      t.text('created_at').notNullable();
      t.text('updated_at').notNullable();
    });
  },
  rowKey: (event) => technicalSchoolStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = technicalSchoolDecider.evolve(row?.state ?? technicalSchoolDecider.initialState(), upcast(event) as TechnicalSchoolEvent);
    return state.status === 'active' ? toRow(row, state, event) : row;
  },
});

export const technicalSchoolsTable = (knex: Knex) => knex<TechnicalSchoolRow>(`${READ_MODEL_SCHEMA}.${TECHNICAL_SCHOOLS_TABLE}`);
