// The one data-scope mechanism: every list and detail query and every check of a command's target
// goes through here; no role is exempt. A user sees its own records ('own'), its organisation's
// ('org'), or its organisation's and everything below it in the tree ('org_and_below').
import type { Knex } from 'knex';
import type { DataScopeKind } from '../../domain/identity/roles';
import { ORGANIZATIONS_TABLE, findOrganization } from './organizations-table';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import type { FilterValue } from '../search/search-port';

export interface ScopedColumns {
  /** Column holding the record's owning organisation. */
  org: string;
  /** Column holding the user who created the record, where the table has one. */
  owner?: string;
  /**
   * For a table with a row per record and per organisation whose scope it is in (the owning ones and
   * every ancestor, `org` naming that column), the column flagging the owning rows. A scope is then
   * one equality, which an index can answer in a list's order (see projections/trainee).
   */
  directFlag?: string;
}

export interface DataScope {
  readonly kind: DataScopeKind;
  /** Narrows a query to rows in scope. */
  restrict(query: Knex.QueryBuilder, columns: ScopedColumns): Promise<void>;
  /** Whether a record of this organisation (and, for 'own', this creator) is in scope. */
  includes(orgId: string | null | undefined, ownerId?: string | null): Promise<boolean>;
  /** The same scope as a filter of the records search index (its documents carry these fields). */
  searchFilter(): Record<string, FilterValue>;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function dataScope(knex: Knex, user: { id: string; orgId: string; dataScope: DataScopeKind }): DataScope {
  let pathPromise: Promise<string | undefined> | undefined;
  const ownPath = () => (pathPromise ??= findOrganization(knex, user.orgId).then((o) => o?.path));
  return {
    kind: user.dataScope,
    async restrict(query, columns) {
      if (user.dataScope === 'own' && columns.owner) return void query.where(columns.owner, user.id);
      if (columns.directFlag) {
        query.where(columns.org, user.orgId);
        if (user.dataScope !== 'org_and_below') query.where(columns.directFlag, true);
        return;
      }
      if (user.dataScope !== 'org_and_below') return void query.where(columns.org, user.orgId);
      const path = await ownPath();
      // An organisation missing from the tree sees nothing.
      if (!path) return void query.whereRaw('false');
      query.whereIn(columns.org, knex(`${READ_MODEL_SCHEMA}.${ORGANIZATIONS_TABLE}`).select('id').where('path', 'like', `${escapeLike(path)}%`));
    },
    searchFilter(): Record<string, FilterValue> {
      if (user.dataScope === 'org_and_below') return { scope_path: user.orgId };
      if (user.dataScope === 'org') return { owner_orgs: user.orgId };
      return { created_by: user.id };
    },
    async includes(orgId, ownerId) {
      if (!orgId) return false;
      if (user.dataScope === 'own' && ownerId !== undefined) return ownerId === user.id;
      if (user.dataScope !== 'org_and_below') return orgId === user.orgId;
      const [path, target] = await Promise.all([ownPath(), findOrganization(knex, orgId)]);
      return Boolean(path && target && target.path.startsWith(path));
    },
  };
}
