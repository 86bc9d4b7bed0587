import type { Knex } from 'knex';
import type { RecordedEvent } from '../../store/event-store/event-store';

/** Schema the API reads projections from. A rebuild builds beside it and swaps tables in. */
export const READ_MODEL_SCHEMA = 'rm';

/**
 * A Postgres read model fed from the global log. Its tables live in a schema chosen by the runner
 * (`rm` normally, a scratch schema during a rebuild), so the same code builds both.
 */
export interface ProjectionDefinition {
  name: string;
  /** Bump when the read model's shape or meaning changes: the runner then rebuilds it side by side. */
  version: number;
  /** Event types this projection reads (prefix match). */
  typePrefixes: readonly string[];
  /** Tables the projection owns, without schema. */
  tables: readonly string[];
  /** Creates the tables in `schema` (they do not exist yet). */
  setup(knex: Knex, schema: string): Promise<void>;
  /**
   * Read models this one reads while it applies a batch (by projection name): the runner applies a
   * batch only once they have passed it.
   */
  dependsOn?: readonly string[];
  /** Applies events, in order, inside the runner's transaction (which also moves the checkpoint). */
  apply(trx: Knex.Transaction, events: RecordedEvent[], schema: string): Promise<void>;
}
