import type { Knex } from 'knex';
import { AUTHORITY_KINDS } from '../../domain/organization/organization';
import { findOrganization, ORGANIZATIONS_TABLE, type OrganizationRow } from '../organization/organizations-table';
import { READ_MODEL_SCHEMA } from '../runner/projection';

/** The organisation tree as the command layer's TechnicalSchoolDirectory port sees it. */
export function technicalSchoolDirectory(knex: Knex) {
  return {
    async authoritiesAbove(orgId: string): Promise<{ id: string; name: string }[]> {
      const org = await findOrganization(knex, orgId);
      if (!org) return [];
      const ids = org.path.split('/').filter((id) => id && id !== orgId);
      const rows: OrganizationRow[] = ids.length ? await knex(`${READ_MODEL_SCHEMA}.${ORGANIZATIONS_TABLE}`).whereIn('id', ids) : [];
      const authorities = rows.filter((r) => (AUTHORITY_KINDS as readonly string[]).includes(r.kind));
      return authorities.sort((a, b) => b.depth - a.depth).map((r) => ({ id: r.id, name: r.name }));
    },
  };
}
