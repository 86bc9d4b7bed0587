import type { Knex } from 'knex';
import { schoolTeacherDecider, schoolTeacherStreams, type SchoolTeacherEvent, type SchoolTeacherState } from '../../domain/school-teacher/school-teacher';
import type { PersonalDataKind } from '../../domain/personal-data/personal-data-kind';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const SCHOOL_TEACHERS_TABLE = 'school_teachers';

/** One row per teacher of a school; personal data only as blind index and mask (the ciphertext stays in `state`). */
export interface SchoolTeacherRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  school_id: string;
  status: string;
  name: string;
  id_number_bidx: string;
  id_number_masked: string;
  phone_masked: string | null;
  sex: string;
  birth_date: string;
  major_id: string | null;
  field: string;
  title: string;
  education: string;
  employment: string;
  hired_on: string | null;
  state: SchoolTeacherState;
  created_by: string;
  created_at: string;
  updated_at: string;
}

function toRow(previous: SchoolTeacherRow | null, state: Exclude<SchoolTeacherState, { status: 'none' }>, event: RecordedEvent): SchoolTeacherRow {
  const p = state.profile;
  return {
    id: state.teacherId,
    stream_id: event.streamId,
    school_id: state.schoolId,
    status: state.status,
    name: p.name,
    id_number_bidx: p.idNumber.blindIndex,
    id_number_masked: p.idNumber.masked,
    phone_masked: p.phone?.masked ?? null,
    sex: p.sex,
    birth_date: p.birthDate,
    major_id: p.majorId,
    field: p.field,
    title: p.title,
    education: p.education,
    employment: p.employment,
    hired_on: p.hiredOn,
    state,
    created_by: previous?.created_by ?? event.metadata.actorId,
    created_at: previous?.created_at ?? event.metadata.occurredAt,
    updated_at: event.metadata.occurredAt,
  };
}

export const schoolTeachersProjection = rowProjection<SchoolTeacherRow>({
  name: 'school-teachers',
  version: 1,
  typePrefixes: ['SchoolTeacher'],
  table: SCHOOL_TEACHERS_TABLE,
  key: 'id',
  jsonColumns: ['state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable().unique();
      t.text('school_id').notNullable().index();
      t.text('status').notNullable();
      t.text('name').notNullable();
      t.text('id_number_bidx').notNullable().index();
      t.text('id_number_masked').notNullable();
      t.text('phone_masked');
      t.text('sex').notNullable();
      t.text('birth_date').notNullable();
      t.text('major_id').index();
      t.text('field').notNullable();
      t.text('title').notNullable();
      t.text('education').notNullable();
      t.text('employment').notNullable();
      t.text('hired_on');
      t.jsonb('state').notNullable();
      t.text('created_by').notNullable();
      t.text('created_at').notNullable();
      t.text('updated_at').notNullable();
    });
  },
  rowKey: (event) => schoolTeacherStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = schoolTeacherDecider.evolve(row?.state ?? schoolTeacherDecider.initialState(), upcast(event) as SchoolTeacherEvent);
    return state.status === 'none' ? row : toRow(row, state, event);
  },
});

export const schoolTeachersTable = (knex: Knex) => knex<SchoolTeacherRow>(`${READ_MODEL_SCHEMA}.${SCHOOL_TEACHERS_TABLE}`);

/** A teacher belongs to the school. */
export async function schoolTeacherOwner(knex: Knex, id: string) {
  const row = await schoolTeachersTable(knex).where({ id }).first('school_id', 'created_by');
  return row && { orgIds: [row.school_id], createdBy: row.created_by };
}

const PROTECTED: Record<string, PersonalDataKind> = { idNumber: 'idNumber', phone: 'phone' };

/** A protected field of the teacher (for the audited unmask). */
export async function schoolTeacherPersonalData(knex: Knex, id: string, field: string) {
  const kind = PROTECTED[field];
  const row = kind && (await schoolTeachersTable(knex).where({ id }).first('state'));
  if (!kind || !row || row.state.status === 'none') return undefined;
  const value = row.state.profile[field as 'idNumber' | 'phone'];
  return value ? { kind, cipher: value.cipher } : undefined;
}
