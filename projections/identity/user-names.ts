import type { Knex } from 'knex';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { USERS_TABLE } from './users-table';

const QUALIFIED = `${READ_MODEL_SCHEMA}.${USERS_TABLE}`;

/** Display names of users by id. */
export async function userNames(knex: Knex, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  const rows: { id: string; display_name: string }[] = wanted.length ? await knex(QUALIFIED).whereIn('id', wanted).select('id', 'display_name') : [];
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Adds `<alias>.display_name` of the user `column` names to a list query (a left join). */
export const joinUserName = (query: Knex.QueryBuilder, column: string, alias: string) => query.leftJoin(`${QUALIFIED} as ${alias}`, `${alias}.id`, column);
