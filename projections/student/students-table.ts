import type { Knex } from 'knex';
import { currentLevel } from '../../domain/review/review';
import { schoolOf, studentDecider, studentOwners, studentStreams, type StudentEvent, type StudentState } from '../../domain/student/student';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const STUDENTS_TABLE = 'students';
export const STUDENT_OWNERS_TABLE = 'student_owners';

/**
 * One row per person with a student record. Personal data only as blind index and mask (the
 * ciphertext stays inside `state`). The columns are what lists filter, sort and count by, and what
 * later functions (waivers, grants, statistics) select on: status, school, major, class type,
 * study mode, year, 建档立卡.
 */
export interface StudentRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  status: string;
  name: string;
  id_number_bidx: string;
  id_number_masked: string;
  phone_masked: string | null;
  sex: string;
  birth_date: string;
  region_code: string;
  household_type: string;
  poverty_registered: boolean;
  education: string;
  school_id: string | null;
  transfer_to_school_id: string | null;
  major_id: string | null;
  class_type: string | null;
  study_mode: string | null;
  cohort_year: number | null;
  enrolled_on: string | null;
  student_number: string | null;
  application_kind: string | null;
  /** The earlier school of a registration that follows an ended status (flag for the reviewer). */
  previous_school_id: string | null;
  review_status: string;
  review_level: string | null;
  review_authority: string | null;
  state: StudentState;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** The last event applied: the state keeps dated lists (segments, history, changes) that an event applied twice would lengthen. */
  last_position: string;
}

/**
 * Which organisations a student is in the scope of (the school, and a school a transfer to it waits
 * at), with the list's default order column: a school's page is then one range of one index.
 */
export interface StudentOwnerRow extends Record<string, unknown> {
  student_id: string;
  org_id: string;
  updated_at: string;
}

function toRow(previous: StudentRow | null, state: Exclude<StudentState, { status: 'none' }>, event: RecordedEvent): StudentRow {
  const p = state.person;
  const enrolment = state.status === 'registering' ? state.registration : state.status === 'unregistered' ? null : state.enrolment;
  const level = currentLevel(state.review) ?? null;
  return {
    id: state.studentId,
    stream_id: event.streamId,
    status: state.status,
    name: p.name,
    id_number_bidx: p.idNumber.blindIndex,
    id_number_masked: p.idNumber.masked,
    phone_masked: p.phone?.masked ?? null,
    sex: p.sex,
    birth_date: p.birthDate,
    region_code: p.regionCode,
    household_type: p.householdType,
    poverty_registered: p.povertyRegistered,
    education: p.education,
    school_id: schoolOf(state),
    transfer_to_school_id: state.status === 'enrolled' ? (state.transfer?.toSchoolId ?? null) : null,
    major_id: enrolment?.majorId ?? null,
    class_type: enrolment?.classType ?? null,
    study_mode: enrolment?.studyMode ?? null,
    cohort_year: enrolment?.cohortYear ?? null,
    enrolled_on: enrolment?.enrolledOn ?? null,
    student_number: enrolment?.studentNumber ?? null,
    application_kind: state.status === 'enrolled' || state.status === 'suspended' ? (state.application?.kind ?? null) : null,
    previous_school_id: state.status === 'registering' ? (state.previous?.schoolId ?? null) : null,
    review_status: state.review.status,
    review_level: level,
    review_authority: level && state.review.status === 'pending' ? (state.review.authorities[level] ?? null) : null,
    state,
    created_by: previous?.created_by ?? event.metadata.actorId,
    created_at: previous?.created_at ?? event.metadata.occurredAt,
    updated_at: event.metadata.occurredAt,
    last_position: event.position.toString(),
  };
}

export const studentsProjection = rowProjection<StudentRow>({
  name: 'students',
  // 2: student_owners keeps updated_at (a school's list pages from its own index range).
  version: 2,
  typePrefixes: ['Student', 'Review'],
  table: STUDENTS_TABLE,
  key: 'id',
  jsonColumns: ['state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable().unique();
      t.text('status').notNullable().index();
      t.text('name').notNullable();
      t.text('id_number_bidx').notNullable().unique();
      t.text('id_number_masked').notNullable();
      t.text('phone_masked');
      t.text('sex').notNullable();
      t.text('birth_date').notNullable();
      t.text('region_code').notNullable();
      t.text('household_type').notNullable();
      t.boolean('poverty_registered').notNullable();
      t.text('education').notNullable();
      t.text('school_id').index();
      t.text('transfer_to_school_id');
      t.text('major_id').index();
      t.text('class_type');
      t.text('study_mode');
      t.integer('cohort_year');
      t.text('enrolled_on');
      t.text('student_number');
      t.text('application_kind');
      t.text('previous_school_id');
      t.text('review_status').notNullable();
      t.text('review_level');
      t.text('review_authority');
      t.jsonb('state').notNullable();
      t.text('created_by').notNullable();
      t.text('created_at').notNullable();
      t.text('updated_at').notNullable();
      t.bigInteger('last_position').notNullable();
      t.index([knex.raw('updated_at desc'), 'id'], `${table}_updated_at_id_index`);
    });
  },
  rowKey: (event) => studentStreams.idOf(event.streamId),
  evolve(row, event) {
    // Events fed again (a replay over the rows) are applied once: the state's lists would grow.
    if (row && BigInt(row.last_position) >= event.position) return row;
    const state = studentDecider.evolve(row?.state ?? studentDecider.initialState(), upcast(event) as StudentEvent);
    return state.status === 'none' ? row : toRow(row, state, event);
  },
  derived: [
    {
      table: STUDENT_OWNERS_TABLE,
      parentKey: 'student_id',
      async createTable(knex, qualified) {
        const [schema, table] = qualified.split('.') as [string, string];
        await knex.schema.withSchema(schema).createTable(table, (t) => {
          t.text('student_id').notNullable();
          t.text('org_id').notNullable();
          t.text('updated_at').notNullable();
          t.primary(['org_id', 'student_id']);
          t.index(['student_id']);
          t.index(['org_id', knex.raw('updated_at desc'), 'student_id'], `${table}_org_updated_at_index`);
        });
      },
      load: async () => undefined,
      rowsOf: (row) => studentOwners(row.state).map((org_id) => ({ student_id: row.id, org_id, updated_at: row.updated_at })),
    },
  ],
});

export const studentsTable = (knex: Knex) => knex<StudentRow>(`${READ_MODEL_SCHEMA}.${STUDENTS_TABLE}`);
export const studentOwnersTable = (knex: Knex) => knex<StudentOwnerRow>(`${READ_MODEL_SCHEMA}.${STUDENT_OWNERS_TABLE}`);
