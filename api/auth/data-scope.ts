// The one data-scope mechanism: a user sees records of its own organisation and everything below
// it in the organisation tree. Every list and detail query and every command's target check goes
// through here; no role is exempt.
import type { Knex } from 'knex';
import { ORGANIZATIONS_TABLE, findOrganization } from '../../projections/organization/organizations-table';
import { READ_MODEL_SCHEMA } from '../../projections/runner/projection';

export interface DataScope {
  /** Narrows a query to rows whose organisation column is in scope. */
  restrict(query: Knex.QueryBuilder, orgColumn: string): Promise<void>;
  includes(orgId: string | null | undefined): Promise<boolean>;
}

export function dataScope(knex: Knex, userOrgId: string): DataScope {
  let pathPromise: Promise<string | undefined> | undefined;
  const ownPath = () => (pathPromise ??= findOrganization(knex, userOrgId).then((o) => o?.path));
  const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
  return {
    async restrict(query, orgColumn) {
      const path = await ownPath();
      // An organisation missing from the tree sees nothing.
      if (!path) return void query.whereRaw('false');
      query.whereIn(orgColumn, knex(`${READ_MODEL_SCHEMA}.${ORGANIZATIONS_TABLE}`).select('id').where('path', 'like', `${escapeLike(path)}%`));
    },
    async includes(orgId) {
      if (!orgId) return false;
      const [path, target] = await Promise.all([ownPath(), findOrganization(knex, orgId)]);
      return Boolean(path && target && target.path.startsWith(path));
    },
  };
}
