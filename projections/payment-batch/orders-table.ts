// 支付指令 read model: one row per order of a batch, with its bank result, so a batch's orders are
// paged and filtered by SQL (a 100,000-order batch's page reads 20 rows) instead of parsing the
// batch's whole state for each request. Orders are inserted as their chunk's event arrives (5,000
// per event, in statements of 1,000) and results are written onto them by payment id, 5,000 per
// statement through unnest; replaying the same events writes the same rows (insert ... on conflict).
import type { Knex } from 'knex';
import { batchStreams, ORDER_PART, orderSource, payeeKind, type PaymentBatchEvent, type PaymentOrder } from '../../domain/payment-batch/batch';
import type { RecordedEvent } from '../../store/event-store/event-store';
import { upcast } from '../../store/upcasters';
import type { ProjectionDefinition } from '../runner/projection';
import { READ_MODEL_SCHEMA } from '../runner/projection';

export const PAYMENT_ORDERS_TABLE = 'payment_orders';
const INSERT_CHUNK = 1000;

export interface PaymentOrderRow {
  batch_id: string;
  payment_id: string;
  /** The order's place in its batch (part × ORDER_PART + index): the page's default order. */
  seq: number;
  source: string;
  application_id: string;
  payee_kind: string;
  payee_name: string;
  /** The person's ID number as masked, and its blind index (search by the full number); null for institutions. */
  id_masked: string | null;
  person_key: string | null;
  account_masked: string;
  account_name: string;
  amount_fen: string;
  purpose: string;
  /** pending (待回盘), paid, failed; voided when the batch was voided before it reached the bank. */
  status: string;
  bank_ref: string | null;
  reason: string | null;
  recorded_on: string | null;
}

const rowOf = (batchId: string, seq: number, o: PaymentOrder): PaymentOrderRow => ({
  batch_id: batchId,
  payment_id: o.paymentId,
  seq,
  source: orderSource(o),
  application_id: o.applicationId,
  payee_kind: payeeKind(o.payee),
  payee_name: o.payee.name,
  id_masked: o.payee.kind === 'person' ? o.payee.idMasked : null,
  person_key: o.payee.kind === 'person' ? o.payee.personKey : null,
  account_masked: o.payee.account.masked,
  account_name: o.payee.accountName,
  amount_fen: String(o.amountFen),
  purpose: o.purpose,
  status: 'pending',
  bank_ref: null,
  reason: null,
  recorded_on: null,
});

async function insertOrders(trx: Knex.Transaction, table: string, batchId: string, part: number, orders: readonly PaymentOrder[]) {
  const rows = orders.map((o, i) => rowOf(batchId, part * ORDER_PART + i, o));
  // A replayed chunk finds its rows: they are left as they are (their results may be written since).
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx(table).insert(rows.slice(i, i + INSERT_CHUNK)).onConflict(['batch_id', 'payment_id']).ignore();
}

async function apply(trx: Knex.Transaction, table: string, recorded: RecordedEvent) {
  const batchId = batchStreams.idOf(recorded.streamId);
  if (!batchId) return;
  const event = upcast(recorded) as PaymentBatchEvent | { type: string };
  switch (event.type) {
    case 'PaymentBatchCreated': {
      const e = event as Extract<PaymentBatchEvent, { type: 'PaymentBatchCreated' }>;
      if (e.data.orders.length) await insertOrders(trx, table, batchId, 0, e.data.orders);
      return;
    }
    case 'PaymentOrdersAdded': {
      const e = event as Extract<PaymentBatchEvent, { type: 'PaymentOrdersAdded' }>;
      await insertOrders(trx, table, batchId, e.data.part, e.data.orders);
      return;
    }
    case 'PaymentResultsRecorded': {
      const e = event as Extract<PaymentBatchEvent, { type: 'PaymentResultsRecorded' }>;
      const r = e.data.results;
      if (r.length === 0) return;
      // One statement for the event's results (at most ORDER_PART): arrays bound as four parameters.
      await trx.raw(
        `update ${table} as o set status = v.status, bank_ref = nullif(v.bank_ref, ''), reason = nullif(v.reason, ''), recorded_on = ?
           from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as v(payment_id, status, bank_ref, reason)
          where o.batch_id = ? and o.payment_id = v.payment_id`,
        [e.data.recordedOn, r.map((x) => x.paymentId), r.map((x) => x.status), r.map((x) => x.bankRef ?? ''), r.map((x) => x.reason ?? ''), batchId],
      );
      return;
    }
    case 'PaymentBatchVoided': {
      const e = event as Extract<PaymentBatchEvent, { type: 'PaymentBatchVoided' }>;
      await trx(table).where({ batch_id: batchId, status: 'pending' }).update({ status: 'voided', reason: e.data.reason });
      return;
    }
    default:
      return;
  }
}

export const paymentOrdersProjection: ProjectionDefinition = {
  name: 'payment_orders',
  version: 1,
  typePrefixes: ['Payment'],
  tables: [PAYMENT_ORDERS_TABLE],
  async setup(knex, schema) {
    await knex.schema.withSchema(schema).createTable(PAYMENT_ORDERS_TABLE, (t) => {
      t.text('batch_id').notNullable();
      t.text('payment_id').notNullable();
      t.integer('seq').notNullable();
      t.text('source').notNullable();
      t.text('application_id').notNullable();
      t.text('payee_kind').notNullable();
      t.text('payee_name').notNullable();
      t.text('id_masked');
      t.text('person_key');
      t.text('account_masked').notNullable();
      t.text('account_name').notNullable();
      t.bigInteger('amount_fen').notNullable();
      t.text('purpose').notNullable();
      t.text('status').notNullable();
      t.text('bank_ref');
      t.text('reason');
      t.text('recorded_on');
      t.primary(['batch_id', 'payment_id']);
      // The page's order within a batch, and the same under a status filter (待回盘 / 失败 of 100,000).
      t.index(['batch_id', 'seq'], `${PAYMENT_ORDERS_TABLE}_batch_seq_index`);
      t.index(['batch_id', 'status', 'seq'], `${PAYMENT_ORDERS_TABLE}_batch_status_seq_index`);
    });
  },
  async apply(trx, events, schema) {
    const table = `${schema}.${PAYMENT_ORDERS_TABLE}`;
    for (const event of events) await apply(trx, table, event);
  },
};

export const paymentOrdersTable = (knex: Knex) => knex<PaymentOrderRow>(`${READ_MODEL_SCHEMA}.${PAYMENT_ORDERS_TABLE}`);
