import type { Knex } from 'knex';
import type { RecordedEvent } from '../../store/event-store/event-store';
import type { ProjectionDefinition } from './projection';

export type Row = Record<string, unknown>;

/** Rows per INSERT: keeps a statement under Postgres' 65,535 bind parameters. */
const UPSERT_CHUNK = 1000;

export interface RowProjectionOptions<R extends Row> {
  name: string;
  version: number;
  typePrefixes: readonly string[];
  table: string;
  /** Primary-key column. */
  key: keyof R & string;
  /** jsonb columns: written as JSON text (node-postgres would turn a JS array into a Postgres array). */
  jsonColumns?: readonly (keyof R & string)[];
  /** DDL for the table, given its qualified name. */
  createTable(knex: Knex, qualifiedTable: string, schema: string): Promise<void>;
  /** Which row an event concerns (undefined: not this projection's). */
  rowKey(event: RecordedEvent): string | undefined;
  /** The row after the event (null: remove it). Must be deterministic: replays rebuild the same rows. */
  evolve(row: R | null, event: RecordedEvent): R | null;
  /** Narrow tables derived from each row, rewritten with it in the same transaction. */
  derived?: readonly DerivedRows<R>[];
  /** Read models the derived rows read (see ProjectionDefinition.dependsOn). */
  dependsOn?: readonly string[];
}

/**
 * Rows derived from a projection's row, several per key (e.g. one per institution a person is
 * enrolled at), so that a list can be paged from a narrow index instead of the wide table.
 */
export interface DerivedRows<R extends Row, Context = unknown> {
  table: string;
  /** The column holding the main row's key. */
  parentKey: string;
  createTable(knex: Knex, qualifiedTable: string, schema: string): Promise<void>;
  /** What the derived rows of a batch need from other read models, read once per batch. */
  load(trx: Knex.Transaction, rows: readonly R[]): Promise<Context>;
  rowsOf(row: R, context: Context): Row[];
}

/**
 * A projection of one row per key, applied a batch at a time: load the rows a batch touches in one
 * query, evolve them in memory, write them back in one statement. Replaying the same events over
 * the same rows yields the same rows, and the runner's checkpoint makes each batch apply once.
 */
export function rowProjection<R extends Row>(options: RowProjectionOptions<R>): ProjectionDefinition {
  const qualified = (schema: string) => `${schema}.${options.table}`;
  const toDatabase = (row: R): Row => {
    if (!options.jsonColumns?.length) return row;
    const out: Row = { ...row };
    for (const column of options.jsonColumns) if (out[column] !== undefined) out[column] = JSON.stringify(out[column]);
    return out;
  };
  return {
    name: options.name,
    version: options.version,
    typePrefixes: options.typePrefixes,
    tables: [options.table, ...(options.derived ?? []).map((d) => d.table)],
    ...(options.dependsOn ? { dependsOn: options.dependsOn } : {}),
    async setup(knex, schema) {
      await options.createTable(knex, qualified(schema), schema);
      for (const derived of options.derived ?? []) await derived.createTable(knex, `${schema}.${derived.table}`, schema);
    },
    async apply(trx, events, schema) {
      const keys = [...new Set(events.map(options.rowKey).filter((k): k is string => k !== undefined))];
      if (keys.length === 0) return;
      const existing: R[] = await trx(qualified(schema)).whereIn(options.key, keys);
      const rows = new Map<string, R | null>(existing.map((r) => [String(r[options.key]), r]));
      for (const event of events) {
        const key = options.rowKey(event);
        if (key === undefined) continue;
        rows.set(key, options.evolve(rows.get(key) ?? null, event));
      }
      const kept = [...rows.values()].filter((r): r is R => r !== null);
      const upserts = kept.map(toDatabase);
      const deletes = [...rows.entries()].filter(([, r]) => r === null).map(([k]) => k);
      if (deletes.length) await trx(qualified(schema)).whereIn(options.key, deletes).delete();
      for (let i = 0; i < upserts.length; i += UPSERT_CHUNK) {
        await trx(qualified(schema)).insert(upserts.slice(i, i + UPSERT_CHUNK)).onConflict(options.key).merge();
      }
      for (const derived of options.derived ?? []) {
        const table = `${schema}.${derived.table}`;
        await trx(table).whereIn(derived.parentKey, [...rows.keys()]).delete();
        const context = await derived.load(trx, kept);
        const derivedRows = kept.flatMap((row) => derived.rowsOf(row, context));
        for (let i = 0; i < derivedRows.length; i += UPSERT_CHUNK) await trx(table).insert(derivedRows.slice(i, i + UPSERT_CHUNK));
      }
    },
  };
}
