// A batch's orders, paged (PageInput/fetchPage) from the payment_orders read model with the filters a
// reviewer needs (result status, payee name or record id, the person's full ID number through its
// blind index, failure reason), the same query behind GraphQL and the .xlsx export; and 作废 of a
// batch that never reached the bank (commands/payment-batch/batch-commands.ts `void`).
import { z } from 'zod';
import { PAYEE_KIND_LABELS, type PayeeKind } from '../../domain/payment-batch/batch';
import { requiredText, oneOf, optionalText, parseInput } from '../../domain/shared/validation';
import { paymentBatchesTable } from '../../projections/payment-batch/batches-table';
import { PAYMENT_ORDERS_TABLE, type PaymentOrderRow } from '../../projections/payment-batch/orders-table';
import { READ_MODEL_SCHEMA } from '../../projections/runner/projection';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';

export const ORDER_SORT: SortableFields = {
  amountFen: 'payment_orders.amount_fen',
  payeeName: { column: 'payment_orders.payee_name', pinyin: true },
  status: 'payment_orders.status',
};

export const ORDER_STATUS_LABELS: Record<string, string> = { pending: '待回盘', paid: '支付成功', failed: '支付失败', voided: '已作废' };

export const orderTypeDefs = /* GraphQL */ `
  extend type PaymentOrderView {
    "收款人身份证号码（脱敏；机构收款为空）"
    idMasked: String
  }
  ${pageTypeDefs('PaymentOrderView')}
  "支付指令的筛选条件"
  input PaymentOrderFilter {
    "pending 待回盘 / paid 支付成功 / failed 支付失败 / voided 已作废"
    status: String
    "收款人姓名（或单位名称）的一部分，或记录编号、支付编号"
    keyword: String
    "收款人身份证号码（18位，按加密索引查找）"
    idNumber: String
    "失败原因的一部分"
    reason: String
  }
  extend type Query {
    "支付批次的支付指令，分页；可排序字段：${sortableNames(ORDER_SORT)}"
    paymentBatchOrders(batchId: ID!, filter: PaymentOrderFilter, page: PageInput): PaymentOrderViewPage!
  }
  extend type Mutation {
    "作废尚未生成支付文件（未发送银行）的支付批次，须填写原因；其支付指令释放后可在新的批次中支付"
    voidPaymentBatch(id: ID!, reason: String!, commandId: ID): CommandResult!
  }
`;

const orderFilterSchema = z.object({
  batchId: z.string({ error: '请指定支付批次' }).regex(/^[\w-]{1,64}$/, { error: '支付批次编号格式错误' }),
  status: oneOf('支付结果', ['pending', 'paid', 'failed', 'voided']).nullish(),
  keyword: optionalText('关键字', 50).nullish(),
  idNumber: z.string({ error: '身份证号码必须是文本' }).trim().regex(/^\d{17}[\dXx]$/, { error: '身份证号码应为18位' }).nullish(),
  reason: optionalText('失败原因', 50).nullish(),
});
export type PaymentOrderFilter = z.output<typeof orderFilterSchema>;
export const parseOrderFilter = (raw: unknown): PaymentOrderFilter => parseInput(orderFilterSchema, raw ?? {});

const like = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The orders of one batch the caller may see (the batch's payer within the caller's scope: otherwise none), filtered. */
export async function orderListQuery(ctx: ListContext, filter: PaymentOrderFilter) {
  ctx.require('subsidy:read');
  const orders = `${READ_MODEL_SCHEMA}.${PAYMENT_ORDERS_TABLE}`;
  const knex = ctx.platform.knex;
  const query = knex(`${orders} as payment_orders`).where('payment_orders.batch_id', filter.batchId).select('payment_orders.*');
  // Scope through the batch's payer: the same columns as the batch list restricts.
  const batch = paymentBatchesTable(knex).where('payment_batches.id', filter.batchId).select(knex.raw('1'));
  await ctx.scope.restrict(batch, { org: 'payment_batches.payer_id', owner: 'payment_batches.created_by' });
  query.whereExists(batch);
  if (filter.status) query.where('payment_orders.status', filter.status);
  if (filter.keyword) {
    const k = filter.keyword;
    query.where((q) => q.whereILike('payment_orders.payee_name', like(k)).orWhere('payment_orders.application_id', k).orWhere('payment_orders.payment_id', k));
  }
  if (filter.idNumber) query.whereIn('payment_orders.person_key', ctx.platform.personalData.lookup('idNumber', filter.idNumber));
  if (filter.reason) query.whereILike('payment_orders.reason', like(filter.reason));
  return { query, orderBy: [{ column: 'payment_orders.seq', order: 'asc' as const }, { column: 'payment_orders.payment_id', order: 'asc' as const }] };
}

export const toOrder = (row: PaymentOrderRow) => ({
  paymentId: row.payment_id,
  applicationId: row.application_id,
  source: row.source,
  payeeKind: row.payee_kind,
  payeeKindLabel: PAYEE_KIND_LABELS[row.payee_kind as PayeeKind] ?? row.payee_kind,
  payeeName: row.payee_name,
  idMasked: row.id_masked,
  accountMasked: row.account_masked,
  accountName: row.account_name,
  amountFen: String(row.amount_fen),
  purpose: row.purpose,
  status: row.status,
  statusLabel: ORDER_STATUS_LABELS[row.status] ?? row.status,
  bankRef: row.bank_ref || null,
  reason: row.reason || null,
});

const voidInput = z.object({ reason: requiredText('作废原因', 200) });

export const orderResolvers = {
  Query: {
    async paymentBatchOrders(_: unknown, args: { batchId: string; filter?: Record<string, unknown> | null; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('subsidy:read');
      // Out of scope looks missing, before any filter is read.
      await ctx.scope.requireRecord(`payment-batch-${args.batchId}`);
      const page = parsePage(args.page);
      const { query, orderBy } = await orderListQuery(ctx, parseOrderFilter({ ...(args.filter ?? {}), batchId: args.batchId }));
      const result = await fetchPage<PaymentOrderRow>(query, page, orderFor(page, ORDER_SORT, orderBy));
      return { ...result, items: result.items.map(toOrder) };
    },
  },
  Mutation: {
    async voidPaymentBatch(_: unknown, args: { id: string; reason: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('payment:manage');
      await ctx.scope.requireRecord(`payment-batch-${args.id}`);
      const { reason } = parseInput(voidInput, { reason: args.reason });
      const r = await ctx.platform.commands.paymentBatches.void(args.id, reason, ctx.request(args.commandId));
      return commandOutcome(r, args.id);
    },
  },
};
