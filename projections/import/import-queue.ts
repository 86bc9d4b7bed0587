import type { Knex } from 'knex';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { IMPORTS_TABLE, importsTable } from './imports-table';

/** The imports read model as the import worker's ImportQueue port sees it. */
export function importQueue(knex: Knex) {
  return {
    async ready(): Promise<boolean> {
      const { rows } = await knex.raw<{ rows: { found: string | null }[] }>('select to_regclass(?) as found', [`${READ_MODEL_SCHEMA}.${IMPORTS_TABLE}`]);
      return Boolean(rows[0]?.found);
    },
    async unfinishedJobIds(): Promise<string[]> {
      const rows = await importsTable(knex).whereIn('status', ['validating', 'importing']).orderBy('started_at').select('id');
      return rows.map((r) => r.id);
    },
  };
}
