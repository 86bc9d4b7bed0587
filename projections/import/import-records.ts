import type { Knex } from 'knex';
import { importsTable } from './imports-table';

/** An import job belongs to the institution it acts for, and to the user who started it. */
export async function importOwner(knex: Knex, id: string) {
  const row = await importsTable(knex).where({ id }).first('org_id', 'started_by');
  return row?.org_id ? { orgIds: [row.org_id], createdBy: row.started_by } : undefined;
}
