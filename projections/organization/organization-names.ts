import type { Knex } from 'knex';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { ORGANIZATIONS_TABLE } from './organizations-table';

const QUALIFIED = `${READ_MODEL_SCHEMA}.${ORGANIZATIONS_TABLE}`;

/** Names of organisations by id (those the tree knows). */
export async function organizationNames(knex: Knex, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  const rows: { id: string; name: string }[] = wanted.length ? await knex(QUALIFIED).whereIn('id', wanted).select('id', 'name') : [];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Adds `<alias>.name` of the organisation `column` names to a list query (a left join: a missing one is null). */
export const joinOrganizationName = (query: Knex.QueryBuilder, column: string, alias: string) => query.leftJoin(`${QUALIFIED} as ${alias}`, `${alias}.id`, column);
