import type { Knex } from 'knex';
import { roleDecider, type RoleInput } from '../../domain/identity/role';
import type { Duty } from '../../domain/identity/roles';
import { rolesTable } from '../../projections/identity/roles-table';
import type { EventStore } from '../event-store/event-store';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';

export const roleStreamId = (name: string) => `role-${name}`;

export function roleCommands(store: EventStore) {
  return {
    define: (name: string, input: RoleInput, request: RequestContext) =>
      handleCommand(store, roleDecider, roleStreamId(name), { type: 'DefineRole', name, input }, request),
    change: (name: string, input: RoleInput, request: RequestContext) => handleCommand(store, roleDecider, roleStreamId(name), { type: 'ChangeRole', input }, request),
  };
}

/** Duties of the named roles that exist (unknown names are absent). */
export async function roleDuties(knex: Knex, names: readonly string[]): Promise<Record<string, Duty>> {
  const rows = await rolesTable(knex).whereIn('name', [...names]).select('name', 'duty');
  return Object.fromEntries(rows.map((r) => [r.name, r.duty]));
}
