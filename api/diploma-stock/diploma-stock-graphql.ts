// 空白毕业证 and 毕业证发放 (requirement 9(9)): a school requests numbered blanks, its authorities
// approve and the numbers are allocated; the school issues them to its graduates or spoils them;
// every number is accounted for (allocated = in stock + issued + spoiled).
import { z } from 'zod';
import { diplomaAccount, MAX_REQUEST, type DiplomaStockState } from '../../domain/diploma-stock/diploma-stock';
import { integerIn, parseInput, requiredText } from '../../domain/shared/validation';
import { diplomaTitle, renderDiploma } from '../../commands/diploma-stock/diploma-pdf';
import { diplomaStockListQuery, diplomaStockRows, type DiplomaStockRow } from '../../projections/diploma-stock/diploma-stocks-table';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { reviewFieldTypeDefs, reviewFields } from '../review/review-fields';

export const diplomaStockTypeDefs = /* GraphQL */ `
  "一个毕业证编号的去向"
  type DiplomaNumber {
    number: String!
    "in_stock 库存 / issued 已发放 / spoiled 已作废"
    state: String!
    stateLabel: String!
    studentId: ID
    studentName: String
    "毕业 / 结业"
    outcomeLabel: String
    "发放或作废日期"
    on: String
    "作废原因"
    reason: String
  }
  "院校的空白毕业证：申领、分配、发放、作废，每个编号都有去向（分配数 = 库存 + 已发放 + 已作废）"
  type DiplomaStock {
    schoolId: ID!
    schoolName: String
    streamId: String!
    allocated: Int!
    inStock: Int!
    issued: Int!
    spoiled: Int!
    "账目是否平衡"
    balanced: Boolean!
    "审核中的申领数量"
    requested: Int
    requestReason: String
    ${reviewFieldTypeDefs}
    updatedAt: String!
    "编号明细（编号顺序）"
    numbers: [DiplomaNumber!]!
  }
  "毕业证书 PDF"
  type DiplomaFile {
    fileName: String!
    contentType: String!
    contentBase64: String!
    "打印记录（计入院校毕业证记录的时间线）"
    result: CommandResult!
  }
  extend type Query {
    "数据权限范围内各院校的空白毕业证账目"
    diplomaStocks: [DiplomaStock!]!
    "一所院校的空白毕业证与编号去向"
    diplomaStock(schoolId: ID!): DiplomaStock
  }
  extend type Mutation {
    "院校申领空白毕业证；submit 为 true 时同时提交主管部门审核，审核通过后分配编号"
    requestDiplomaStock(quantity: Int!, reason: String!, submit: Boolean = false, commandId: ID): CommandResult!
    "作废一本库存中的空白毕业证（如印错、损坏），写明原因"
    spoilDiplomaBlank(number: String!, reason: String!, commandId: ID): CommandResult!
    "向本校已毕结业的学生发放毕业证，使用库存中最小的编号"
    issueDiploma(studentId: ID!, commandId: ID): CommandResult!
    "打印本校已发放的毕业证（A4 横版 PDF），每次打印计入记录"
    printDiploma(number: String!, commandId: ID): DiplomaFile!
  }
`;

const STATE_LABELS = { in_stock: '库存', issued: '已发放', spoiled: '已作废' } as const;
const OUTCOME_LABELS = { graduated: '毕业', completed: '结业' } as const;

function numbersOf(state: Extract<DiplomaStockState, { status: 'open' }>) {
  const rows = [
    ...state.inStock.map((number) => ({ number, state: 'in_stock' as const, studentId: null, studentName: null, outcomeLabel: null, on: null, reason: null })),
    ...Object.entries(state.issued).map(([number, d]) => ({ number, state: 'issued' as const, studentId: d.studentId, studentName: d.studentName, outcomeLabel: OUTCOME_LABELS[d.outcome], on: d.issuedOn, reason: null })),
    ...Object.entries(state.spoiled).map(([number, s]) => ({ number, state: 'spoiled' as const, studentId: null, studentName: null, outcomeLabel: null, on: s.on, reason: s.reason })),
  ];
  return rows.sort((a, b) => a.number.localeCompare(b.number)).map((r) => ({ ...r, stateLabel: STATE_LABELS[r.state] }));
}

const toStock = (row: DiplomaStockRow & { school_name?: string | null }, withNumbers: boolean) => {
  const state = row.state as Extract<DiplomaStockState, { status: 'open' }>;
  return {
    schoolId: row.school_id,
    schoolName: row.school_name ?? null,
    streamId: row.stream_id,
    allocated: row.allocated,
    inStock: row.in_stock,
    issued: row.issued,
    spoiled: row.spoiled,
    balanced: diplomaAccount(state).balanced,
    requested: row.requested,
    requestReason: state.request?.reason ?? null,
    ...reviewFields(state.review),
    updatedAt: row.updated_at,
    numbers: withNumbers ? numbersOf(state) : [],
  };
};

function ownSchool(ctx: GraphQLContext): string {
  if (!ctx.user.orgId) throw clientError('FORBIDDEN', '只有技工院校可以办理毕业证');
  return ctx.user.orgId;
}

export const diplomaStockResolvers = {
  Query: {
    async diplomaStocks(_: unknown, _args: unknown, ctx: GraphQLContext) {
      ctx.require('student:read');
      const { query } = await diplomaStockListQuery(ctx.platform.knex, ctx.scope);
      return ((await query) as DiplomaStockRow[]).map((r) => toStock(r, false));
    },
    async diplomaStock(_: unknown, args: { schoolId: string }, ctx: GraphQLContext) {
      ctx.require('student:read');
      if (!(await ctx.scope.findRecord(`diploma-stock-${args.schoolId}`))) return null;
      const row = await diplomaStockRows(ctx.platform.knex).where('diploma_stocks.school_id', args.schoolId).first();
      return row ? toStock(row, true) : null;
    },
  },
  Mutation: {
    async requestDiplomaStock(_: unknown, args: { quantity: unknown; reason: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      if (args.submit) ctx.require('review:submit');
      const input = parseInput(z.object({ quantity: integerIn('申领数量', 1, MAX_REQUEST), reason: requiredText('申领说明', 200, { multiline: true }) }), { quantity: args.quantity, reason: args.reason });
      const schoolId = ownSchool(ctx);
      const result = await ctx.platform.commands.diplomaStocks.request(schoolId, input.quantity, input.reason, ctx.request(args.commandId), { submit: Boolean(args.submit) });
      return commandOutcome(result, schoolId);
    },
    async spoilDiplomaBlank(_: unknown, args: { number: unknown; reason: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      const input = parseInput(z.object({ number: requiredText('毕业证编号', 40), reason: requiredText('作废原因', 200) }), { number: args.number, reason: args.reason });
      const schoolId = ownSchool(ctx);
      await ctx.scope.requireRecord(`diploma-stock-${schoolId}`);
      const result = await ctx.platform.commands.diplomaStocks.spoil(schoolId, input.number, input.reason, ctx.request(args.commandId));
      return commandOutcome(result, schoolId);
    },
    async issueDiploma(_: unknown, args: { studentId: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      // The student must be in the caller's scope (out of scope answers as missing), before any rule.
      await ctx.scope.requireRecord(`student-${args.studentId}`);
      const schoolId = ownSchool(ctx);
      const result = await ctx.platform.commands.diplomaStocks.issue(schoolId, args.studentId, ctx.request(args.commandId));
      return commandOutcome(result, schoolId);
    },
    async printDiploma(_: unknown, args: { number: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      const { number } = parseInput(z.object({ number: requiredText('毕业证编号', 40) }), { number: args.number });
      const schoolId = ownSchool(ctx);
      await ctx.scope.requireRecord(`diploma-stock-${schoolId}`);
      const data = await ctx.platform.commands.diplomaStocks.diplomaData(schoolId, number);
      // Rendered first: a diploma that cannot be printed records nothing.
      const pdf = await renderDiploma(data);
      const result = await ctx.platform.commands.diplomaStocks.recordPrint(schoolId, number, ctx.request(args.commandId));
      return { fileName: `${diplomaTitle(data.outcome)}-${data.name}-${number}.pdf`, contentType: 'application/pdf', contentBase64: pdf.toString('base64'), result: commandOutcome(result, schoolId) };
    },
  },
};
