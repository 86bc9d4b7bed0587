// The teachers list as SQL (the list pages it, the export streams it): a teacher is in the scope of
// each institution whose tie gives it rights (a pending duplicate declaration opens nothing).
import type { Knex } from 'knex';
import type { DataScope } from '../organization/data-scope';
import { teacherEngagementsTable, teachersTable } from './teachers-table';

export interface TeacherListFilter {
  keyword?: string;
  idNumberIndexes?: string[];
  level?: string;
  tier?: string;
  qualified?: boolean;
  includeRevoked?: boolean;
  institutionId?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Wrapped (a query builder is a thenable an async function would run). */
export async function teacherListQuery(knex: Knex, scope: DataScope, filter: TeacherListFilter) {
  const engagements = teacherEngagementsTable(knex).select('teacher_id').where('grants_rights', true);
  await scope.restrict(engagements, { org: 'institution_id' });
  if (filter.institutionId) engagements.where('institution_id', filter.institutionId);
  const query = teachersTable(knex).whereIn('id', engagements);
  if (filter.keyword) query.where('name', 'like', `%${escapeLike(filter.keyword)}%`);
  if (filter.idNumberIndexes) query.whereIn('id_number_bidx', filter.idNumberIndexes);
  if (filter.level) query.where('level', filter.level);
  if (filter.tier) query.where('tier', filter.tier);
  if (filter.qualified !== undefined) query.where('qualified', filter.qualified);
  // Revoked teachers only when asked for.
  if (!filter.includeRevoked) query.where('revoked', false);
  return { query };
}
