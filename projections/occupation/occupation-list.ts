// The occupations list and the published catalogue as SQL (paged by the list, streamed by the
// export): rows with their institution's name, filters, and the data scope.
import type { Knex } from 'knex';
import type { DataScope } from '../organization/data-scope';
import { joinOrganizationName } from '../organization/organization-names';
import { occupationsTable } from './occupations-table';

export interface OccupationListFilter {
  keyword?: string;
  level?: string;
  reviewStatus?: string;
  institutionId?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Declarations with `institution_name`. */
export const occupationRows = (knex: Knex) => joinOrganizationName(occupationsTable(knex), 'occupations.institution_id', 'org').select('occupations.*', 'org.name as institution_name');

/** Wrapped (a query builder is a thenable an async function would run). */
export async function occupationListQuery(knex: Knex, scope: DataScope, filter: OccupationListFilter, catalogue: boolean) {
  const query = occupationRows(knex);
  await scope.restrict(query, { org: 'occupations.institution_id', owner: 'occupations.declared_by' });
  if (catalogue) query.whereNotNull('occupations.published');
  if (filter.keyword) {
    const like = `%${escapeLike(filter.keyword)}%`;
    query.where((q) => q.where('occupations.name', 'like', like).orWhere('occupations.code', 'like', like));
  }
  if (filter.level) query.where('occupations.level', filter.level);
  if (filter.reviewStatus) query.where('occupations.review_status', filter.reviewStatus);
  if (filter.institutionId) query.where('occupations.institution_id', filter.institutionId);
  return { query };
}
