import type { Knex } from 'knex';
import { usersTable } from './users-table';

/** A user belongs to their organisation (and to themselves, for 'own' scope). */
export async function userOwner(knex: Knex, id: string) {
  const row = await usersTable(knex).where({ id }).first('org_id');
  return row && { orgIds: [row.org_id], createdBy: id };
}
