// 个人补贴 read model: one row per person and kind (the stream), showing the application in hand
// with its figures, review, 公示 and objections, and the stream's state for the record page.
import type { Knex } from 'knex';
import { currentLevel } from '../../domain/review/review';
import { personalSubsidyDecider, personalSubsidyStreams, type ActivePersonalSubsidy, type PersonalSubsidyEvent } from '../../domain/personal-subsidy/personal-subsidy';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const PERSONAL_SUBSIDIES_TABLE = 'personal_subsidies';

export interface PersonalSubsidyRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  application_id: string;
  person_id: string;
  person_name: string;
  id_number_masked: string;
  kind: string;
  class_id: string;
  class_name: string;
  institution_id: string;
  applicant_org_id: string;
  payer_id: string;
  fund_id: string;
  year: number;
  /** Fen (bigint, text when read back). */
  amount_fen: string;
  applied_on: string;
  review_status: string;
  review_level: string | null;
  review_authority: string | null;
  notice_until: string | null;
  open_objections: number;
  revoked: boolean;
  /** ordered, paid or failed; null before a payment is ordered. */
  payment_status: string | null;
  applications: number;
  state: ActivePersonalSubsidy;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export const personalSubsidiesProjection = rowProjection<PersonalSubsidyRow>({
  name: 'personal_subsidies',
  version: 2,
  typePrefixes: ['PersonalSubsidy', 'Review'],
  table: PERSONAL_SUBSIDIES_TABLE,
  key: 'id',
  jsonColumns: ['state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable();
      t.text('application_id').notNullable();
      t.text('person_id').notNullable().index();
      t.text('person_name').notNullable();
      t.text('id_number_masked').notNullable();
      t.text('kind').notNullable();
      t.text('class_id').notNullable();
      t.text('class_name').notNullable();
      t.text('institution_id').notNullable().index();
      t.text('applicant_org_id').notNullable().index();
      t.text('payer_id').notNullable().index();
      t.text('fund_id').notNullable();
      t.integer('year').notNullable();
      t.bigInteger('amount_fen').notNullable();
      t.text('applied_on').notNullable();
      t.text('review_status').notNullable();
      t.text('review_level');
      t.text('review_authority');
      t.text('notice_until');
      t.integer('open_objections').notNullable();
      t.boolean('revoked').notNullable();
      t.text('payment_status');
      t.index(['fund_id', 'review_status']);
      t.integer('applications').notNullable();
      t.jsonb('state').notNullable();
      t.text('created_by').notNullable();
      t.text('created_at').notNullable();
      t.text('updated_at').notNullable();
      t.index([knex.raw('updated_at desc'), 'id'], `${table}_updated_at_id_index`);
    });
  },
  rowKey: (event) => personalSubsidyStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = personalSubsidyDecider.evolve(row?.state ?? personalSubsidyDecider.initialState(), upcast(event) as PersonalSubsidyEvent);
    if (state.status !== 'active') return row;
    const a = state.current;
    const c = a.calculation.facts.class;
    const level = currentLevel(a.review) ?? null;
    return {
      id: state.subsidyId,
      stream_id: event.streamId,
      application_id: a.applicationId,
      person_id: state.personId,
      person_name: state.personName,
      id_number_masked: state.idNumberMasked,
      kind: state.kind,
      class_id: c.classId,
      class_name: c.name,
      institution_id: c.institutionId,
      applicant_org_id: a.applicantOrgId,
      payer_id: a.source.payerId,
      fund_id: a.source.fundId,
      year: a.source.year,
      amount_fen: String(a.calculation.result.amountFen),
      applied_on: a.appliedOn,
      review_status: a.review.status,
      review_level: level,
      review_authority: level && a.review.status === 'pending' ? (a.review.authorities[level] ?? null) : null,
      notice_until: a.notice?.until ?? null,
      open_objections: a.objections.filter((o) => o.status === 'open').length,
      revoked: a.revoked,
      payment_status: a.payment?.status ?? null,
      applications: state.history.length + 1,
      state,
      created_by: row?.created_by ?? event.metadata.actorId,
      created_at: row?.created_at ?? event.metadata.occurredAt,
      updated_at: event.metadata.occurredAt,
    };
  },
});

export const personalSubsidiesTable = (knex: Knex) => knex<PersonalSubsidyRow>(`${READ_MODEL_SCHEMA}.${PERSONAL_SUBSIDIES_TABLE}`);

/** Who owns a person's subsidy record: the class's institution, the counter that took it, and the payer (with those above). */
export async function personalSubsidyOwner(knex: Knex, id: string) {
  const row = await personalSubsidiesTable(knex).where({ id }).first('institution_id', 'applicant_org_id', 'payer_id', 'created_by');
  return row && { orgIds: [...new Set([row.institution_id, row.applicant_org_id, row.payer_id])], createdBy: row.created_by };
}
