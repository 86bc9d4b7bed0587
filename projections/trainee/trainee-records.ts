import type { Knex } from 'knex';
import type { PersonalDataKind } from '../../domain/personal-data/personal-data-kind';
import { traineeListTable, traineesTable } from './trainees-table';

const PROTECTED: Record<string, PersonalDataKind> = { idNumber: 'idNumber', phone: 'phone', bankAccount: 'bankCard' };

/** The institutions holding rights over the person: the list table's own (direct) rows. */
export async function traineeOwner(knex: Knex, id: string) {
  const rows = await traineeListTable(knex).where({ trainee_id: id, direct: true }).select('org_id');
  return rows.length ? { orgIds: rows.map((r) => r.org_id) } : undefined;
}

/** A protected field of the person's details in force. */
export async function traineePersonalData(knex: Knex, id: string, field: string) {
  const kind = PROTECTED[field];
  const row = kind && (await traineesTable(knex).where({ id }).first('state'));
  if (!kind || !row || row.state.status !== 'registered') return undefined;
  const value = row.state.person[field as 'phone'];
  return value ? { kind, cipher: value.cipher } : undefined;
}
