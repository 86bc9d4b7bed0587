// The technical schools list as SQL (paged by the list, streamed by the export): filters and scope.
import type { Knex } from 'knex';
import type { DataScope } from '../organization/data-scope';
import { joinOrganizationName } from '../organization/organization-names';
import { technicalSchoolsTable } from './technical-schools-table';

export interface TechnicalSchoolListFilter {
  keyword?: string;
  authorityId?: string;
  level?: string;
  nature?: string;
  reviewStatus?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Schools with `authority_name`. */
export const technicalSchoolRows = (knex: Knex) =>
  joinOrganizationName(technicalSchoolsTable(knex), 'technical_schools.authority_id', 'authority').select('technical_schools.*', 'authority.name as authority_name');

export async function technicalSchoolListQuery(knex: Knex, scope: DataScope, filter: TechnicalSchoolListFilter) {
  const query = technicalSchoolRows(knex);
  // A school is in the scope of itself and of every authority above it (it is a node of the tree).
  await scope.restrict(query, { org: 'technical_schools.id' });
  if (filter.keyword) {
    const like = `%${escapeLike(filter.keyword)}%`;
    query.where((q) => q.where('technical_schools.name', 'like', like).orWhere('technical_schools.code', 'like', like));
  }
  if (filter.authorityId) query.where('technical_schools.authority_id', filter.authorityId);
  if (filter.level) query.where('technical_schools.level', filter.level);
  if (filter.nature) query.where('technical_schools.nature', filter.nature);
  if (filter.reviewStatus) query.where('technical_schools.review_status', filter.reviewStatus);
  return { query };
}

/** The names of schools (for the other modules' lists): school id -> name. */
export async function technicalSchoolNames(knex: Knex, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  const rows: { id: string; name: string }[] = wanted.length ? await technicalSchoolsTable(knex).whereIn('id', wanted).select('id', 'name') : [];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The province's schools by name or code, scope aside: a school's name and code are public (the
 * national catalogue lists them), and a school choosing where a student transfers needs them.
 */
export async function schoolDirectory(knex: Knex, keyword: string, limit = 50): Promise<{ id: string; code: string; name: string; authority_name: string | null }[]> {
  const query = technicalSchoolRows(knex).clearSelect().select('technical_schools.id', 'technical_schools.code', 'technical_schools.name', 'authority.name as authority_name');
  if (keyword) {
    const like = `%${escapeLike(keyword)}%`;
    query.where((q) => q.where('technical_schools.name', 'like', like).orWhere('technical_schools.code', 'like', like));
  }
  return query.orderByRaw('technical_schools.name collate "zh-x-icu"').limit(limit);
}
