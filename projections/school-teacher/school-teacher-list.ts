// The school teachers list and statistics (by major, field, title, education, status) as SQL,
// under the caller's data scope.
import type { Knex } from 'knex';
import type { DataScope } from '../organization/data-scope';
import { joinOrganizationName } from '../organization/organization-names';
import { MAJORS_TABLE } from '../major/majors-table';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { schoolTeachersTable } from './school-teachers-table';

export interface SchoolTeacherListFilter {
  keyword?: string;
  idNumberIndexes?: string[];
  schoolId?: string;
  majorId?: string;
  field?: string;
  title?: string;
  employment?: string;
  /** Removed teachers are left out unless asked for. */
  includeRemoved?: boolean;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Teachers with `school_name` and `major_name`. */
export const schoolTeacherRows = (knex: Knex) =>
  joinOrganizationName(schoolTeachersTable(knex), 'school_teachers.school_id', 'school')
    .leftJoin(`${READ_MODEL_SCHEMA}.${MAJORS_TABLE} as major`, 'major.id', 'school_teachers.major_id')
    .select('school_teachers.*', 'school.name as school_name', 'major.name as major_name');

function applyFilter(query: Knex.QueryBuilder, filter: SchoolTeacherListFilter) {
  if (filter.keyword) query.where('school_teachers.name', 'like', `%${escapeLike(filter.keyword)}%`);
  if (filter.idNumberIndexes) query.whereIn('school_teachers.id_number_bidx', filter.idNumberIndexes);
  if (filter.schoolId) query.where('school_teachers.school_id', filter.schoolId);
  if (filter.majorId) query.where('school_teachers.major_id', filter.majorId);
  if (filter.field) query.where('school_teachers.field', filter.field);
  if (filter.title) query.where('school_teachers.title', filter.title);
  if (filter.employment) query.where('school_teachers.employment', filter.employment);
  if (!filter.includeRemoved) query.where('school_teachers.status', 'listed');
}

export async function schoolTeacherListQuery(knex: Knex, scope: DataScope, filter: SchoolTeacherListFilter) {
  const query = schoolTeacherRows(knex);
  await scope.restrict(query, { org: 'school_teachers.school_id', owner: 'school_teachers.created_by' });
  applyFilter(query, filter);
  return { query };
}

export const TEACHER_GROUPINGS = { major: 'school_teachers.major_id', field: 'school_teachers.field', title: 'school_teachers.title', education: 'school_teachers.education', school: 'school_teachers.school_id' } as const;
export type TeacherGrouping = keyof typeof TEACHER_GROUPINGS;

export interface TeacherStatisticsRow {
  key: string | null;
  total: number;
  active: number;
  retired: number;
}

/** 教师统计: teachers on the list (not removed) grouped by one dimension, with how many are 在职 and 退休. */
export async function schoolTeacherStatistics(knex: Knex, scope: DataScope, groupBy: TeacherGrouping, filter: SchoolTeacherListFilter): Promise<TeacherStatisticsRow[]> {
  const column = TEACHER_GROUPINGS[groupBy];
  const query = schoolTeachersTable(knex)
    .select(knex.raw('?? as key', [column]))
    .select(knex.raw('count(*)::int as total'))
    .select(knex.raw(`count(*) filter (where school_teachers.employment = 'active')::int as active`))
    .select(knex.raw(`count(*) filter (where school_teachers.employment = 'retired')::int as retired`))
    .groupBy(column)
    .orderBy('total', 'desc');
  await scope.restrict(query, { org: 'school_teachers.school_id', owner: 'school_teachers.created_by' });
  applyFilter(query, filter);
  return (await query) as unknown as TeacherStatisticsRow[];
}
