// 机构培训经费申报 read model: one row per application with its figures, review and the people it
// funds (claimants: the province-wide repeat check looks them up through a GIN index), and its
// state (the facts and the calculation) for the record page.
import type { Knex } from 'knex';
import { currentLevel } from '../../domain/review/review';
import { applicationStreams, payableFen, subsidyApplicationDecider, type ActiveApplication, type SubsidyApplicationEvent } from '../../domain/subsidy-application/application';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const SUBSIDY_APPLICATIONS_TABLE = 'subsidy_applications';

export interface SubsidyApplicationRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  class_id: string;
  class_no: string;
  class_name: string;
  institution_id: string;
  payer_id: string;
  fund_id: string;
  line: string;
  year: number;
  /** Fen (bigint, text when read back). */
  total_fen: string;
  eligible_count: number;
  excluded_count: number;
  computed_at: string;
  review_status: string;
  review_level: string | null;
  review_authority: string | null;
  /** Reserved on the fund (fen), once approved. */
  reserved_fen: string | null;
  /** 公示 (China days; null until published), objections still open, what is still payable (fen). */
  notice_from: string | null;
  notice_until: string | null;
  open_objections: number;
  payable_fen: string;
  revoked: boolean;
  /** ordered, paid or failed; null before a payment is ordered. */
  payment_status: string | null;
  claimants: string[];
  kind: string;
  sub_kind: string | null;
  occupation_code: string | null;
  occupation_name: string | null;
  occupation_level: string | null;
  planned_start: string;
  state: ActiveApplication;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export const subsidyApplicationsProjection = rowProjection<SubsidyApplicationRow>({
  name: 'subsidy_applications',
  version: 3,
  typePrefixes: ['TrainingFunding', 'Review'],
  table: SUBSIDY_APPLICATIONS_TABLE,
  key: 'id',
  jsonColumns: ['state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable();
      t.text('class_id').notNullable().unique();
      t.text('class_no').notNullable();
      t.text('class_name').notNullable();
      t.text('institution_id').notNullable().index();
      t.text('payer_id').notNullable().index();
      t.text('fund_id').notNullable();
      t.text('line').notNullable();
      t.integer('year').notNullable();
      t.bigInteger('total_fen').notNullable();
      t.integer('eligible_count').notNullable();
      t.integer('excluded_count').notNullable();
      t.text('computed_at').notNullable();
      t.text('review_status').notNullable();
      t.text('review_level');
      t.text('review_authority');
      t.bigInteger('reserved_fen');
      t.text('notice_from');
      t.text('notice_until').index();
      t.integer('open_objections').notNullable();
      t.bigInteger('payable_fen').notNullable();
      t.boolean('revoked').notNullable();
      t.text('payment_status');
      t.index(['fund_id', 'review_status']);
      t.specificType('claimants', 'text[]').notNullable();
      t.text('kind').notNullable();
      t.text('sub_kind');
      t.text('occupation_code');
      t.text('occupation_name');
      t.text('occupation_level');
      t.text('planned_start').notNullable();
      t.jsonb('state').notNullable();
      t.text('created_by').notNullable();
      t.text('created_at').notNullable();
      t.text('updated_at').notNullable();
      t.index([knex.raw('updated_at desc'), 'id'], `${table}_updated_at_id_index`);
    });
    await knex.raw(`create index ?? on ?? using gin (claimants)`, [`${table}_claimants_index`, qualified]);
  },
  rowKey: (event) => applicationStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = subsidyApplicationDecider.evolve(row?.state ?? subsidyApplicationDecider.initialState(), upcast(event) as SubsidyApplicationEvent);
    if (state.status !== 'active') return row;
    const { result, facts } = state.calculation;
    const c = facts.class;
    const level = currentLevel(state.review) ?? null;
    return {
      id: state.applicationId,
      stream_id: event.streamId,
      class_id: state.classId,
      class_no: state.classNo,
      class_name: state.className,
      institution_id: state.institutionId,
      payer_id: state.source.payerId,
      fund_id: state.source.fundId,
      line: state.source.line,
      year: state.source.year,
      total_fen: String(result.totalFen),
      eligible_count: result.eligible.length,
      excluded_count: result.excluded.length,
      computed_at: state.calculation.computedAt,
      review_status: state.review.status,
      review_level: level,
      review_authority: level && state.review.status === 'pending' ? (state.review.authorities[level] ?? null) : null,
      reserved_fen: state.reservation ? String(state.reservation.amountFen) : null,
      notice_from: state.notice?.publishedOn ?? null,
      notice_until: state.notice?.until ?? null,
      open_objections: state.objections.filter((o) => o.status === 'open').length,
      payable_fen: String(payableFen(state)),
      revoked: state.revoked,
      payment_status: state.payment?.status ?? null,
      claimants: result.eligible.map((e) => e.participantId).filter((id) => !state.revoked && !state.removed.includes(id)),
      kind: c.kind,
      sub_kind: c.subKind,
      occupation_code: c.occupation?.code ?? null,
      occupation_name: c.occupation?.name ?? null,
      occupation_level: c.occupation?.level ?? null,
      planned_start: c.plannedStart,
      state,
      created_by: row?.created_by ?? event.metadata.actorId,
      created_at: row?.created_at ?? event.metadata.occurredAt,
      updated_at: event.metadata.occurredAt,
    };
  },
});

export const subsidyApplicationsTable = (knex: Knex) => knex<SubsidyApplicationRow>(`${READ_MODEL_SCHEMA}.${SUBSIDY_APPLICATIONS_TABLE}`);

/** Who owns an application: the institution, and the payer (the county authority and those above it). */
export async function subsidyApplicationOwner(knex: Knex, id: string) {
  const row = await subsidyApplicationsTable(knex).where({ id }).first('institution_id', 'payer_id', 'created_by');
  return row && { orgIds: [row.institution_id, row.payer_id], createdBy: row.created_by };
}
