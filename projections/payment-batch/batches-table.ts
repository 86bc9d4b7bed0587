// 支付批次 read model: one row per batch with its figures (every order paid, failed, pending or
// voided, to the fen) and its state for the record page.
import type { Knex } from 'knex';
import { batchFigures, batchStreams, paymentBatchDecider, type ActiveBatch, type PaymentBatchEvent } from '../../domain/payment-batch/batch';
import { upcast } from '../../store/upcasters';
import { READ_MODEL_SCHEMA } from '../runner/projection';
import { rowProjection } from '../runner/row-projection';

export const PAYMENT_BATCHES_TABLE = 'payment_batches';

export interface PaymentBatchRow extends Record<string, unknown> {
  id: string;
  stream_id: string;
  payer_id: string;
  fund_id: string;
  status: string;
  order_count: number;
  total_fen: string;
  paid_fen: string;
  failed_fen: string;
  pending_fen: string;
  /** A voided batch's orders (released to later batches; never paid by this one). */
  voided_fen: string;
  issued_on: string | null;
  state: ActiveBatch;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export const paymentBatchesProjection = rowProjection<PaymentBatchRow>({
  name: 'payment_batches',
  // 2: voided_fen (a voided batch's orders are not pending).
  version: 2,
  typePrefixes: ['Payment'],
  table: PAYMENT_BATCHES_TABLE,
  key: 'id',
  jsonColumns: ['state'],
  async createTable(knex, qualified) {
    const [schema, table] = qualified.split('.') as [string, string];
    await knex.schema.withSchema(schema).createTable(table, (t) => {
      t.text('id').primary();
      t.text('stream_id').notNullable();
      t.text('payer_id').notNullable().index();
      t.text('fund_id').notNullable().index();
      t.text('status').notNullable();
      t.integer('order_count').notNullable();
      t.bigInteger('total_fen').notNullable();
      t.bigInteger('paid_fen').notNullable();
      t.bigInteger('failed_fen').notNullable();
      t.bigInteger('pending_fen').notNullable();
      t.bigInteger('voided_fen').notNullable();
      t.text('issued_on');
      t.jsonb('state').notNullable();
      t.text('created_by').notNullable();
      t.text('created_at').notNullable();
      t.text('updated_at').notNullable();
      t.index([knex.raw('updated_at desc'), 'id'], `${table}_updated_at_id_index`);
    });
  },
  rowKey: (event) => batchStreams.idOf(event.streamId),
  evolve(row, event) {
    const state = paymentBatchDecider.evolve(row?.state ?? paymentBatchDecider.initialState(), upcast(event) as PaymentBatchEvent);
    if (state.status === 'none') return row;
    const f = batchFigures(state);
    return {
      id: state.batchId,
      stream_id: event.streamId,
      payer_id: state.payerId,
      fund_id: state.fundId,
      status: state.status,
      order_count: state.orders.length,
      total_fen: String(f.totalFen),
      paid_fen: String(f.paidFen),
      failed_fen: String(f.failedFen),
      pending_fen: String(f.pendingFen),
      voided_fen: String(f.voidedFen),
      issued_on: state.issued?.issuedOn ?? null,
      state,
      created_by: row?.created_by ?? event.metadata.actorId,
      created_at: row?.created_at ?? event.metadata.occurredAt,
      updated_at: event.metadata.occurredAt,
    };
  },
});

export const paymentBatchesTable = (knex: Knex) => knex<PaymentBatchRow>(`${READ_MODEL_SCHEMA}.${PAYMENT_BATCHES_TABLE}`);

export async function paymentBatchOwner(knex: Knex, id: string) {
  const row = await paymentBatchesTable(knex).where({ id }).first('payer_id', 'created_by');
  return row && { orgIds: [row.payer_id], createdBy: row.created_by };
}

/** Batches of a fund whose creation stopped between chunks (still open), oldest first: a new creation finishes them. */
export const openPaymentBatches = (knex: Knex) => async (fundId: string): Promise<string[]> =>
  paymentBatchesTable(knex).where({ fund_id: fundId, status: 'opening' }).orderBy('created_at').pluck('id');
