import type { Knex } from 'knex';
import { teacherEngagementsTable, teachersTable } from './teachers-table';

/** The institutions holding rights over the teacher: a pending duplicate declaration opens nothing. */
export async function teacherOwner(knex: Knex, id: string) {
  const rows = await teacherEngagementsTable(knex).where({ teacher_id: id, grants_rights: true }).select('institution_id');
  return rows.length ? { orgIds: rows.map((r) => r.institution_id) } : undefined;
}

/** The teacher's ID number (the one protected field). */
export async function teacherPersonalData(knex: Knex, id: string, field: string) {
  const row = field === 'idNumber' ? await teachersTable(knex).where({ id }).first('state') : undefined;
  return row && row.state.status === 'declared' ? { kind: 'idNumber' as const, cipher: row.state.profile.idNumber.cipher } : undefined;
}
