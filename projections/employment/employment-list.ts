// 毕业生就业 lists as SQL under the caller's data scope (the school the person graduated from):
// the employment records, and 9(12)'s skilled-talent report of graduates with what their records
// say (one row per graduate, an employment record or none).
import type { Knex } from 'knex';
import type { DataScope } from '../organization/data-scope';
import { ORGANIZATIONS_TABLE } from '../organization/organizations-table';
import { MAJORS_TABLE } from '../major/majors-table';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { STUDENTS_TABLE } from '../student/students-table';
import { TECHNICAL_SCHOOLS_TABLE } from '../technical-school/technical-schools-table';
import { DIPLOMA_STOCKS_TABLE } from '../diploma-stock/diploma-stocks-table';
import { EMPLOYMENTS_TABLE, employmentsTable } from './employments-table';

const rm = (table: string) => `${READ_MODEL_SCHEMA}.${table}`;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface EmploymentListFilter {
  keyword?: string;
  schoolId?: string;
  majorId?: string;
  destination?: string;
  graduationYear?: number;
}

/** Employment records with the graduate's name and masked ID number, the school's and the major's names. */
export const employmentRows = (knex: Knex) =>
  employmentsTable(knex)
    .join(`${rm(STUDENTS_TABLE)} as student`, 'student.id', 'employments.id')
    .leftJoin(`${rm(ORGANIZATIONS_TABLE)} as school`, 'school.id', 'employments.school_id')
    .leftJoin(`${rm(MAJORS_TABLE)} as major`, 'major.id', 'employments.major_id')
    .select('employments.*', 'student.name as student_name', 'student.id_number_masked', 'school.name as school_name', 'major.name as major_name');

export async function employmentListQuery(knex: Knex, scope: DataScope, filter: EmploymentListFilter) {
  const query = employmentRows(knex);
  await scope.restrict(query, { org: 'employments.school_id', owner: 'employments.created_by' });
  if (filter.keyword) {
    const like = `%${escapeLike(filter.keyword)}%`;
    query.where((q) => q.where('student.name', 'like', like).orWhere('employments.employer', 'like', like));
  }
  if (filter.schoolId) query.where('employments.school_id', filter.schoolId);
  if (filter.majorId) query.where('employments.major_id', filter.majorId);
  if (filter.destination) query.where('employments.destination', filter.destination);
  if (filter.graduationYear) query.where('employments.graduation_year', filter.graduationYear);
  // Wrapped: an async function returning the builder itself would run it (a builder is thenable).
  return { query };
}

export interface TalentFilter {
  keyword?: string;
  schoolId?: string;
  majorId?: string;
  graduationYear?: number;
  /** Only graduates with (true) or without (false) an employment record of this graduation. */
  recorded?: boolean;
  idNumberIndexes?: string[];
}

/**
 * Graduates (毕业 and 结业) with the student record's personal facts (masked where personal), the
 * school with its nature and authority, and the employment record of this graduation if any.
 */
export async function talentListQuery(knex: Knex, scope: DataScope, filter: TalentFilter) {
  const leftOn = "(students.state->>'leftOn')";
  const query = knex(rm(STUDENTS_TABLE))
    .where('students.status', 'left')
    .whereRaw("students.state->>'leftAs' in ('graduated', 'completed')")
    .leftJoin(`${rm(EMPLOYMENTS_TABLE)} as employment`, (j) => j.on('employment.id', 'students.id').andOn(knex.raw(`employment.graduated_on = ${leftOn}`)))
    .leftJoin(`${rm(ORGANIZATIONS_TABLE)} as school`, 'school.id', 'students.school_id')
    .leftJoin(`${rm(TECHNICAL_SCHOOLS_TABLE)} as ts`, 'ts.id', 'students.school_id')
    .leftJoin(`${rm(ORGANIZATIONS_TABLE)} as authority`, 'authority.id', 'ts.authority_id')
    .leftJoin(`${rm(MAJORS_TABLE)} as major`, 'major.id', 'students.major_id')
    .select(
      'students.id',
      'students.name',
      'students.id_number_masked',
      'students.phone_masked',
      'students.sex',
      'students.household_type',
      'students.poverty_registered',
      'students.education',
      'students.school_id',
      knex.raw("students.state->'person'->>'previousSchool' as previous_school"),
      knex.raw("students.state->'person'->>'address' as address"),
      knex.raw("students.state->'person'->>'personCategory' as person_category"),
      knex.raw("students.state->>'leftAs' as left_as"),
      knex.raw(`${leftOn} as left_on`),
      'school.name as school_name',
      'ts.nature as school_nature',
      'authority.name as authority_name',
      'major.name as major_name',
      'employment.destination',
      'employment.employer',
      'employment.employed_on',
      'employment.monthly_pay_fen',
      'employment.further_study_school',
      knex.raw("employment.state->'details'->'certificates' as certificates"),
    );
  await scope.restrict(query, { org: 'students.school_id' });
  if (filter.keyword) query.where('students.name', 'like', `%${escapeLike(filter.keyword)}%`);
  if (filter.idNumberIndexes) query.whereIn('students.id_number_bidx', filter.idNumberIndexes);
  if (filter.schoolId) query.where('students.school_id', filter.schoolId);
  if (filter.majorId) query.where('students.major_id', filter.majorId);
  if (filter.graduationYear) query.whereRaw(`substr(${leftOn}, 1, 4) = ?`, [String(filter.graduationYear)]);
  if (filter.recorded === true) query.whereNotNull('employment.id');
  if (filter.recorded === false) query.whereNull('employment.id');
  return { query };
}

/** The diploma numbers issued to these students (the school's stock record lists each issued number with its holder). */
export async function diplomaNumbersOf(knex: Knex, students: { id: string; school_id: string | null }[]): Promise<Map<string, string>> {
  const schools = [...new Set(students.map((s) => s.school_id).filter((id): id is string => Boolean(id)))];
  if (schools.length === 0) return new Map();
  const wanted = new Set(students.map((s) => s.id));
  const rows: { number: string; student_id: string }[] = await knex
    .select(knex.raw('e.key as number'), knex.raw("e.value->>'studentId' as student_id"))
    .from(knex.raw(`?? as d, jsonb_each(coalesce(d.state->'issued', '{}'::jsonb)) as e`, [rm(DIPLOMA_STOCKS_TABLE)]))
    .whereIn('d.school_id', schools)
    .orderBy('number');
  // The last number issued to a person (a reprint replaces the earlier one).
  return new Map(rows.filter((r) => wanted.has(r.student_id)).map((r) => [r.student_id, r.number]));
}
