import type { Knex } from 'knex';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';
import { occupationDecider, occupationStreams, type OccupationEvent, type OccupationState } from '../../domain/occupation/occupation';
import type { OccupationDetails } from '../../domain/occupation/occupation-details';
import { currentLevel } from '../../domain/review/review';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const OCCUPATIONS_TABLE = 'occupations';

/** One row per occupation declaration: the domain state itself plus the columns lists filter and sort on. */
export interface OccupationRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  institution_id: string;
  /** The user who declared it: the 'own' data scope filters on it. */
  declared_by: string;
  /** Shown values: the pending ones while a change is open, otherwise the published ones. */
  code: string;
  name: string;
  level: string;
  hours: number;
  scope: string;
  published: OccupationDetails | null;
  pending: OccupationDetails | null;
  version: number;
  review_status: string;
  review_round: number;
  review_level: string | null;
  review_authority: string | null;
  state: OccupationState;
  declared_at: string;
  updated_at: string;
  published_at: string | null;
  last_position: string;
}

function toRow(previous: OccupationRow | null, state: Extract<OccupationState, { status: 'declared' }>, event: RecordedEvent): OccupationRow {
  const shown = state.pending ?? state.published!;
  const level = currentLevel(state.review) ?? null;
  return {
    id: state.occupationId,
    stream_id: event.streamId,
    institution_id: state.institutionId,
    declared_by: previous?.declared_by ?? event.metadata.actorId,
    code: shown.code,
    name: shown.name,
    level: shown.level,
    hours: shown.hours,
    scope: shown.scope,
    published: state.published,
    pending: state.pending,
    version: state.version,
    review_status: state.review.status,
    review_round: state.review.round,
    review_level: level,
    review_authority: level && state.review.status === 'pending' ? (state.review.authorities[level] ?? null) : null,
    state,
    declared_at: previous?.declared_at ?? event.metadata.occurredAt,
    updated_at: event.metadata.occurredAt,
    published_at: event.type === 'OccupationPublished' ? event.metadata.occurredAt : (previous?.published_at ?? null),
    last_position: event.position.toString(),
  };
}

export const occupationsProjection = rowProjection<OccupationRow>({
  name: 'occupations',
  // 3: an index for the list's default order.
  version: 3,
  typePrefixes: ['Occupation', 'Review'],
  table: OCCUPATIONS_TABLE,
  key: 'id',
  jsonColumns: ['published', 'pending', 'state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable().unique();
      t.text('institution_id').notNullable().index();
      t.text('declared_by').notNullable();
      t.text('code').notNullable().index();
      t.text('name').notNullable();
      t.text('level').notNullable();
      t.integer('hours').notNullable();
      t.text('scope').notNullable();
      t.jsonb('published');
      t.jsonb('pending');
      t.integer('version').notNullable();
      t.text('review_status').notNullable().index();
      t.integer('review_round').notNullable();
      t.text('review_level');
      t.text('review_authority').index();
      t.jsonb('state').notNullable();
      t.text('declared_at').notNullable();
      t.text('updated_at').notNullable();
      t.text('published_at');
      t.bigInteger('last_position').notNullable();
      // The API list's default order (updated_at desc, id asc), read straight from this index.
      t.index([knex.raw('updated_at desc'), 'id'], `${table}_updated_at_id_index`);
    });
  },
  rowKey: (event) => occupationStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = occupationDecider.evolve(row?.state ?? occupationDecider.initialState(), upcast(event) as OccupationEvent);
    return state.status === 'declared' ? toRow(row, state, event) : row;
  },
});

export const occupationsTable = (knex: Knex) => knex<OccupationRow>(`${READ_MODEL_SCHEMA}.${OCCUPATIONS_TABLE}`);
