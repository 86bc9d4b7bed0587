import type { Knex } from 'knex';
import { teachersTable } from './teachers-table';

/** The teachers read model as the command layer's TeacherDirectory port sees it. */
export function teacherDirectory(knex: Knex) {
  return {
    async personIdByIdNumber(blindIndexes: string[]): Promise<string | undefined> {
      return (await teachersTable(knex).whereIn('id_number_bidx', blindIndexes).first('id'))?.id;
    },
  };
}
