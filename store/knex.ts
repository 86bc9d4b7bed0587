import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

// bigint columns (positions, counts) arrive as strings; numeric ones keep their precision as strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

let stopping = false;
/**
 * The process is stopping: a terminal's Ctrl-C reaches the embedded Postgres (same process group) as
 * well as us, so it shuts down while the pools are still closing, and each pooled connection would
 * print a "Connection Error" (or, for a worker still polling, "Acquire connection error") warning.
 * Those are expected then, and not shown.
 */
export const expectConnectionsToEnd = () => {
  stopping = true;
};

export function createKnex(connectionString: string, poolMax = 10): Knex {
  return knexFactory({
    client: 'pg',
    connection: connectionString,
    pool: { min: 0, max: poolMax },
    log: {
      warn(message: string) {
        if (stopping && /^(Connection Error|Acquire connection error)/.test(String(message))) return;
        console.warn(message);
      },
    },
  });
}
