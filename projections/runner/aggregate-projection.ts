// Pre-aggregated counters maintained by the projection runner, so a statistic is a sum over a few
// hundred counter rows instead of a count over every record on each request (the 9(11) statistics
// over 150,000 students, issue 15 §8).
//
// Each record that counts (a member: a student, an aid application ...) contributes a set of
// (organisation, dimension, key, measure, value) cells. The projection keeps each member's last
// contribution; on a batch it reads the members the batch touches from their own read models,
// subtracts what they contributed before and adds what they contribute now. The counters are so
// always the sum of the members' contributions as last read: applying a batch twice, or reading a
// source read model that is already ahead of the batch, still ends in the same counts.
import type { Knex } from 'knex';
import type { RecordedEvent } from '../../store/event-store/event-store';
import type { ProjectionDefinition } from './projection';

export interface Contribution {
  /** The organisation the cell is counted under (scope is checked on it). */
  org: string;
  dimension: string;
  key: string;
  measure: string;
  value: number;
}

export interface AggregateProjectionOptions {
  name: string;
  version: number;
  typePrefixes: readonly string[];
  /** The read models `contributions` reads: the runner applies a batch only once they have passed it. */
  dependsOn: readonly string[];
  /** Counter table (its members' table is `<table>_members`). */
  table: string;
  /** Which member an event concerns (undefined: none). */
  memberKey(event: RecordedEvent): string | undefined;
  /** What each member contributes now, read from the source read models (a member missing from the map contributes nothing). */
  contributions(trx: Knex.Transaction, keys: readonly string[]): Promise<Map<string, Contribution[]>>;
}

const CHUNK = 1000;
const cellId = (c: Omit<Contribution, 'value'>) => JSON.stringify([c.org, c.dimension, c.key, c.measure]);

export function aggregateProjection(options: AggregateProjectionOptions): ProjectionDefinition {
  const members = `${options.table}_members`;
  return {
    name: options.name,
    version: options.version,
    typePrefixes: options.typePrefixes,
    tables: [options.table, members],
    dependsOn: options.dependsOn,
    async setup(knex, schema) {
      await knex.schema.withSchema(schema).createTable(options.table, (t) => {
        t.text('dimension').notNullable();
        t.text('org_id').notNullable();
        t.text('key').notNullable();
        t.text('measure').notNullable();
        t.bigInteger('value').notNullable();
        t.primary(['dimension', 'org_id', 'key', 'measure']);
      });
      await knex.schema.withSchema(schema).createTable(members, (t) => {
        t.text('member_key').primary();
        t.jsonb('contributions').notNullable();
      });
    },
    async apply(trx, events, schema) {
      const keys = [...new Set(events.map(options.memberKey).filter((k): k is string => k !== undefined))];
      if (keys.length === 0) return;
      const deltas = new Map<string, Contribution>();
      const add = (c: Contribution, sign: 1 | -1) => {
        const id = cellId(c);
        const cell = deltas.get(id) ?? { ...c, value: 0 };
        cell.value += sign * c.value;
        deltas.set(id, cell);
      };
      const fresh = await options.contributions(trx, keys);
      for (let i = 0; i < keys.length; i += CHUNK) {
        const chunk = keys.slice(i, i + CHUNK);
        const previous: { member_key: string; contributions: Contribution[] }[] = await trx(`${schema}.${members}`).whereIn('member_key', chunk);
        for (const p of previous) for (const c of p.contributions) add(c, -1);
        const present = chunk.filter((k) => (fresh.get(k)?.length ?? 0) > 0);
        const gone = chunk.filter((k) => !present.includes(k));
        if (gone.length) await trx(`${schema}.${members}`).whereIn('member_key', gone).delete();
        if (present.length) {
          await trx(`${schema}.${members}`)
            .insert(present.map((k) => ({ member_key: k, contributions: JSON.stringify(fresh.get(k)) })))
            .onConflict('member_key')
            .merge();
        }
      }
      for (const list of fresh.values()) for (const c of list) add(c, 1);
      const changed = [...deltas.values()].filter((c) => c.value !== 0);
      for (let i = 0; i < changed.length; i += CHUNK) {
        const rows = changed.slice(i, i + CHUNK).map((c) => ({ dimension: c.dimension, org_id: c.org, key: c.key, measure: c.measure, value: c.value }));
        await trx.raw(`? on conflict (dimension, org_id, key, measure) do update set value = ??.value + excluded.value`, [trx(`${schema}.${options.table}`).insert(rows), options.table]);
      }
      // A cell back at zero says nothing: keep the table to the cells that count.
      if (changed.length) await trx(`${schema}.${options.table}`).where('value', 0).delete();
    },
  };
}
