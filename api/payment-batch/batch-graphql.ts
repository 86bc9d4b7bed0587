// 支付批次 over GraphQL: batches within the user's scope with their figures (paid + failed + pending =
// total, to the fen), a batch with every order, creating one for a fund's payable applications,
// issuing the bank's payment file (its text; accounts in clear only there) and importing the bank's
// result file (its text). Amounts are fen as decimal strings.
import type { Knex } from 'knex';
import { z } from 'zod';
import { batchFigures, orderSource, PAYEE_KIND_LABELS, PAYMENT_BATCH_STATUS_LABELS, payeeKind, type PaymentBatchState } from '../../domain/payment-batch/batch';
import { FUNDING_LINE_LABELS, type FundingLine } from '../../domain/fund/fund';
import { chinaDate } from '../../domain/personal-data/normalize';
import { parseInput } from '../../domain/shared/validation';
import { fundsTable, type FundRow } from '../../projections/fund/funds-table';
import { joinOrganizationName } from '../../projections/organization/organization-names';
import { paymentBatchesTable, type PaymentBatchRow } from '../../projections/payment-batch/batches-table';
import { personPaymentReconciliation } from '../fund/person-reconciliation';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';

/** The most orders a batch's `orders` field answers at once. */
const ORDERS_INLINE_MAX = 1000;

export const BATCH_SORT: SortableFields = {
  totalFen: 'payment_batches.total_fen',
  status: 'payment_batches.status',
  updatedAt: 'payment_batches.updated_at',
};

export const batchTypeDefs = /* GraphQL */ `
  "支付指令"
  type PaymentOrderView {
    paymentId: ID!
    applicationId: ID!
    "支付的记录所属模块（subsidy-application 机构培训经费、school-aid 学生资助 ……）"
    source: String!
    "institution 机构银行账户 / person 社保卡金融账户"
    payeeKind: String!
    payeeKindLabel: String!
    payeeName: String!
    "收款账户（脱敏）"
    accountMasked: String!
    accountName: String!
    amountFen: String!
    purpose: String!
    status: String!
    statusLabel: String!
    bankRef: String
    reason: String
  }
  "支付批次（金额单位：分）"
  type PaymentBatch {
    id: ID!
    streamId: String!
    payerId: ID!
    payerName: String
    fundId: ID!
    status: String!
    statusLabel: String!
    orderCount: Int!
    totalFen: String!
    paidFen: String!
    failedFen: String!
    pendingFen: String!
    "已作废批次的支付指令金额（已释放，由以后的批次支付；本批次不支付）"
    voidedFen: String!
    "合计 = 支付成功 + 支付失败 + 待回盘 + 已作废"
    reconciled: Boolean!
    issuedOn: String
    "本批次的全部支付指令（最多 ${ORDERS_INLINE_MAX} 笔；更大的批次请用 paymentBatchOrders 分页查询）"
    orders: [PaymentOrderView!]!
    createdAt: String!
    updatedAt: String!
  }
  ${pageTypeDefs('PaymentBatch')}
  type PaymentBatchCreation {
    id: ID!
    streamId: String!
    position: String
    orderCount: Int!
    totalFen: String!
    "未纳入批次的申报及原因"
    skipped: [String!]!
  }
  "通过银行接口发送的结果"
  type PaymentBatchSending {
    "本次发送的支付指令数"
    sent: Int!
    "银行已给出结果（成功或失败）的笔数"
    answered: Int!
    "银行仍在处理、待再次发送查询的笔数"
    pending: Int!
  }
  "交给银行的支付文件"
  type PaymentFile {
    fileName: String!
    content: String!
    sha256: String!
  }

  "个人对账的一笔（一项审批的预留）"
  type PersonPaymentLine {
    recordId: ID!
    "记录所属模块（personal-subsidy 个人补贴、school-aid 学生资助），控制台据此打开记录页"
    module: String!
    moduleLabel: String!
    title: String!
    "审核金额 = 核减 + 已支付 + 支付失败 + 待支付"
    approvedFen: String!
    "异议核减或停发的金额"
    removedFen: String!
    paidFen: String!
    failedFen: String!
    pendingFen: String!
    "本笔审核金额与各项合计相符"
    balanced: Boolean!
    status: String!
    statusLabel: String!
    amountFen: String
    "此前失败并已重新支付的次数"
    reissued: Int!
  }
  "个人对账：审核金额 = 已支付 + 支付失败 + 核减 + 待支付（分）"
  type PersonPaymentReconciliation {
    approvedFen: String!
    paidFen: String!
    failedFen: String!
    removedFen: String!
    pendingFen: String!
    balanced: Boolean!
    differences: [String!]!
    lines: [PersonPaymentLine!]!
  }

  "资金对账发现的差异（每日对账任务记录）"
  type ReconciliationNotice {
    fundId: ID!
    fundName: String!
    year: Int!
    lineLabel: String!
    "发现差异的日期（中国时间）"
    on: String!
    "差异条数"
    differences: Int!
  }

  extend type Query {
    "近 days 日（默认7日）每日对账发现差异的资金（本单位及下级单位的），首页提示"
    reconciliationNotices(days: Int): [ReconciliationNotice!]!
    "按身份证号码对账：本人在各模块（学生资助等）经批准发给本人的款项与支付批次结果（仅含本单位及下级单位的记录）"
    personPaymentReconciliation(idNumber: String!): PersonPaymentReconciliation!
    "支付批次（本单位及下级单位的）；可排序字段：${sortableNames(BATCH_SORT)}"
    paymentBatches(page: PageInput): PaymentBatchPage!
    paymentBatch(id: ID!): PaymentBatch
  }

  extend type Mutation {
    "为资金中审核通过、公示期满、异议已处理的申报生成支付批次"
    createPaymentBatch(fundId: ID!, commandId: ID): PaymentBatchCreation!
    "生成交给银行的支付文件（记录文件摘要）"
    issuePaymentFile(id: ID!): PaymentFile!
    "通过银行接口（BANK_ADAPTER=http）发送尚无结果的支付指令并记录、结算银行的应答；中断后再次发送即可，不会重复支付"
    sendPaymentBatch(id: ID!): PaymentBatchSending!
    "导入银行返回的支付结果文件（整份校验，有误则不导入任何结果）"
    importPaymentResults(id: ID!, content: String!, commandId: ID): CommandResult!
  }
`;

type Row = PaymentBatchRow & { payer_name?: string | null };

const ORDER_STATUS_LABELS = { pending: '待回盘', paid: '支付成功', failed: '支付失败' } as const;

/**
 * A batch for GraphQL. Its orders are resolved only when asked for, from the row's state (read
 * here when the row came from the list without it): a list page must not parse every batch's orders.
 * `reconciled` checks the state's orders against the row's figures when the state is at hand, and
 * the row's own figures otherwise.
 */
export const toBatch = (row: Row, knex: Knex) => {
  // A list row has no `state` (see batchRows); a batch read alone has it.
  const s = row.state as PaymentBatchRow['state'] | undefined;
  const f = s ? batchFigures(s) : null;
  const fen = (v: string | number) => BigInt(String(v));
  const stateOf = async () => s ?? ((await paymentBatchesTable(knex).where({ id: row.id }).first('state')) as Pick<PaymentBatchRow, 'state'> | undefined)?.state;
  return {
    id: row.id,
    streamId: row.stream_id,
    payerId: row.payer_id,
    payerName: row.payer_name ?? null,
    fundId: row.fund_id,
    status: row.status,
    statusLabel: PAYMENT_BATCH_STATUS_LABELS[row.status as PaymentBatchState['status']] ?? row.status,
    orderCount: row.order_count,
    totalFen: String(row.total_fen),
    paidFen: String(row.paid_fen),
    failedFen: String(row.failed_fen),
    pendingFen: String(row.pending_fen),
    voidedFen: String(row.voided_fen),
    reconciled: f
      ? f.totalFen === f.paidFen + f.failedFen + f.pendingFen + f.voidedFen && String(f.totalFen) === String(row.total_fen)
      : fen(row.total_fen) === fen(row.paid_fen) + fen(row.failed_fen) + fen(row.pending_fen) + fen(row.voided_fen),
    issuedOn: row.issued_on,
    orders: async () => {
      const state = await stateOf();
      if (!state) return [];
      // 100,000 orders in one answer would hold the API for seconds: large batches are read a page at a time.
      if (state.orders.length > ORDERS_INLINE_MAX) throw clientError('BAD_USER_INPUT', `本批次有 ${state.orders.length} 笔支付指令，超过一次返回的上限 ${ORDERS_INLINE_MAX} 笔，请用 paymentBatchOrders 分页查询`);
      return state.orders.map((o) => {
        const r = state.results[o.paymentId];
        const status = r?.status ?? 'pending';
        return {
          paymentId: o.paymentId, applicationId: o.applicationId, source: orderSource(o), payeeKind: payeeKind(o.payee), payeeKindLabel: PAYEE_KIND_LABELS[payeeKind(o.payee)], payeeName: o.payee.name, accountMasked: o.payee.account.masked, accountName: o.payee.accountName,
          amountFen: String(o.amountFen), purpose: o.purpose, status, statusLabel: ORDER_STATUS_LABELS[status], bankRef: r?.bankRef || null, reason: r?.reason || null,
        };
      });
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
};

/** Every column but `state` (a 100,000-order batch's state is tens of MB of jsonb), unless the one batch is read whole. */
const LIST_COLUMNS = ['id', 'stream_id', 'payer_id', 'fund_id', 'status', 'order_count', 'total_fen', 'paid_fen', 'failed_fen', 'pending_fen', 'voided_fen', 'issued_on', 'created_by', 'created_at', 'updated_at'].map((c) => `payment_batches.${c}`);
const batchRows = (ctx: Pick<ListContext, 'platform'>, whole = false) =>
  joinOrganizationName(paymentBatchesTable(ctx.platform.knex), 'payment_batches.payer_id', 'payer').select(whole ? 'payment_batches.*' : LIST_COLUMNS, 'payer.name as payer_name');

export async function batchListQuery(ctx: ListContext) {
  ctx.require('subsidy:read');
  const query = batchRows(ctx);
  await ctx.scope.restrict(query, { org: 'payment_batches.payer_id', owner: 'payment_batches.created_by' });
  return { query, orderBy: [{ column: 'payment_batches.updated_at', order: 'desc' as const }, { column: 'payment_batches.id', order: 'asc' as const }] };
}

const contentSchema = z.string({ error: '请上传支付结果文件' }).min(1, { error: '支付结果文件为空' }).max(20_000_000, { error: '支付结果文件过大' });

export const batchResolvers = {
  Query: {
    async paymentBatches(_: unknown, args: { page?: unknown }, ctx: GraphQLContext) {
      const page = parsePage(args.page);
      const { query, orderBy } = await batchListQuery(ctx);
      const result = await fetchPage<Row>(query, page, orderFor(page, BATCH_SORT, orderBy));
      return { ...result, items: result.items.map((row) => toBatch(row, ctx.platform.knex)) };
    },
    async reconciliationNotices(_: unknown, args: { days?: unknown }, ctx: GraphQLContext) {
      ctx.require('subsidy:read');
      const days = parseInput(z.object({ days: z.number({ error: '天数应为整数' }).int({ error: '天数应为整数' }).min(1, { error: '天数应为1至90' }).max(90, { error: '天数应为1至90' }).nullish() }), { days: args.days }).days ?? 7;
      const since = chinaDate(new Date(Date.now() - (days - 1) * 86_400_000).toISOString());
      const query = fundsTable(ctx.platform.knex).where('funds.difference_on', '>=', since).orderBy([{ column: 'funds.difference_on', order: 'desc' }, { column: 'funds.id', order: 'asc' }]).limit(100);
      await ctx.scope.restrict(query, { org: 'funds.authority_id' });
      const rows = (await query.select('funds.id', 'funds.name', 'funds.year', 'funds.line', 'funds.difference_on', 'funds.differences')) as unknown as Pick<FundRow, 'id' | 'name' | 'year' | 'line' | 'difference_on' | 'differences'>[];
      return rows.map((r) => ({ fundId: r.id, fundName: r.name, year: r.year, lineLabel: FUNDING_LINE_LABELS[r.line as FundingLine] ?? r.line, on: r.difference_on!, differences: r.differences }));
    },
    personPaymentReconciliation(_: unknown, args: { idNumber: unknown }, ctx: GraphQLContext) {
      return personPaymentReconciliation(ctx, args.idNumber, async (streamId) => Boolean(await ctx.scope.findRecord(streamId)));
    },
    async paymentBatch(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:read');
      if (!(await ctx.scope.findRecord(`payment-batch-${args.id}`))) return null;
      const row = (await batchRows(ctx, true).where('payment_batches.id', args.id).first()) as Row | undefined;
      return row ? toBatch(row, ctx.platform.knex) : null;
    },
  },
  Mutation: {
    async createPaymentBatch(_: unknown, args: { fundId: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('payment:manage');
      await ctx.scope.requireRecord(`fund-${args.fundId}`);
      const r = await ctx.platform.commands.paymentBatches.create(args.fundId, ctx.request(args.commandId));
      return { id: r.batchId, streamId: r.streamId, position: r.position?.toString() ?? null, orderCount: r.orderCount, totalFen: String(r.totalFen), skipped: r.skipped };
    },
    async issuePaymentFile(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('payment:manage');
      await ctx.scope.requireRecord(`payment-batch-${args.id}`);
      const r = await ctx.platform.commands.paymentBatches.issueFile(args.id, ctx.request());
      return { fileName: r.fileName, content: r.content, sha256: r.sha256 };
    },
    async sendPaymentBatch(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('payment:manage');
      await ctx.scope.requireRecord(`payment-batch-${args.id}`);
      const r = await ctx.platform.commands.paymentBatches.sendViaBank(args.id, ctx.request());
      return { sent: r.sent, answered: r.answered, pending: r.pending };
    },
    async importPaymentResults(_: unknown, args: { id: string; content: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('payment:manage');
      await ctx.scope.requireRecord(`payment-batch-${args.id}`);
      const content = parseInput(contentSchema, args.content);
      const r = await ctx.platform.commands.paymentBatches.importResults(args.id, content, ctx.request(args.commandId));
      return commandOutcome(r, args.id);
    },
  },
};
