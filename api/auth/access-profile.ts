import type { Knex } from 'knex';
import { DATA_SCOPES, type DataScopeKind, type Permission } from '../../domain/identity/roles';
import { rolesTable } from '../../projections/identity/roles-table';

export interface AccessProfile {
  permissions: Set<Permission>;
  /** The widest data scope among the user's roles. */
  dataScope: DataScopeKind;
  roleLabels: string[];
}

const CACHE_MS = 5_000;

/**
 * What a set of roles may do, from the roles read model. Cached briefly: a role change reaches
 * every session within seconds, without a query per request.
 */
export function accessProfiles(knex: Knex) {
  const cache = new Map<string, { profile: AccessProfile; at: number }>();
  return async (roles: readonly string[]): Promise<AccessProfile> => {
    const key = [...roles].sort().join(',');
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.profile;
    const rows = await rolesTable(knex).whereIn('name', [...roles]);
    const widest = rows.reduce<number>((w, r) => Math.max(w, DATA_SCOPES.indexOf(r.data_scope)), 0);
    const profile: AccessProfile = {
      permissions: new Set(rows.flatMap((r) => r.permissions)),
      dataScope: rows.length ? DATA_SCOPES[widest]! : 'own',
      roleLabels: rows.map((r) => r.label),
    };
    cache.set(key, { profile, at: Date.now() });
    return profile;
  };
}
