import type { Knex } from 'knex';
import { studentExchangeStreams, type StudentExchangeEvent } from '../../domain/student-exchange/student-exchange';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const STUDENT_EXCHANGES_TABLE = 'student_exchanges';

/** One row per exchange with the national system: what, by whom, how many. */
export interface StudentExchangeRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  org_id: string;
  type: string;
  kind: string | null;
  channel: string | null;
  school_id: string | null;
  count: number;
  matched: number | null;
  differing: number | null;
  only_national: number | null;
  only_ours: number | null;
  sha256: string;
  created_by: string;
  created_at: string;
}

export const studentExchangesProjection = rowProjection<StudentExchangeRow>({
  name: 'student-exchanges',
  version: 1,
  typePrefixes: ['StudentDataExported', 'NationalListReconciled'],
  table: STUDENT_EXCHANGES_TABLE,
  key: 'id',
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable();
      t.text('org_id').notNullable().index();
      t.text('type').notNullable();
      t.text('kind');
      t.text('channel');
      t.text('school_id');
      t.integer('count').notNullable();
      t.integer('matched');
      t.integer('differing');
      t.integer('only_national');
      t.integer('only_ours');
      t.text('sha256').notNullable();
      t.text('created_by').notNullable();
      t.text('created_at').notNullable();
    });
  },
  rowKey: (event) => studentExchangeStreams.idOf(event.streamId),
  evolve(row, recorded) {
    const event = upcast(recorded) as StudentExchangeEvent;
    const base = { id: event.data.exchangeId, stream_id: recorded.streamId, org_id: event.data.orgId, type: event.type, sha256: event.data.sha256, created_by: recorded.metadata.actorId, created_at: recorded.metadata.occurredAt };
    if (event.type === 'StudentDataExported') {
      return { ...base, kind: event.data.kind, channel: event.data.channel, school_id: event.data.filter.schoolId, count: event.data.count, matched: null, differing: null, only_national: null, only_ours: null };
    }
    return { ...base, kind: null, channel: event.data.source, school_id: event.data.schoolId, count: event.data.rows, matched: event.data.matched, differing: event.data.differing, only_national: event.data.onlyNational, only_ours: event.data.onlyOurs };
  },
});

export const studentExchangesTable = (knex: Knex) => knex<StudentExchangeRow>(`${READ_MODEL_SCHEMA}.${STUDENT_EXCHANGES_TABLE}`);

export async function studentExchangeOwner(knex: Knex, id: string) {
  const row = await studentExchangesTable(knex).where({ id }).first('org_id', 'created_by');
  return row && { orgIds: [row.org_id], createdBy: row.created_by };
}

/** The exchanges of organisations in the caller's scope, newest first. */
export async function studentExchangeList(knex: Knex, scope: { restrict(q: Knex.QueryBuilder, c: { org: string; owner?: string }): Promise<void> }, limit = 100): Promise<(StudentExchangeRow & { org_name: string | null; school_name: string | null })[]> {
  const query = studentExchangesTable(knex)
    .leftJoin(`${READ_MODEL_SCHEMA}.organizations as org`, 'org.id', 'student_exchanges.org_id')
    .leftJoin(`${READ_MODEL_SCHEMA}.organizations as school`, 'school.id', 'student_exchanges.school_id')
    .select('student_exchanges.*', 'org.name as org_name', 'school.name as school_name');
  await scope.restrict(query, { org: 'student_exchanges.org_id', owner: 'student_exchanges.created_by' });
  return query.orderBy([{ column: 'student_exchanges.created_at', order: 'desc' }, { column: 'student_exchanges.id' }]).limit(limit);
}
