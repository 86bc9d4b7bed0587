// 资助标准: one row per kind and school year, the values shown (pending while a revision is open),
// approved and pending.
import type { Knex } from 'knex';
import { aidStandardDecider, aidStandardStreams, type AidStandardEvent, type AidStandardState } from '../../domain/aid-standard/aid-standard';
import type { AidStandardDetails } from '../../domain/aid-standard/aid-standard-input';
import { currentLevel } from '../../domain/review/review';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const AID_STANDARDS_TABLE = 'aid_standards';

export interface AidStandardRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  authority_id: string;
  kind: string;
  school_year: number;
  approved: AidStandardDetails | null;
  pending: AidStandardDetails | null;
  version: number;
  review_status: string;
  review_level: string | null;
  review_authority: string | null;
  state: AidStandardState;
  created_at: string;
  updated_at: string;
  approved_at: string | null;
}

function toRow(previous: AidStandardRow | null, state: Extract<AidStandardState, { status: 'set' }>, event: RecordedEvent): AidStandardRow {
  const shown = (state.pending ?? state.approved)!;
  const level = currentLevel(state.review) ?? null;
  return {
    id: state.standardId,
    stream_id: event.streamId,
    authority_id: state.authorityId,
    kind: shown.kind,
    school_year: shown.schoolYear,
    approved: state.approved,
    pending: state.pending,
    version: state.version,
    review_status: state.review.status,
    review_level: level,
    review_authority: level && state.review.status === 'pending' ? (state.review.authorities[level] ?? null) : null,
    state,
    created_at: previous?.created_at ?? event.metadata.occurredAt,
    updated_at: event.metadata.occurredAt,
    approved_at: event.type === 'AidStandardApproved' ? event.metadata.occurredAt : (previous?.approved_at ?? null),
  };
}

export const aidStandardsProjection = rowProjection<AidStandardRow>({
  name: 'aid-standards',
  version: 1,
  typePrefixes: ['AidStandard', 'Review'],
  table: AID_STANDARDS_TABLE,
  key: 'id',
  jsonColumns: ['approved', 'pending', 'state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable().unique();
      t.text('authority_id').notNullable().index();
      t.text('kind').notNullable();
      t.integer('school_year').notNullable().index();
      t.jsonb('approved');
      t.jsonb('pending');
      t.integer('version').notNullable();
      t.text('review_status').notNullable();
      t.text('review_level');
      t.text('review_authority');
      t.jsonb('state').notNullable();
      t.text('created_at').notNullable();
      t.text('updated_at').notNullable();
      t.text('approved_at');
    });
  },
  rowKey: (event) => aidStandardStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = aidStandardDecider.evolve(row?.state ?? aidStandardDecider.initialState(), upcast(event) as AidStandardEvent);
    return state.status === 'set' ? toRow(row, state, event) : row;
  },
});

export const aidStandardsTable = (knex: Knex) => knex<AidStandardRow>(`${READ_MODEL_SCHEMA}.${AID_STANDARDS_TABLE}`);

/** The standards, newest school year first (province-wide policy: every school reads them). */
export function aidStandardRows(knex: Knex, filter: { kind?: string; schoolYear?: number }) {
  const query = aidStandardsTable(knex).select('*');
  if (filter.kind) query.where('kind', filter.kind);
  if (filter.schoolYear) query.where('school_year', filter.schoolYear);
  return query.orderBy([{ column: 'school_year', order: 'desc' }, { column: 'kind' }]) as Promise<AidStandardRow[]>;
}

/** Who owns a standard: the department that set it. */
export async function aidStandardOwner(knex: Knex, id: string) {
  const row = await aidStandardsTable(knex).where({ id }).first('authority_id');
  return row && { orgIds: [row.authority_id] };
}
