// The majors list and statistics as SQL, under the caller's data scope.
import type { Knex } from 'knex';
import type { DataScope } from '../organization/data-scope';
import { joinOrganizationName } from '../organization/organization-names';
import { majorsTable } from './majors-table';

export interface MajorListFilter {
  keyword?: string;
  schoolId?: string;
  field?: string;
  reviewStatus?: string;
  /** Only majors approved (open to students). */
  approvedOnly?: boolean;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Majors with `school_name`. */
export const majorRows = (knex: Knex) => joinOrganizationName(majorsTable(knex), 'majors.school_id', 'school').select('majors.*', 'school.name as school_name');

function applyFilter(query: Knex.QueryBuilder, filter: MajorListFilter) {
  if (filter.keyword) {
    const like = `%${escapeLike(filter.keyword)}%`;
    query.where((q) => q.where('majors.name', 'like', like).orWhere('majors.code', 'like', like));
  }
  if (filter.schoolId) query.where('majors.school_id', filter.schoolId);
  if (filter.field) query.where('majors.field', filter.field);
  if (filter.reviewStatus) query.where('majors.review_status', filter.reviewStatus);
  if (filter.approvedOnly) query.whereNotNull('majors.approved');
}

export async function majorListQuery(knex: Knex, scope: DataScope, filter: MajorListFilter) {
  const query = majorRows(knex);
  await scope.restrict(query, { org: 'majors.school_id', owner: 'majors.declared_by' });
  applyFilter(query, filter);
  return { query };
}

export interface MajorStatisticsRow {
  school_id: string;
  school_name: string | null;
  field: string;
  majors: number;
  approved: number;
  pending: number;
  enrolment_plan: number;
}

/** 专业统计: per school and field, how many majors, how many approved and under review, the planned intake of the approved ones. */
export async function majorStatistics(knex: Knex, scope: DataScope, filter: MajorListFilter): Promise<MajorStatisticsRow[]> {
  const query = joinOrganizationName(majorsTable(knex), 'majors.school_id', 'school')
    .select('majors.school_id', 'school.name as school_name', 'majors.field')
    .count<MajorStatisticsRow[]>({ majors: '*' })
    .select(knex.raw('count(*) filter (where majors.approved is not null)::int as approved'))
    .select(knex.raw(`count(*) filter (where majors.review_status = 'pending')::int as pending`))
    .select(knex.raw(`coalesce(sum((majors.approved->>'enrolmentPlan')::int), 0)::int as enrolment_plan`))
    .groupBy('majors.school_id', 'school.name', 'majors.field')
    .orderBy([{ column: 'school.name' }, { column: 'majors.field' }]);
  await scope.restrict(query, { org: 'majors.school_id', owner: 'majors.declared_by' });
  applyFilter(query, filter);
  return (await query).map((r) => ({ ...r, majors: Number(r.majors) }));
}
