import type { Knex } from 'knex';
import { trainingClassesTable } from './training-classes-table';

/** A class belongs to its institution: in scope wherever the institution is (itself and every authority above it). */
export async function trainingClassOwner(knex: Knex, id: string) {
  const row = await trainingClassesTable(knex).where({ id }).first('institution_id');
  return row && { orgIds: [row.institution_id], classId: id };
}
