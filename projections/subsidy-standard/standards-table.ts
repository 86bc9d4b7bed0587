// 补贴标准 read model: one row per standard, its state, the version in force today's columns for
// lists, and the scope columns a calculation's candidate lookup filters on.
import type { Knex } from 'knex';
import { currentLevel } from '../../domain/review/review';
import { standardStreams, subsidyStandardDecider, type SubsidyStandardEvent, type SubsidyStandardState } from '../../domain/subsidy-standard/standard';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const SUBSIDY_STANDARDS_TABLE = 'subsidy_standards';

export interface SubsidyStandardRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  authority_id: string;
  authority_kind: string;
  subject: string;
  training_kind: string | null;
  occupation_code: string | null;
  level: string | null;
  person_category: string | null;
  /** The latest approved version (0: none yet), its amount (fen), unit and date. */
  version: number;
  amount_fen: string | null;
  unit: string | null;
  effective_from: string | null;
  review_status: string;
  review_level: string | null;
  review_authority: string | null;
  created_by: string;
  state: Extract<SubsidyStandardState, { status: 'active' }>;
  created_at: string;
  updated_at: string;
}

export const subsidyStandardsProjection = rowProjection<SubsidyStandardRow>({
  name: 'subsidy_standards',
  version: 1,
  typePrefixes: ['SubsidyStandard', 'Review'],
  table: SUBSIDY_STANDARDS_TABLE,
  key: 'id',
  jsonColumns: ['state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable();
      t.text('authority_id').notNullable().index();
      t.text('authority_kind').notNullable();
      t.text('subject').notNullable();
      t.text('training_kind');
      t.text('occupation_code');
      t.text('level');
      t.text('person_category');
      t.integer('version').notNullable();
      t.bigInteger('amount_fen');
      t.text('unit');
      t.text('effective_from');
      t.text('review_status').notNullable();
      t.text('review_level');
      t.text('review_authority');
      t.text('created_by').notNullable();
      t.jsonb('state').notNullable();
      t.text('created_at').notNullable();
      t.text('updated_at').notNullable();
      t.index([knex.raw('updated_at desc'), 'id'], `${table}_updated_at_id_index`);
      t.index(['subject', 'authority_id']);
    });
  },
  rowKey: (event) => standardStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = subsidyStandardDecider.evolve(row?.state ?? subsidyStandardDecider.initialState(), upcast(event) as SubsidyStandardEvent);
    if (state.status !== 'active') return row;
    const latest = state.versions[state.versions.length - 1];
    const level = currentLevel(state.review) ?? null;
    return {
      id: state.standardId,
      stream_id: event.streamId,
      authority_id: state.authorityId,
      authority_kind: state.authorityKind,
      subject: state.scope.subject,
      training_kind: state.scope.trainingKind,
      occupation_code: state.scope.occupationCode,
      level: state.scope.level,
      person_category: state.scope.personCategory,
      version: latest?.version ?? 0,
      amount_fen: latest ? String(latest.amountFen) : null,
      unit: latest?.unit ?? null,
      effective_from: latest?.effectiveFrom ?? null,
      review_status: state.review.status,
      review_level: level,
      review_authority: level && state.review.status === 'pending' ? (state.review.authorities[level] ?? null) : null,
      created_by: row?.created_by ?? event.metadata.actorId,
      state,
      created_at: row?.created_at ?? event.metadata.occurredAt,
      updated_at: event.metadata.occurredAt,
    };
  },
});

export const subsidyStandardsTable = (knex: Knex) => knex<SubsidyStandardRow>(`${READ_MODEL_SCHEMA}.${SUBSIDY_STANDARDS_TABLE}`);

/** Who owns a standard: the authority that set it (and the user who proposed it, for 'own' scope). */
export async function subsidyStandardOwner(knex: Knex, id: string) {
  const row = await subsidyStandardsTable(knex).where({ id }).first('authority_id', 'created_by');
  return row && { orgIds: [row.authority_id], createdBy: row.created_by };
}

/**
 * Ids of the standards a calculation may consider: those of a subject set by any of the
 * authorities given (the payer's prefecture and the province). The calculation reads each from
 * its stream at its own log position; this only narrows which streams to read.
 */
export async function candidateStandardIds(knex: Knex, subject: string, authorityIds: readonly string[]): Promise<string[]> {
  if (authorityIds.length === 0) return [];
  return (await subsidyStandardsTable(knex).where({ subject }).whereIn('authority_id', [...authorityIds]).select('id')).map((r) => r.id);
}
