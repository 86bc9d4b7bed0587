// 职业培训券 read models: one row per voucher (the list, statistics, a person's vouchers and their
// use) and one row per institution's acceptance decision. The decisions are made on the holders'
// streams; these rows only answer questions.
import type { Knex } from 'knex';
import { ACCEPTANCE_PREFIX, voucherStreams, type VoucherEvent } from '../../domain/voucher/voucher';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const VOUCHERS_TABLE = 'vouchers';
export const VOUCHER_ACCEPTANCES_TABLE = 'voucher_acceptances';

export interface VoucherRow extends Record<string, unknown> {
  id: string;
  voucher_no: string;
  stream_id: string;
  person_id: string;
  name: string;
  id_number_masked: string;
  authority_id: string;
  authority_name: string;
  kind: string;
  face_value_fen: string | null;
  discount_percent: number | null;
  scope: string;
  occupation_codes: string;
  institution_ids: string;
  valid_from: string;
  valid_until: string;
  status: string;
  reason: string;
  issued_on: string;
  card_status: string;
  card_ref: string | null;
  card_reason: string | null;
  class_id: string | null;
  class_no: string | null;
  class_name: string | null;
  used_institution_id: string | null;
  used_institution_name: string | null;
  used_on: string | null;
  application_id: string | null;
  settled_fen: string | null;
  settled_on: string | null;
  /** The last settlement undone by an upheld objection (version 2). */
  reversed_fen: string | null;
  reversal_reason: string | null;
  reversed_on: string | null;
  end_reason: string | null;
  ended_on: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

const voucherIdOf = (event: { type: string; data: unknown }) => (event.type === 'VoucherAcceptanceDecided' ? undefined : (event.data as { voucherId?: string }).voucherId);

export const vouchersProjection = rowProjection<VoucherRow>({
  name: 'vouchers',
  // 2: the settlement's reversal (reversed_fen, reversal_reason, reversed_on).
  version: 2,
  typePrefixes: ['Voucher'],
  table: VOUCHERS_TABLE,
  key: 'id',
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('voucher_no').notNullable().unique();
      t.text('stream_id').notNullable();
      t.text('person_id').notNullable().index();
      t.text('name').notNullable();
      t.text('id_number_masked').notNullable();
      t.text('authority_id').notNullable().index();
      t.text('authority_name').notNullable();
      t.text('kind').notNullable();
      t.bigInteger('face_value_fen');
      t.integer('discount_percent');
      t.text('scope').notNullable();
      t.text('occupation_codes').notNullable();
      t.text('institution_ids').notNullable();
      t.text('valid_from').notNullable();
      t.text('valid_until').notNullable();
      t.text('status').notNullable();
      t.text('reason').notNullable();
      t.text('issued_on').notNullable();
      t.text('card_status').notNullable();
      t.text('card_ref');
      t.text('card_reason');
      t.text('class_id').index();
      t.text('class_no');
      t.text('class_name');
      t.text('used_institution_id');
      t.text('used_institution_name');
      t.text('used_on');
      t.text('application_id');
      t.bigInteger('settled_fen');
      t.text('settled_on');
      t.bigInteger('reversed_fen');
      t.text('reversal_reason');
      t.text('reversed_on');
      t.text('end_reason');
      t.text('ended_on');
      t.text('created_by').notNullable();
      t.text('created_at').notNullable();
      t.text('updated_at').notNullable();
      t.index([knex.raw('updated_at desc'), 'id'], `${table}_updated_at_id_index`);
      t.index(['status', 'valid_until'], `${table}_status_valid_until_index`);
    });
  },
  rowKey: (event) => voucherIdOf(event),
  evolve(row, recorded) {
    const event = upcast(recorded) as VoucherEvent;
    const at = recorded.metadata.occurredAt;
    if (event.type === 'VoucherIssued') {
      const d = event.data;
      return {
        id: d.voucherId, voucher_no: d.voucherNo, stream_id: recorded.streamId, person_id: d.personId, name: d.name, id_number_masked: d.idNumberMasked,
        authority_id: d.authorityId, authority_name: d.authorityName, kind: d.terms.kind, face_value_fen: d.terms.faceValueFen === null ? null : String(d.terms.faceValueFen),
        discount_percent: d.terms.discountPercent, scope: d.terms.scope, occupation_codes: d.terms.occupationCodes.join(','), institution_ids: d.terms.institutionIds.join(','),
        valid_from: d.terms.validFrom, valid_until: d.terms.validUntil, status: 'active', reason: d.reason, issued_on: d.issuedOn, card_status: 'pending', card_ref: null, card_reason: null,
        class_id: null, class_no: null, class_name: null, used_institution_id: null, used_institution_name: null, used_on: null, application_id: null, settled_fen: null, settled_on: null,
        reversed_fen: null, reversal_reason: null, reversed_on: null, end_reason: null, ended_on: null, created_by: recorded.metadata.actorId, created_at: at, updated_at: at,
      };
    }
    if (!row) return row;
    const touched = { ...row, updated_at: at };
    switch (event.type) {
      case 'VoucherLoadedOnCard':
        return { ...touched, card_status: 'loaded', card_ref: event.data.cardRef, card_reason: null };
      case 'VoucherCardLoadFailed':
        return { ...touched, card_status: 'failed', card_reason: event.data.reason };
      case 'VoucherWithdrawnFromCard':
        return { ...touched, card_status: 'withdrawn', card_reason: null };
      case 'VoucherCardWithdrawalFailed':
        return { ...touched, card_status: 'withdrawal_failed', card_reason: event.data.reason };
      case 'VoucherUsed': {
        const d = event.data;
        return { ...touched, status: 'used', class_id: d.classId, class_no: d.classNo, class_name: d.className, used_institution_id: d.institutionId, used_institution_name: d.institutionName, used_on: d.usedOn };
      }
      case 'VoucherUseReleased':
        return { ...touched, status: 'active', class_id: null, class_no: null, class_name: null, used_institution_id: null, used_institution_name: null, used_on: null };
      case 'VoucherCancelled':
        return { ...touched, status: 'cancelled', end_reason: event.data.reason, ended_on: event.data.on };
      case 'VoucherExpired':
        return { ...touched, status: 'expired', end_reason: event.data.reason, ended_on: event.data.on };
      case 'VoucherSettled':
        return { ...touched, status: 'settled', application_id: event.data.applicationId, settled_fen: String(event.data.amountFen), settled_on: event.data.on };
      case 'VoucherSettlementReversed':
        return { ...touched, status: 'used', application_id: null, settled_fen: null, settled_on: null, reversed_fen: String(event.data.amountFen), reversal_reason: event.data.reason, reversed_on: event.data.on };
      default:
        return row;
    }
  },
});

export interface VoucherAcceptanceRow extends Record<string, unknown> {
  institution_id: string;
  institution_name: string;
  accepts: boolean;
  reason: string;
  decided_by_org: string;
  updated_at: string;
}

export const voucherAcceptancesProjection = rowProjection<VoucherAcceptanceRow>({
  name: 'voucher-acceptances',
  version: 1,
  typePrefixes: ['VoucherAcceptanceDecided'],
  table: VOUCHER_ACCEPTANCES_TABLE,
  key: 'institution_id',
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('institution_id').primary();
      t.text('institution_name').notNullable();
      t.boolean('accepts').notNullable();
      t.text('reason').notNullable();
      t.text('decided_by_org').notNullable();
      t.text('updated_at').notNullable();
    });
  },
  rowKey: (event) => (event.type === 'VoucherAcceptanceDecided' ? (event.data as { institutionId: string }).institutionId : undefined),
  evolve(_row, recorded) {
    const event = upcast(recorded) as VoucherEvent;
    if (event.type !== 'VoucherAcceptanceDecided') return _row;
    const d = event.data;
    return { institution_id: d.institutionId, institution_name: d.institutionName, accepts: d.accepts, reason: d.reason, decided_by_org: d.authorityId, updated_at: recorded.metadata.occurredAt };
  },
});

export const vouchersTable = (knex: Knex) => knex<VoucherRow>(`${READ_MODEL_SCHEMA}.${VOUCHERS_TABLE}`);
export const voucherAcceptancesTable = (knex: Knex) => knex<VoucherAcceptanceRow>(`${READ_MODEL_SCHEMA}.${VOUCHER_ACCEPTANCES_TABLE}`);

/**
 * Who owns a voucher record: a holder's stream belongs to the authorities that issued its vouchers
 * (and, through the tree, every authority above them); an acceptance record to its institution.
 */
export async function voucherOwner(knex: Knex, id: string) {
  if (id.startsWith(ACCEPTANCE_PREFIX)) {
    const institutionId = id.slice(ACCEPTANCE_PREFIX.length);
    const row = await voucherAcceptancesTable(knex).where({ institution_id: institutionId }).first('institution_id');
    return row && { orgIds: [row.institution_id] };
  }
  const rows = await vouchersTable(knex).where({ stream_id: voucherStreams.streamId(id) }).select('authority_id', 'created_by');
  if (rows.length === 0) return undefined;
  return { orgIds: [...new Set(rows.map((r) => r.authority_id))] };
}

/** The daily expiry's list (commands/voucher/voucher-holders.ts). */
export const voucherHolders = (knex: Knex) => ({
  async withActiveVouchersEndingBefore(today: string) {
    return (await vouchersTable(knex).where('status', 'active').where('valid_until', '<', today).distinct('person_id').orderBy('person_id')).map((r) => r.person_id);
  },
});
