import type { Knex } from 'knex';
import { technicalSchoolsTable } from './technical-schools-table';

/**
 * A school's record belongs to the school itself (an organisation in the tree, so every authority
 * above it has it in scope) and, until the tree has placed it, to the authority that created it.
 */
export async function technicalSchoolOwner(knex: Knex, id: string) {
  const row = await technicalSchoolsTable(knex).where({ id }).first('id', 'authority_id');
  return row && { orgIds: [row.id, row.authority_id] };
}
