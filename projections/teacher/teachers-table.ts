import type { Knex } from 'knex';
import { upcast } from '../../store/upcasters';
import { grantsRights } from '../../domain/affiliation/affiliation';
import { teacherDecider, type TeacherEvent, type TeacherState } from '../../domain/teacher/teacher';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const TEACHERS_TABLE = 'teachers';
export const TEACHER_ENGAGEMENTS_TABLE = 'teacher_engagements';
const PREFIX = 'teacher-';

export interface TeacherRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  name: string;
  id_number_bidx: string;
  id_number_masked: string;
  level: string;
  full_time: boolean;
  tier: string | null;
  qualified: boolean;
  revoked: boolean;
  review_status: string;
  state: TeacherState;
  updated_at: string;
}

export const teachersProjection = rowProjection<TeacherRow>({
  name: 'teachers',
  // 2: an index for the list's default order.
  version: 2,
  typePrefixes: ['Teacher', 'Review'],
  table: TEACHERS_TABLE,
  key: 'id',
  jsonColumns: ['state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable();
      t.text('name').notNullable();
      t.text('id_number_bidx').notNullable().unique();
      t.text('id_number_masked').notNullable();
      t.text('level').notNullable();
      t.boolean('full_time').notNullable();
      t.text('tier');
      t.boolean('qualified').notNullable();
      t.boolean('revoked').notNullable();
      t.text('review_status').notNullable();
      t.jsonb('state').notNullable();
      t.text('updated_at').notNullable();
      // The API list's default order (updated_at desc, id asc), read straight from this index.
      t.index([knex.raw('updated_at desc'), 'id'], `${table}_updated_at_id_index`);
    });
  },
  rowKey: (event) => (event.streamId.startsWith(PREFIX) ? event.streamId.slice(PREFIX.length) : undefined),
  evolve(row, event) {
    const state = teacherDecider.evolve(row?.state ?? teacherDecider.initialState(), upcast(event) as TeacherEvent);
    if (state.status !== 'declared') return row;
    return {
      id: state.teacherId,
      stream_id: event.streamId,
      name: state.profile.name,
      id_number_bidx: state.profile.idNumber.blindIndex,
      id_number_masked: state.profile.idNumber.masked,
      level: state.profile.level,
      full_time: state.profile.fullTime,
      tier: state.tier,
      qualified: state.qualification !== null,
      revoked: state.revoked !== null,
      review_status: state.review.status,
      state,
      updated_at: event.metadata.occurredAt,
    };
  },
});

export interface TeacherEngagementRow extends Record<string, unknown> {
  key: string;
  teacher_id: string;
  institution_id: string;
  status: string;
  /** The tie gives the institution rights over the teacher (affiliation.ts grantsRights). */
  grants_rights: boolean;
  updated_at: string;
}

export const teacherEngagementsProjection = rowProjection<TeacherEngagementRow>({
  name: 'teacher_engagements',
  // 2: grants_rights (a pending duplicate declaration opens nothing).
  version: 2,
  typePrefixes: ['TeacherDeclared', 'TeacherEngagement'],
  table: TEACHER_ENGAGEMENTS_TABLE,
  key: 'key',
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('key').primary();
      t.text('teacher_id').notNullable().index();
      t.text('institution_id').notNullable().index();
      t.text('status').notNullable();
      t.boolean('grants_rights').notNullable();
      t.text('updated_at').notNullable();
    });
  },
  rowKey: (event) => {
    const institutionId = (event.data as { institutionId?: string }).institutionId;
    return institutionId && event.streamId.startsWith(PREFIX) ? `${event.streamId.slice(PREFIX.length)}|${institutionId}` : undefined;
  },
  evolve(_row, event) {
    const institutionId = (event.data as { institutionId: string }).institutionId;
    const status = event.type === 'TeacherEngagementApproved' ? 'approved' : event.type === 'TeacherEngagementRejected' ? 'rejected' : 'pending';
    // The declaring institution's own tie is not a duplicate entry; a later request is, until approved.
    const grants = grantsRights({ institutionId, status, duplicateEntry: event.type !== 'TeacherDeclared' });
    return {
      key: `${event.streamId.slice(PREFIX.length)}|${institutionId}`,
      teacher_id: event.streamId.slice(PREFIX.length),
      institution_id: institutionId,
      status,
      grants_rights: grants,
      updated_at: event.metadata.occurredAt,
    };
  },
});

export const teachersTable = (knex: Knex) => knex<TeacherRow>(`${READ_MODEL_SCHEMA}.${TEACHERS_TABLE}`);
export const teacherEngagementsTable = (knex: Knex) => knex<TeacherEngagementRow>(`${READ_MODEL_SCHEMA}.${TEACHER_ENGAGEMENTS_TABLE}`);
