import type { Knex } from 'knex';
import { schoolWindowStreams, type SchoolWindowEvent } from '../../domain/school-window/school-window';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';
import type { ProjectionDefinition } from '../runner/projection';
import { READ_MODEL_SCHEMA } from '../runner/projection';

export const SCHOOL_WINDOWS_TABLE = 'school_windows';

/** One row per authority and kind of window (学籍注册, 免学费申报, 助学金申报). */
export interface SchoolWindowRow {
  authority_id: string;
  kind: string;
  from_date: string;
  to_date: string;
  note: string;
  closed_on: string | null;
  updated_by: string;
  updated_at: string;
}

/** Not a row projection: a stream holds one row per kind. Each event rewrites its kind's row. */
export const schoolWindowsProjection: ProjectionDefinition = {
  name: 'school-windows',
  version: 1,
  typePrefixes: ['SchoolWindow'],
  tables: [SCHOOL_WINDOWS_TABLE],
  async setup(knex, schema) {
    await knex.schema.withSchema(schema).createTable(SCHOOL_WINDOWS_TABLE, (t) => {
      t.text('authority_id').notNullable();
      t.text('kind').notNullable();
      t.text('from_date').notNullable();
      t.text('to_date').notNullable();
      t.text('note').notNullable();
      t.text('closed_on');
      t.text('updated_by').notNullable();
      t.text('updated_at').notNullable();
      t.primary(['authority_id', 'kind']);
    });
  },
  async apply(trx, events: RecordedEvent[], schema) {
    const table = `${schema}.${SCHOOL_WINDOWS_TABLE}`;
    for (const recorded of events) {
      if (!schoolWindowStreams.idOf(recorded.streamId)) continue;
      const event = upcast(recorded) as SchoolWindowEvent;
      const stamp = { updated_by: recorded.metadata.actorId, updated_at: recorded.metadata.occurredAt };
      if (event.type === 'SchoolWindowOpened') {
        const d = event.data;
        await trx(table)
          .insert({ authority_id: d.authorityId, kind: d.kind, from_date: d.from, to_date: d.to, note: d.note, closed_on: null, ...stamp })
          .onConflict(['authority_id', 'kind'])
          .merge();
      } else if (event.type === 'SchoolWindowClosed') {
        await trx(table).where({ authority_id: event.data.authorityId, kind: event.data.kind }).update({ closed_on: event.data.closedOn, ...stamp });
      }
    }
  },
};

export const schoolWindowsTable = (knex: Knex) => knex<SchoolWindowRow>(`${READ_MODEL_SCHEMA}.${SCHOOL_WINDOWS_TABLE}`);

/** The windows of authorities in the caller's scope, with the authority's name. */
export async function schoolWindowRows(knex: Knex, scope: { restrict(query: Knex.QueryBuilder, columns: { org: string }): Promise<void> }) {
  const query = schoolWindowsTable(knex)
    .leftJoin(`${READ_MODEL_SCHEMA}.organizations as org`, 'org.id', 'school_windows.authority_id')
    .select('school_windows.*', 'org.name as authority_name', 'org.depth as authority_depth');
  await scope.restrict(query, { org: 'school_windows.authority_id' });
  return (await query.orderBy([{ column: 'org.depth' }, { column: 'school_windows.authority_id' }, { column: 'school_windows.kind' }])) as (SchoolWindowRow & { authority_name: string | null })[];
}

/** Who owns an authority's windows: the authority. */
export async function schoolWindowOwner(knex: Knex, authorityId: string) {
  const row = await schoolWindowsTable(knex).where({ authority_id: authorityId }).first('authority_id');
  return row && { orgIds: [row.authority_id] };
}
