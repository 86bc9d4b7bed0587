// 免学费、助学金申请: one row per application, with the amount in fen, under the school's scope.
import type { Knex } from 'knex';
import { currentLevel } from '../../domain/review/review';
import { schoolAidDecider, schoolAidStreams, type SchoolAidEvent, type SchoolAidState } from '../../domain/school-aid/school-aid';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';
import type { DataScope } from '../organization/data-scope';
import { joinOrganizationName } from '../organization/organization-names';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const SCHOOL_AIDS_TABLE = 'school_aids';

export interface SchoolAidRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  school_id: string;
  student_id: string;
  student_name: string;
  kind: string;
  school_year: number;
  amount_fen: number;
  tier: string | null;
  basis: string | null;
  status: string;
  review_status: string;
  review_level: string | null;
  review_authority: string | null;
  applied_by: string;
  state: SchoolAidState;
  applied_at: string;
  updated_at: string;
  decided_at: string | null;
}

function toRow(previous: SchoolAidRow | null, state: Exclude<SchoolAidState, { status: 'none' }>, event: RecordedEvent): SchoolAidRow {
  const a = state.application;
  const level = currentLevel(state.review) ?? null;
  return {
    id: a.applicationId,
    stream_id: event.streamId,
    school_id: a.schoolId,
    student_id: a.studentId,
    student_name: a.studentName,
    kind: a.kind,
    school_year: a.schoolYear,
    amount_fen: a.amountFen,
    tier: a.tier,
    basis: a.basis,
    status: state.status,
    review_status: state.review.status,
    review_level: level,
    review_authority: level && state.review.status === 'pending' ? (state.review.authorities[level] ?? null) : null,
    applied_by: previous?.applied_by ?? event.metadata.actorId,
    state,
    applied_at: event.type === 'SchoolAidApplied' ? event.metadata.occurredAt : (previous?.applied_at ?? event.metadata.occurredAt),
    updated_at: event.metadata.occurredAt,
    decided_at: event.type === 'SchoolAidApproved' || event.type === 'SchoolAidRejected' ? event.metadata.occurredAt : (previous?.decided_at ?? null),
  };
}

export const schoolAidsProjection = rowProjection<SchoolAidRow>({
  name: 'school-aids',
  version: 1,
  typePrefixes: ['SchoolAid', 'Review'],
  table: SCHOOL_AIDS_TABLE,
  key: 'id',
  jsonColumns: ['state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable().unique();
      t.text('school_id').notNullable().index();
      t.text('student_id').notNullable().index();
      t.text('student_name').notNullable();
      t.text('kind').notNullable();
      t.integer('school_year').notNullable();
      // Integer fen: bigint, never a float.
      t.bigInteger('amount_fen').notNullable();
      t.text('tier');
      t.text('basis');
      t.text('status').notNullable();
      t.text('review_status').notNullable();
      t.text('review_level');
      t.text('review_authority');
      t.text('applied_by').notNullable();
      t.jsonb('state').notNullable();
      t.text('applied_at').notNullable();
      t.text('updated_at').notNullable();
      t.text('decided_at');
      t.index(['kind', 'school_year']);
    });
  },
  rowKey: (event) => schoolAidStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = schoolAidDecider.evolve(row?.state ?? schoolAidDecider.initialState(), upcast(event) as SchoolAidEvent);
    return state.status === 'none' ? row : toRow(row, state, event);
  },
});

export const schoolAidsTable = (knex: Knex) => knex<SchoolAidRow>(`${READ_MODEL_SCHEMA}.${SCHOOL_AIDS_TABLE}`);

export interface SchoolAidFilter {
  kind?: string;
  schoolYear?: number;
  schoolId?: string;
  studentId?: string;
  status?: string;
  reviewStatus?: string;
  keyword?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Applications with `school_name`. */
export const schoolAidRows = (knex: Knex) => joinOrganizationName(schoolAidsTable(knex), 'school_aids.school_id', 'school').select('school_aids.*', 'school.name as school_name');

/** Applications under the caller's data scope (wrapped: a query builder returned from an async function would run). */
export async function schoolAidListQuery(knex: Knex, scope: DataScope, filter: SchoolAidFilter): Promise<{ query: Knex.QueryBuilder }> {
  const query = schoolAidRows(knex);
  await scope.restrict(query, { org: 'school_aids.school_id', owner: 'school_aids.applied_by' });
  if (filter.kind) query.where('school_aids.kind', filter.kind);
  if (filter.schoolYear) query.where('school_aids.school_year', filter.schoolYear);
  if (filter.schoolId) query.where('school_aids.school_id', filter.schoolId);
  if (filter.studentId) query.where('school_aids.student_id', filter.studentId);
  if (filter.status) query.where('school_aids.status', filter.status);
  if (filter.reviewStatus) query.where('school_aids.review_status', filter.reviewStatus);
  if (filter.keyword) query.where('school_aids.student_name', 'like', `%${escapeLike(filter.keyword)}%`);
  return { query };
}

export interface SchoolAidTotalRow {
  school_id: string;
  kind: string;
  school_year: number;
  applications: string;
  approved: string;
  approved_fen: string;
}

/** Totals per school, kind and year, approved and pending (integer fen, summed in SQL as bigint). */
export async function schoolAidTotals(knex: Knex, scope: DataScope, filter: SchoolAidFilter): Promise<SchoolAidTotalRow[]> {
  const query = schoolAidsTable(knex)
    .select(
      'school_aids.school_id',
      'school_aids.kind',
      'school_aids.school_year',
      knex.raw('count(*) as applications'),
      knex.raw("count(*) filter (where school_aids.status = 'approved') as approved"),
      knex.raw("coalesce(sum(school_aids.amount_fen) filter (where school_aids.status = 'approved'), 0)::bigint as approved_fen"),
    )
    .groupBy('school_aids.school_id', 'school_aids.kind', 'school_aids.school_year')
    .orderBy(['school_aids.school_id', 'school_aids.kind', 'school_aids.school_year']);
  await scope.restrict(query, { org: 'school_aids.school_id', owner: 'school_aids.applied_by' });
  if (filter.kind) query.where('school_aids.kind', filter.kind);
  if (filter.schoolYear) query.where('school_aids.school_year', filter.schoolYear);
  return (await query) as unknown as SchoolAidTotalRow[];
}

/** Who owns an application: the school that applied, and its applicant (for 'own' scope). */
export async function schoolAidOwner(knex: Knex, id: string) {
  const row = await schoolAidsTable(knex).where({ id }).first('school_id', 'applied_by');
  return row && { orgIds: [row.school_id], createdBy: row.applied_by };
}
