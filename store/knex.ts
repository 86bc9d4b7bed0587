import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

// bigint columns (positions, counts) arrive as strings; numeric ones keep their precision as strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

export function createKnex(connectionString: string, poolMax = 10): Knex {
  return knexFactory({ client: 'pg', connection: connectionString, pool: { min: 0, max: poolMax } });
}
