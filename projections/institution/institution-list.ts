// The institutions list as SQL (paged by the list, streamed by the export): rows with the name of
// their supervising authority, filters, and the data scope.
import type { Knex } from 'knex';
import type { DataScope } from '../organization/data-scope';
import { joinOrganizationName } from '../organization/organization-names';
import { institutionsTable } from './institutions-table';

export interface InstitutionListFilter {
  keyword?: string;
  lifecycle?: string;
  nature?: string;
  supervisingAuthorityId?: string;
  validBefore?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Institutions with `authority_name` (their supervising authority's name). */
export const institutionRows = (knex: Knex) =>
  joinOrganizationName(institutionsTable(knex), 'institutions.supervising_authority_id', 'authority').select('institutions.*', 'authority.name as authority_name');

/** Wrapped (a query builder is a thenable an async function would run). */
export async function institutionListQuery(knex: Knex, scope: DataScope, filter: InstitutionListFilter) {
  const query = institutionRows(knex);
  await scope.restrict(query, { org: 'institutions.scope_org_id' });
  if (filter.keyword) {
    const like = `%${escapeLike(filter.keyword)}%`;
    query.where((q) => q.where('institutions.name', 'like', like).orWhere('institutions.credit_code', 'like', like));
  }
  if (filter.lifecycle) query.where('institutions.lifecycle', filter.lifecycle);
  if (filter.nature) query.where('institutions.nature', filter.nature);
  if (filter.supervisingAuthorityId) query.where('institutions.supervising_authority_id', filter.supervisingAuthorityId);
  if (filter.validBefore) query.where('institutions.valid_until', '<', filter.validBefore);
  return { query };
}
