// The statistics of 9(10)-(11) as sums over the counter table (school-statistics.ts), under the
// caller's data scope on the school each counter belongs to. Each is one SQL query, so the GraphQL
// answer and the .xlsx export are the same rows.
import type { Knex } from 'knex';
import type { DataScope } from '../organization/data-scope';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { SCHOOL_STATISTICS_TABLE } from './school-statistics';

const COUNTERS = `${READ_MODEL_SCHEMA}.${SCHOOL_STATISTICS_TABLE}`;

export const STUDENT_STATISTICS_GROUPS = ['classType', 'studyMode', 'poverty', 'age', 'cohortYear', 'school', 'major'] as const;
export type StudentStatisticsGroup = (typeof STUDENT_STATISTICS_GROUPS)[number];
export const AID_STATISTICS_GROUPS = ['kind', 'schoolYear', 'school'] as const;
export type AidStatisticsGroup = (typeof AID_STATISTICS_GROUPS)[number];

export interface StudentStatisticsRow {
  key: string;
  /** The dimension asked for, on every row (an export maps each batch by it). */
  group_by: StudentStatisticsGroup;
  in_school: string;
  enrolled: string;
  suspended: string;
}

export interface AidStatisticsRow {
  key: string;
  group_by: AidStatisticsGroup;
  kind: string | null;
  approved_count: string;
  approved_fen: string;
  pending_count: string;
  pending_fen: string;
}

const sumOf = (knex: Knex, measure: string, alias: string) => knex.raw(`coalesce(sum(c.value) filter (where c.measure = ?), 0)::bigint as ??`, [measure, alias]);

/**
 * Age in whole years on `today` from the month of birth (a student born in the current month counts
 * as having had the birthday): counters keep the month, so the age is read on any day without a
 * rebuild. The bands are those of a technical school's students, from junior-high leavers to adults.
 */
function ageBand(knex: Knex, today: string) {
  const months = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7));
  const age = `((?::int - (substr(c.key, 1, 4)::int * 12 + substr(c.key, 6, 2)::int)) / 12)`;
  return knex.raw(
    `case when ${age} <= 15 then '15岁及以下' when ${age} <= 17 then '16-17岁' when ${age} <= 19 then '18-19岁' when ${age} <= 24 then '20-24岁' else '25岁及以上' end`,
    [months, months, months, months],
  );
}

/** 在校生统计: students in school (在籍 and 休学 apart) by one dimension. */
export async function studentStatisticsQuery(knex: Knex, scope: DataScope, groupBy: StudentStatisticsGroup, today: string): Promise<{ query: Knex.QueryBuilder }> {
  const dimension = groupBy === 'school' ? 'total' : groupBy === 'age' ? 'birthMonth' : groupBy;
  const key = groupBy === 'school' ? knex.raw('c.org_id') : groupBy === 'age' ? ageBand(knex, today) : knex.raw('c.key');
  const query = knex(`${COUNTERS} as c`)
    .where('c.dimension', dimension)
    .select(knex.raw('? as key', [key]), knex.raw('?::text as group_by', [groupBy]), sumOf(knex, 'enrolled', 'enrolled'), sumOf(knex, 'suspended', 'suspended'))
    .select(knex.raw('coalesce(sum(c.value), 0)::bigint as in_school'))
    .groupByRaw('1')
    .orderByRaw('1');
  await scope.restrict(query, { org: 'c.org_id' });
  // Wrapped: an async function returning the builder itself would run it (a builder is thenable).
  return { query };
}

/** 资助统计: approved and waiting applications with their amounts (fen), by kind, school year or school. */
export async function aidStatisticsQuery(knex: Knex, scope: DataScope, groupBy: AidStatisticsGroup, filter: { kind?: string; schoolYear?: number }): Promise<{ query: Knex.QueryBuilder }> {
  const kind = knex.raw(`split_part(c.key, '|', 1)`);
  const key =
    groupBy === 'kind' ? kind : groupBy === 'schoolYear' ? knex.raw(`split_part(c.key, '|', 2)`) : knex.raw('c.org_id');
  const query = knex(`${COUNTERS} as c`)
    .where('c.dimension', 'aid')
    .select(knex.raw('? as key', [key]), knex.raw('?::text as group_by', [groupBy]), knex.raw(`case when count(distinct split_part(c.key, '|', 1)) = 1 then min(split_part(c.key, '|', 1)) end as kind`))
    .select(sumOf(knex, 'approvedCount', 'approved_count'), sumOf(knex, 'approvedFen', 'approved_fen'), sumOf(knex, 'pendingCount', 'pending_count'), sumOf(knex, 'pendingFen', 'pending_fen'))
    .groupByRaw('1')
    .orderByRaw('1');
  if (filter.kind) query.whereRaw(`split_part(c.key, '|', 1) = ?`, [filter.kind]);
  if (filter.schoolYear) query.whereRaw(`split_part(c.key, '|', 2) = ?`, [String(filter.schoolYear)]);
  await scope.restrict(query, { org: 'c.org_id' });
  // Wrapped: an async function returning the builder itself would run it (a builder is thenable).
  return { query };
}

export const EMPLOYMENT_STATISTICS_GROUPS = ['school', 'major', 'year'] as const;
export type EmploymentStatisticsGroup = (typeof EMPLOYMENT_STATISTICS_GROUPS)[number];

export interface EmploymentStatisticsRow {
  key: string;
  group_by: EmploymentStatisticsGroup;
  graduates: string;
  recorded: string;
  employed: string;
  self_employed: string;
  further_study: string;
  seeking: string;
  pay_fen: string;
  pay_count: string;
}

/**
 * 就业统计: graduates (毕业 and 结业) by school, major or year of graduation, how many have an
 * employment record and each destination, and the sum and count of monthly pay (fen) for the average.
 */
export async function employmentStatisticsQuery(knex: Knex, scope: DataScope, groupBy: EmploymentStatisticsGroup, filter: { year?: number; schoolId?: string; majorId?: string }): Promise<{ query: Knex.QueryBuilder }> {
  const key = groupBy === 'school' ? knex.raw('c.org_id') : groupBy === 'major' ? knex.raw(`split_part(c.key, '|', 1)`) : knex.raw(`split_part(c.key, '|', 2)`);
  const query = knex(`${COUNTERS} as c`)
    .where('c.dimension', 'graduates')
    .select(knex.raw('? as key', [key]), knex.raw('?::text as group_by', [groupBy]))
    .select(
      sumOf(knex, 'graduates', 'graduates'),
      sumOf(knex, 'recorded', 'recorded'),
      sumOf(knex, 'employed', 'employed'),
      sumOf(knex, 'self_employed', 'self_employed'),
      sumOf(knex, 'further_study', 'further_study'),
      sumOf(knex, 'seeking', 'seeking'),
      sumOf(knex, 'payFen', 'pay_fen'),
      sumOf(knex, 'payCount', 'pay_count'),
    )
    .groupByRaw('1')
    .orderByRaw('1');
  if (filter.year) query.whereRaw(`split_part(c.key, '|', 2) = ?`, [String(filter.year)]);
  if (filter.majorId) query.whereRaw(`split_part(c.key, '|', 1) = ?`, [filter.majorId]);
  if (filter.schoolId) query.where('c.org_id', filter.schoolId);
  await scope.restrict(query, { org: 'c.org_id' });
  // Wrapped: an async function returning the builder itself would run it (a builder is thenable).
  return { query };
}
