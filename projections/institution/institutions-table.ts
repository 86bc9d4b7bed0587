import type { Knex } from 'knex';
import { upcast } from '../../store/upcasters';
import { institutionDecider, institutionStreams, type InstitutionEvent, type InstitutionState } from '../../domain/institution/institution';
import type { InstitutionDetails } from '../../domain/institution/institution-details';
import { currentLevel } from '../../domain/review/review';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const INSTITUTIONS_TABLE = 'institutions';

/**
 * One row per institution: the domain state (personal data only as ciphertext, blind index and
 * mask) plus flat columns for lists, filters and exact lookups by the protected fields.
 */
export interface InstitutionRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  name: string;
  supervising_authority_id: string;
  /** The organisation data scope is checked against: the institution once effective, its authority before. */
  scope_org_id: string;
  registered_by_org_id: string | null;
  lifecycle: string;
  nature: string;
  category: string;
  designated: boolean;
  valid_until: string;
  credit_code: string;
  legal_person_id_number_bidx: string;
  phone_bidx: string;
  review_status: string;
  review_level: string | null;
  review_authority: string | null;
  version: number;
  state: InstitutionState;
  registered_at: string;
  updated_at: string;
}

type Registered = Extract<InstitutionState, { status: 'registered' }>;

function toRow(previous: InstitutionRow | null, state: Registered, event: { streamId: string; metadata: { occurredAt: string } }): InstitutionRow {
  const shown: InstitutionDetails = state.effective ?? state.pending!;
  const level = currentLevel(state.review) ?? null;
  return {
    id: state.institutionId,
    stream_id: event.streamId,
    name: shown.name,
    supervising_authority_id: shown.supervisingAuthorityId,
    scope_org_id: state.effective ? state.institutionId : shown.supervisingAuthorityId,
    registered_by_org_id: state.registeredByOrgId,
    lifecycle: state.lifecycle,
    nature: shown.nature,
    category: shown.category,
    designated: shown.designated,
    valid_until: shown.validUntil,
    credit_code: shown.creditCode,
    legal_person_id_number_bidx: shown.legalPersonIdNumber.blindIndex,
    phone_bidx: shown.phone.blindIndex,
    review_status: state.review.status,
    review_level: level,
    review_authority: level && state.review.status === 'pending' ? (state.review.authorities[level] ?? null) : null,
    version: state.version,
    state,
    registered_at: previous?.registered_at ?? event.metadata.occurredAt,
    updated_at: event.metadata.occurredAt,
  };
}

export const institutionsProjection = rowProjection<InstitutionRow>({
  name: 'institutions',
  // 2: an index for the list's default order.
  version: 2,
  typePrefixes: ['Institution', 'Review'],
  table: INSTITUTIONS_TABLE,
  key: 'id',
  jsonColumns: ['state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable().unique();
      t.text('name').notNullable();
      t.text('supervising_authority_id').notNullable().index();
      t.text('scope_org_id').notNullable().index();
      t.text('registered_by_org_id');
      t.text('lifecycle').notNullable().index();
      t.text('nature').notNullable();
      t.text('category').notNullable();
      t.boolean('designated').notNullable();
      t.text('valid_until').notNullable().index();
      t.text('credit_code').notNullable().index();
      t.text('legal_person_id_number_bidx').notNullable().index();
      t.text('phone_bidx').notNullable();
      t.text('review_status').notNullable();
      t.text('review_level');
      t.text('review_authority');
      t.integer('version').notNullable();
      t.jsonb('state').notNullable();
      t.text('registered_at').notNullable();
      t.text('updated_at').notNullable();
      // The API list's default order (updated_at desc, id asc), read straight from this index.
      t.index([knex.raw('updated_at desc'), 'id'], `${table}_updated_at_id_index`);
    });
  },
  rowKey: (event) => institutionStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = institutionDecider.evolve(row?.state ?? institutionDecider.initialState(), upcast(event) as InstitutionEvent);
    return state.status === 'registered' ? toRow(row, state, event) : row;
  },
});

export const institutionsTable = (knex: Knex) => knex<InstitutionRow>(`${READ_MODEL_SCHEMA}.${INSTITUTIONS_TABLE}`);
