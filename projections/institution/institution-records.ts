import type { Knex } from 'knex';
import type { PersonalDataKind } from '../../domain/personal-data/personal-data-kind';
import { institutionsTable } from './institutions-table';

const PROTECTED: Record<string, PersonalDataKind> = { legalPersonIdNumber: 'idNumber', phone: 'phone', bankAccount: 'bankCard' };

/** An institution is in the scope of the organisation its read model names (itself once effective, else its authority). */
export async function institutionOwner(knex: Knex, id: string) {
  const row = await institutionsTable(knex).where({ id }).first('scope_org_id');
  return row && { orgIds: [row.scope_org_id] };
}

/** A protected field of the institution's details in force (or pending, before the first approval). */
export async function institutionPersonalData(knex: Knex, id: string, field: string) {
  const kind = PROTECTED[field];
  const row = kind && (await institutionsTable(knex).where({ id }).first('state'));
  if (!kind || !row || row.state.status !== 'registered') return undefined;
  const details = row.state.effective ?? row.state.pending;
  const value = details?.[field as 'phone'];
  return value && { kind, cipher: value.cipher };
}
