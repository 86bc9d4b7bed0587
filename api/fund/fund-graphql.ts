// 资金 over GraphQL: funds with their figures (allocated, reserved, spent, remaining; fen as decimal
// strings), allocation by an authority for itself or one below it, and adjustments with a reason.
import { z } from 'zod';
import { FUNDING_LINE_LABELS, FUNDING_LINES, parseAllocation, type FundingLine } from '../../domain/fund/fund';
import { MAX_FEN } from '../../domain/shared/money';
import { integerIn, oneOf, parseInput, requiredText } from '../../domain/shared/validation';
import { fundRows, type FundListRow } from '../../projections/fund/fund-list';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';

export const FUND_SORT: SortableFields = {
  year: 'funds.year',
  line: 'funds.line',
  authorityName: { column: 'org.name', pinyin: true, nullsLast: true },
  allocatedFen: 'funds.allocated_fen',
  remainingFen: 'funds.remaining_fen',
  updatedAt: 'funds.updated_at',
};

export const fundTypeDefs = /* GraphQL */ `
  "资金（金额单位：分，十进制字符串）"
  type Fund {
    id: ID!
    streamId: String!
    authorityId: ID!
    authorityName: String
    line: String!
    lineLabel: String!
    year: Int!
    basis: String!
    allocatedFen: String!
    reservedFen: String!
    spentFen: String!
    remainingFen: String!
    "审批预留次数"
    reservations: Int!
    releases: Int!
    settlements: Int!
    "最近一次对账发现差异的日期（为空表示未发现差异）"
    differenceOn: String
    differences: Int!
    createdAt: String!
    updatedAt: String!
  }
  ${pageTypeDefs('Fund')}

  "资金对账：审核金额 = 已支付 + 支付失败 + 异议核减 + 待支付；资金、申报与支付批次三方一致（金额单位：分）"
  type FundReconciliation {
    approvedFen: String!
    paidFen: String!
    failedFen: String!
    removedFen: String!
    pendingFen: String!
    fundReservedFen: String!
    fundSpentFen: String!
    applications: Int!
    balanced: Boolean!
    differences: [String!]!
  }

  input FundAllocationInput {
    authorityId: ID!
    line: String!
    year: Int!
    "下达金额（分）"
    amountFen: String!
    basis: String!
  }
  input FundFilter {
    year: Int
    line: String
    authorityId: ID
  }

  extend type Query {
    "资金及余额（本单位及下级单位的）；可排序字段：${sortableNames(FUND_SORT)}"
    funds(filter: FundFilter, page: PageInput): FundPage!
    fund(id: ID!): Fund
    "按资金、补贴申报和支付批次的记录对账（即时计算，不保存）"
    fundReconciliation(fundId: ID!): FundReconciliation
  }

  extend type Mutation {
    "下达资金（本单位或下级单位、某资金渠道、某年度各一笔）"
    allocateFund(input: FundAllocationInput!, commandId: ID): CommandResult!
    "调增或调减资金（deltaFen 可为负，调减后不能低于已预留与已支付之和）"
    adjustFund(id: ID!, deltaFen: String!, basis: String!, reason: String!, commandId: ID): CommandResult!
  }
`;

const filterSchema = z
  .object({
    year: integerIn('年度', 2000, 2100).nullish(),
    line: oneOf('资金渠道', FUNDING_LINES).nullish(),
    authorityId: z.string().max(64).nullish(),
  })
  .default({});
export type FundFilter = z.output<typeof filterSchema>;
export const parseFundFilter = (raw: unknown): FundFilter => parseInput(filterSchema, raw ?? undefined);

/** A signed whole number of fen, as text: "-300000" lowers a fund by 3,000.00 元. */
const deltaSchema = z
  .string({ error: '调整金额不能为空' })
  .trim()
  .regex(/^-?\d+$/, { error: '调整金额必须是整数（单位：分），不能有小数或空格' })
  .transform(Number)
  .refine((n) => Number.isSafeInteger(n) && Math.abs(n) <= MAX_FEN, { error: '调整金额超出允许的范围' })
  .refine((n) => n !== 0, { error: '调整金额不能为0' });

export const toFund = (row: FundListRow) => ({
  id: row.id,
  streamId: row.stream_id,
  authorityId: row.authority_id,
  authorityName: row.authority_name ?? null,
  line: row.line,
  lineLabel: FUNDING_LINE_LABELS[row.line as FundingLine] ?? row.line,
  year: row.year,
  basis: row.basis,
  allocatedFen: String(row.allocated_fen),
  reservedFen: String(row.reserved_fen),
  spentFen: String(row.spent_fen),
  remainingFen: String(row.remaining_fen),
  reservations: row.reservations,
  releases: row.releases,
  settlements: row.settlements,
  differenceOn: row.difference_on ?? null,
  differences: row.differences ?? 0,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function fundListQuery(ctx: ListContext, filter: FundFilter) {
  ctx.require('subsidy:read');
  const query = fundRows(ctx.platform.knex);
  await ctx.scope.restrict(query, { org: 'funds.authority_id' });
  if (filter.year) query.where('funds.year', filter.year);
  if (filter.line) query.where('funds.line', filter.line);
  if (filter.authorityId) query.where('funds.authority_id', filter.authorityId);
  return { query, orderBy: [{ column: 'funds.updated_at', order: 'desc' as const }, { column: 'funds.id', order: 'asc' as const }] };
}

export const fundResolvers = {
  Query: {
    async funds(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      const page = parsePage(args.page);
      const { query, orderBy } = await fundListQuery(ctx, parseFundFilter(args.filter));
      const result = await fetchPage<FundListRow>(query, page, orderFor(page, FUND_SORT, orderBy));
      return { ...result, items: result.items.map(toFund) };
    },
    async fund(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:read');
      if (!(await ctx.scope.findRecord(`fund-${args.id}`))) return null;
      const row = await fundRows(ctx.platform.knex).where('funds.id', args.id).first();
      return row ? toFund(row) : null;
    },
    async fundReconciliation(_: unknown, args: { fundId: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:read');
      if (!(await ctx.scope.findRecord(`fund-${args.fundId}`))) return null;
      const r = await ctx.platform.commands.fundReconciliation.reconcile(args.fundId);
      const fen = (n: number) => String(n);
      return {
        approvedFen: fen(r.approvedFen), paidFen: fen(r.paidFen), failedFen: fen(r.failedFen), removedFen: fen(r.removedFen), pendingFen: fen(r.pendingFen),
        fundReservedFen: fen(r.fundReservedFen), fundSpentFen: fen(r.fundSpentFen), applications: r.applications, balanced: r.differences.length === 0, differences: r.differences,
      };
    },
  },
  Mutation: {
    async allocateFund(_: unknown, args: { input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('fund:manage');
      const allocation = parseAllocation(args.input);
      const result = await ctx.platform.commands.funds.allocate(allocation, ctx.request(args.commandId));
      return commandOutcome(result, result.fundId);
    },
    async adjustFund(_: unknown, args: { id: string; deltaFen: unknown; basis: unknown; reason: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('fund:manage');
      await ctx.scope.requireRecord(`fund-${args.id}`);
      const input = parseInput(z.object({ deltaFen: deltaSchema, basis: requiredText('资金文号', 200), reason: requiredText('调整原因', 500, { multiline: true }) }), args);
      const result = await ctx.platform.commands.funds.adjust(args.id, input, ctx.request(args.commandId));
      return commandOutcome(result, args.id);
    },
  },
};
