import type { Knex } from 'knex';
import type { Duty } from '../../domain/identity/roles';
import { rolesTable } from './roles-table';
import { usersTable, type UserRow } from './users-table';

/** The users and roles read models as the command layer's IdentityDirectory port sees them. */
export function identityDirectory(knex: Knex) {
  return {
    userByName: (username: string): Promise<UserRow | undefined> => usersTable(knex).where({ username: username.toLowerCase() }).first(),
    userById: (userId: string): Promise<UserRow | undefined> => usersTable(knex).where({ id: userId }).first(),
    async anyRequiresSecondFactor(roles: readonly string[]): Promise<boolean> {
      return (await rolesTable(knex).whereIn('name', [...roles]).where({ requires_second_factor: true }).first('name')) !== undefined;
    },
    async roleDuties(names: readonly string[]): Promise<Record<string, Duty>> {
      const rows = await rolesTable(knex).whereIn('name', [...names]).select('name', 'duty');
      return Object.fromEntries(rows.map((r) => [r.name, r.duty]));
    },
  };
}
