// 毕业生就业: one row per graduate's employment record, under the school the person graduated from.
import type { Knex } from 'knex';
import { employmentDecider, employmentStreams, type EmploymentEvent, type EmploymentState } from '../../domain/employment/employment';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const EMPLOYMENTS_TABLE = 'employments';

export interface EmploymentRow extends Record<string, unknown> {
  /** The student's id (one record per person). */
  id: string;
  stream_id: string;
  school_id: string;
  major_id: string;
  outcome: string;
  graduated_on: string;
  graduation_year: number;
  destination: string;
  employer: string;
  employed_on: string | null;
  /** bigint: node-postgres reads it back as a string. */
  monthly_pay_fen: string | number | null;
  further_study_school: string;
  certificate_count: number;
  state: EmploymentState;
  created_by: string;
  created_at: string;
  updated_at: string;
}

function toRow(previous: EmploymentRow | null, state: Extract<EmploymentState, { status: 'recorded' }>, event: RecordedEvent): EmploymentRow {
  const g = state.graduation;
  const d = state.details;
  return {
    id: g.studentId,
    stream_id: event.streamId,
    school_id: g.schoolId,
    major_id: g.majorId,
    outcome: g.outcome,
    graduated_on: g.graduatedOn,
    graduation_year: Number(g.graduatedOn.slice(0, 4)),
    destination: d.destination,
    employer: d.employer,
    employed_on: d.employedOn,
    monthly_pay_fen: d.monthlyPayFen,
    further_study_school: d.furtherStudySchool,
    certificate_count: d.certificates.length,
    state,
    created_by: previous?.created_by ?? event.metadata.actorId,
    created_at: previous?.created_at ?? event.metadata.occurredAt,
    updated_at: event.metadata.occurredAt,
  };
}

export const employmentsProjection = rowProjection<EmploymentRow>({
  name: 'employments',
  version: 1,
  typePrefixes: ['Employment'],
  table: EMPLOYMENTS_TABLE,
  key: 'id',
  jsonColumns: ['state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable().unique();
      t.text('school_id').notNullable().index();
      t.text('major_id').notNullable();
      t.text('outcome').notNullable();
      t.text('graduated_on').notNullable();
      t.integer('graduation_year').notNullable();
      t.text('destination').notNullable();
      t.text('employer').notNullable();
      t.text('employed_on');
      t.bigInteger('monthly_pay_fen');
      t.text('further_study_school').notNullable();
      t.integer('certificate_count').notNullable();
      t.jsonb('state').notNullable();
      t.text('created_by').notNullable();
      t.text('created_at').notNullable();
      t.text('updated_at').notNullable();
      t.index([knex.raw('updated_at desc'), 'id'], `${table}_updated_at_id_index`);
    });
  },
  rowKey: (event) => employmentStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = employmentDecider.evolve(row?.state ?? employmentDecider.initialState(), upcast(event) as EmploymentEvent);
    return state.status === 'recorded' ? toRow(row, state, event) : row;
  },
});

export const employmentsTable = (knex: Knex) => knex<EmploymentRow>(`${READ_MODEL_SCHEMA}.${EMPLOYMENTS_TABLE}`);

/** An employment record belongs to the school the person graduated from. */
export async function employmentOwner(knex: Knex, id: string) {
  const row = await employmentsTable(knex).where({ id }).first('school_id', 'created_by');
  return row && { orgIds: [row.school_id], createdBy: row.created_by };
}
