// The organisation tree as the money modules' port sees it (commands/fund/authority-directory.ts,
// checked against it in api/platform-directories.ts).
import type { Knex } from 'knex';
import { findOrganization } from '../organization/organizations-table';

export function authorityDirectory(knex: Knex) {
  return {
    async organization(orgId: string) {
      const row = await findOrganization(knex, orgId);
      if (!row) return undefined;
      return { id: row.id, name: row.name, kind: row.kind, path: row.path.split('/').filter(Boolean), divisionCode: row.division_code || null };
    },
  };
}
