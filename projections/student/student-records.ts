import type { Knex } from 'knex';
import type { PersonalDataKind } from '../../domain/personal-data/personal-data-kind';
import { majorsTable } from '../major/majors-table';
import { studentOwnersTable, studentsTable } from './students-table';

/** The schools a student belongs to (the student's school, and a school a transfer to it waits at). */
export async function studentOwner(knex: Knex, id: string) {
  const rows = await studentOwnersTable(knex).where({ student_id: id }).select('org_id');
  return rows.length ? { orgIds: rows.map((r) => r.org_id) } : undefined;
}

const PROTECTED: Record<string, PersonalDataKind> = { idNumber: 'idNumber', phone: 'phone' };

/** A protected field of the student (for the audited unmask). */
export async function studentPersonalData(knex: Knex, id: string, field: string) {
  const kind = PROTECTED[field];
  const row = kind && (await studentsTable(knex).where({ id }).first('state'));
  if (!kind || !row || row.state.status === 'none') return undefined;
  const value = row.state.person[field as 'idNumber' | 'phone'];
  return value ? { kind, cipher: value.cipher } : undefined;
}

/** The students read model as the command layer's StudentDirectory port sees it. */
export function studentDirectory(knex: Knex) {
  return {
    async personIdByIdNumber(blindIndexes: string[]): Promise<string | undefined> {
      return (await studentsTable(knex).whereIn('id_number_bidx', blindIndexes).first('id'))?.id;
    },
    async personIdsByIdNumbers(blindIndexes: readonly string[]): Promise<Map<string, string>> {
      const wanted = [...new Set(blindIndexes)];
      const rows = wanted.length ? await studentsTable(knex).whereIn('id_number_bidx', wanted).select('id', 'id_number_bidx') : [];
      return new Map(rows.map((r) => [r.id_number_bidx, r.id]));
    },
    async approvedMajorsOf(schoolId: string): Promise<{ id: string; code: string; name: string }[]> {
      const rows = await majorsTable(knex).where({ school_id: schoolId }).whereNotNull('approved').select('id', 'approved');
      // A major never approved keeps approved as JSON null (not SQL NULL): without this a school with a major
      // waiting for approval could import no student (TypeError, the job failed; found by npm run bench -- schools).
      return rows.filter((r) => r.approved).map((r) => ({ id: r.id, code: r.approved!.code, name: r.approved!.name }));
    },
  };
}
