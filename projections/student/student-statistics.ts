// 在校生统计 (requirement 9(11)): the students in school (在籍 and 休学) of the caller's scope, counted
// by one dimension, in SQL over the students read model (the projection keeps one row per person,
// indexed on what is grouped), so nothing is folded per request.
import type { Knex } from 'knex';
import type { DataScope } from '../organization/data-scope';
import { studentOwnersTable, studentsTable, STUDENTS_TABLE } from './students-table';

export const STUDENT_STATISTICS_GROUPS = ['classType', 'studyMode', 'poverty', 'age', 'cohortYear', 'school'] as const;
export type StudentStatisticsGroup = (typeof STUDENT_STATISTICS_GROUPS)[number];

export interface StudentStatisticsRow {
  key: string;
  in_school: string;
  enrolled: string;
  suspended: string;
}

/** Age bands on `today` (China date): a technical school's students from junior-high leavers to adults. */
const AGE_BAND = `case
  when extract(year from age(?::date, students.birth_date::date)) <= 15 then '15岁及以下'
  when extract(year from age(?::date, students.birth_date::date)) <= 17 then '16-17岁'
  when extract(year from age(?::date, students.birth_date::date)) <= 19 then '18-19岁'
  when extract(year from age(?::date, students.birth_date::date)) <= 24 then '20-24岁'
  else '25岁及以上' end`;

export async function studentStatistics(knex: Knex, scope: DataScope, groupBy: StudentStatisticsGroup, today: string): Promise<StudentStatisticsRow[]> {
  const key: Record<StudentStatisticsGroup, { sql: string; bindings: string[] }> = {
    classType: { sql: 'students.class_type', bindings: [] },
    studyMode: { sql: 'students.study_mode', bindings: [] },
    poverty: { sql: "case when students.poverty_registered then 'yes' else 'no' end", bindings: [] },
    age: { sql: AGE_BAND, bindings: [today, today, today, today] },
    cohortYear: { sql: 'students.cohort_year::text', bindings: [] },
    school: { sql: 'students.school_id', bindings: [] },
  };
  const owners = studentOwnersTable(knex).select('student_id');
  await scope.restrict(owners, { org: 'student_owners.org_id' });
  const query = studentsTable(knex)
    .whereIn(`${STUDENTS_TABLE}.id`, owners)
    .whereIn('students.status', ['enrolled', 'suspended'])
    .select(
      knex.raw(`${key[groupBy].sql} as key`, key[groupBy].bindings),
      knex.raw('count(*) as in_school'),
      knex.raw("count(*) filter (where students.status = 'enrolled') as enrolled"),
      knex.raw("count(*) filter (where students.status = 'suspended') as suspended"),
    )
    .groupByRaw('1')
    .orderByRaw('1');
  return (await query) as unknown as StudentStatisticsRow[];
}
