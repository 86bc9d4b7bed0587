// What the exchange with the national system reads (issue 15 §7), under the caller's data scope: the
// approved students with their school's and major's codes, the approved changes of a period, and our
// side of a reconciliation. Personal data stays as the state holds it (ciphertext); the API decrypts
// only what an export sends, after the export is recorded.
import type { Knex } from 'knex';
import type { StudentState } from '../../domain/student/student';
import { majorsTable } from '../major/majors-table';
import type { DataScope } from '../organization/data-scope';
import { studentOwnersTable, studentsTable, type StudentRow } from '../student/students-table';
import { technicalSchoolsTable } from '../technical-school/technical-schools-table';

export interface ExchangeSourceFilter {
  schoolId?: string | null;
  /** Period (YYYY-MM-DD, both ends included): entry date of a registration, effective date of a change. */
  from?: string | null;
  to?: string | null;
}

/** The statuses the national system is told of (a registration under review is not one). */
const HELD = ['enrolled', 'suspended', 'left'];

async function inScope(knex: Knex, scope: DataScope, filter: ExchangeSourceFilter, statuses?: string[]) {
  const owners = studentOwnersTable(knex).select('student_id');
  await scope.restrict(owners, { org: 'student_owners.org_id' });
  const query = studentsTable(knex).whereIn('students.id', owners);
  if (statuses) query.whereIn('students.status', statuses);
  if (filter.schoolId) query.where('students.school_id', filter.schoolId);
  // Wrapped: a query builder is a thenable an async function's return would run.
  return { query };
}

/** Codes and names of schools and majors, by id. */
export async function exchangeCodes(knex: Knex, schoolIds: string[], majorIds: string[]) {
  const [schools, majors] = await Promise.all([
    schoolIds.length ? technicalSchoolsTable(knex).whereIn('id', [...new Set(schoolIds)]).select('id', 'code', 'name') : [],
    majorIds.length ? majorsTable(knex).whereIn('id', [...new Set(majorIds)]).select('id', 'code', 'name') : [],
  ]);
  return { schools: new Map(schools.map((s) => [s.id, s])), majors: new Map(majors.map((m) => [m.id, m])) };
}

/** Approved students, by entry date within the period. */
export async function registrationSource(knex: Knex, scope: DataScope, filter: ExchangeSourceFilter): Promise<StudentRow[]> {
  const { query } = await inScope(knex, scope, filter, HELD);
  if (filter.from) query.where('students.enrolled_on', '>=', filter.from);
  if (filter.to) query.where('students.enrolled_on', '<=', filter.to);
  return query.orderBy(['students.school_id', 'students.id']);
}

/** Students with an approved change effective within the period (the changes are in their state's change log). */
export async function changeSource(knex: Knex, scope: DataScope, filter: ExchangeSourceFilter): Promise<StudentRow[]> {
  const { query } = await inScope(knex, scope, { from: null, to: null });
  // A change is the school's where it was made: the student may have moved on since (a transfer).
  query.whereRaw(`jsonb_array_length(coalesce(students.state->'changeLog', '[]'::jsonb)) > 0`);
  const rows: StudentRow[] = await query.orderBy('students.id');
  const within = (date: string) => (!filter.from || date >= filter.from) && (!filter.to || date <= filter.to);
  return rows.filter((r) => {
    const state = r.state as Exclude<StudentState, { status: 'none' }>;
    return state.changeLog.some((c) => within(c.effectiveOn) && (!filter.schoolId || c.schoolId === filter.schoolId));
  });
}

/** Our side of a reconciliation: approved students of the given schools (or all in scope). */
export async function reconciliationSource(knex: Knex, scope: DataScope, schoolIds: string[] | null): Promise<StudentRow[]> {
  const { query } = await inScope(knex, scope, {}, HELD);
  if (schoolIds) query.whereIn('students.school_id', schoolIds);
  return query.orderBy('students.id');
}

/** The schools (in scope) with these codes. */
export async function schoolsByCode(knex: Knex, scope: DataScope, codes: string[]): Promise<{ id: string; code: string; name: string }[]> {
  if (!codes.length) return [];
  const query = technicalSchoolsTable(knex).whereIn('code', [...new Set(codes)]).select('id', 'code', 'name');
  await scope.restrict(query, { org: 'technical_schools.id' });
  return query;
}
