import type { Knex } from 'knex';
import { occupationsTable } from './occupations-table';

/** Who owns a declaration: the declaring institution, and the user who declared it (for 'own' scope). */
export async function occupationOwner(knex: Knex, id: string) {
  const row = await occupationsTable(knex).where({ id }).first('institution_id', 'declared_by');
  return row && { orgIds: [row.institution_id], createdBy: row.declared_by };
}
