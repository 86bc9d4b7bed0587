import type { Knex } from 'knex';
import { traineesTable } from './trainees-table';

/** The trainees read model as the command layer's TraineeDirectory port sees it. */
export function traineeDirectory(knex: Knex) {
  return {
    async personIdByIdNumber(blindIndexes: string[]): Promise<string | undefined> {
      return (await traineesTable(knex).whereIn('id_number_bidx', blindIndexes).first('id'))?.id;
    },
    async knownIdNumbers(blindIndexes: string[]): Promise<Set<string>> {
      const rows = blindIndexes.length ? await traineesTable(knex).whereIn('id_number_bidx', blindIndexes).select('id_number_bidx') : [];
      return new Set(rows.map((r) => r.id_number_bidx));
    },
  };
}
