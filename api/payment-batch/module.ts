// 支付批次 (issue 14 §3): the payer's batches of every module's payable records (their manifests'
// `payables`), paid through the bank's batch files or, with BANK_ADAPTER=http, its HTTP interface
// (commands/payment-batch/CONTRACT.md), settled on the fund and the records exactly once.
import { paymentBatchCommands } from '../../commands/payment-batch/batch-commands';
import { bankFromEnv } from '../../commands/payment-batch/http-bank';
import { PAYMENT_BATCH_EVENT_LABELS, PAYMENT_BATCH_FIELD_LABELS, PAYMENT_BATCH_STATUS_LABELS, paymentBatchDecider } from '../../domain/payment-batch/batch';
import { openPaymentBatches, paymentBatchOwner, paymentBatchesProjection } from '../../projections/payment-batch/batches-table';
import { paymentOrdersProjection } from '../../projections/payment-batch/orders-table';
import { defineModule, recordType } from '../module';
import { BATCH_SORT, batchResolvers, batchTypeDefs } from './batch-graphql';
import { paymentOrderExport } from './order-export';
import { orderResolvers, orderTypeDefs } from './order-graphql';

export const paymentBatchModule = defineModule({
  name: 'payment-batch',
  label: '支付批次',
  record: recordType({ decider: paymentBatchDecider, statusLabels: PAYMENT_BATCH_STATUS_LABELS, owner: paymentBatchOwner }),
  eventLabels: PAYMENT_BATCH_EVENT_LABELS,
  fieldLabels: PAYMENT_BATCH_FIELD_LABELS,
  projections: [paymentBatchesProjection, paymentOrdersProjection],
  graphql: [{ typeDefs: batchTypeDefs, resolvers: batchResolvers }, { typeDefs: orderTypeDefs, resolvers: orderResolvers }],
  lists: [{ query: 'paymentBatches', paged: true, sort: BATCH_SORT, owners: { selection: 'payerId', of: (b) => [b.payerId as string] } }],
  commands: (deps) => ({ paymentBatches: paymentBatchCommands({ store: deps.store, authorities: deps.directories.authorities, sources: deps.payableSources, personalData: deps.personalData, bank: bankFromEnv(process.env), openBatches: openPaymentBatches(deps.knex) }) }),
  // The orders' export (its filter names the batch); the orders list itself is a batch's, probed in the access matrix.
  exports: { 'payment-orders': paymentOrderExport },
  permissions: ['subsidy:read', 'payment:manage'],
});
