// 空白毕业证 and 毕业证发放 (requirement 9(9)): a school requests numbered blanks, its authorities
// approve and the numbers are allocated; the school issues them to its graduates or spoils them;
// every number is accounted for (allocated = in stock + issued + spoiled + void). Issued diplomas,
// amendments and reprints are approved by the authorities (submitReview on the stock's stream) before
// printing; an approved replacement voids the old number.
import { z } from 'zod';
import { diplomaAccount, DIPLOMA_CORRECTION_LABELS, MAX_REQUEST, type DiplomaCorrections, type DiplomaStockState } from '../../domain/diploma-stock/diploma-stock';
import { ValidationError } from '../../domain/shared/errors';
import { calendarDate } from '../../domain/shared/validation';
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
    "in_stock 库存 / awaiting 待审批 / issued 已发放（已审批） / spoiled 已作废（空白） / void 已作废（被更正或补打替换）"
    state: String!
    stateLabel: String!
    studentId: ID
    studentName: String
    "毕业 / 结业"
    outcomeLabel: String
    "发放或作废日期"
    on: String
    "作废原因，或更正、补打的原因"
    reason: String
    "发放 / 更正 / 补打"
    kindLabel: String
    "本编号替换的旧编号（更正、补打）"
    replaces: String
    "替换本编号的新编号（已作废的旧编号）"
    replacedBy: String
    "更正的内容（如：姓名：王晓红）"
    correctionsText: String
    "是否在当前审批批次中"
    inReview: Boolean!
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
    "被更正或补打替换而作废的编号数"
    voided: Int!
    "待审批的毕业证（发放、更正、补打）"
    awaitingApproval: Int!
    "当前（或最近一次）审批的内容：空白毕业证申领或毕业证审批"
    underReviewLabel: String
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
  "毕业证更正内容：只填需要更正的项"
  input DiplomaCorrectionInput {
    name: String
    birthDate: String
    majorName: String
    enrolledOn: String
    leftOn: String
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
    "打印本校已审批的毕业证（A4 横版 PDF，含已审核的毕业证照片），每次打印计入记录"
    printDiploma(number: String!, commandId: ID): DiplomaFile!
    "申请更正已审批的毕业证：使用库存中新的编号，审批通过后旧编号作废"
    amendDiploma(number: String!, corrections: DiplomaCorrectionInput!, reason: String!, commandId: ID): CommandResult!
    "申请补打已审批的毕业证（遗失、损毁）：使用库存中新的编号，审批通过后旧编号作废"
    reprintDiploma(number: String!, reason: String!, commandId: ID): CommandResult!
    "撤销尚未审批的毕业证（未在审批中），编号退回库存"
    cancelDiplomaIssue(number: String!, commandId: ID): CommandResult!
  }
`;

const STATE_LABELS = { in_stock: '库存', awaiting: '待审批', issued: '已发放', spoiled: '已作废', void: '已作废（被替换）' } as const;
const OUTCOME_LABELS = { graduated: '毕业', completed: '结业' } as const;
const KIND_LABELS = { issue: '发放', amendment: '更正', reprint: '补打' } as const;
type OpenStock = Extract<DiplomaStockState, { status: 'open' }>;
const none = { studentId: null, studentName: null, outcomeLabel: null, on: null, reason: null, kindLabel: null, replaces: null, replacedBy: null, correctionsText: null };
const correctionsText = (c: DiplomaCorrections) => Object.entries(c).map(([k, v]) => `${DIPLOMA_CORRECTION_LABELS[k as keyof DiplomaCorrections]}：${v}`).join('；') || null;

function numbersOf(state: OpenStock) {
  const reviewed = state.review.status === 'pending' && state.underReview?.kind === 'diplomas' ? state.underReview.numbers : [];
  const rows = [
    ...state.inStock.map((number) => ({ ...none, number, state: 'in_stock' as const })),
    ...Object.entries(state.issued).map(([number, d]) => ({
      ...none,
      number,
      state: d.approved ? ('issued' as const) : ('awaiting' as const),
      studentId: d.studentId,
      studentName: d.studentName,
      outcomeLabel: OUTCOME_LABELS[d.outcome],
      on: d.issuedOn,
      reason: d.reason,
      kindLabel: KIND_LABELS[d.kind],
      replaces: d.replaces,
      correctionsText: correctionsText(d.corrections),
    })),
    ...Object.entries(state.spoiled).map(([number, s]) => ({ ...none, number, state: 'spoiled' as const, on: s.on, reason: s.reason })),
    ...Object.entries(state.voided ?? {}).map(([number, v]) => ({ ...none, number, state: 'void' as const, on: v.on, reason: v.reason, replacedBy: v.replacedBy })),
  ];
  return rows.sort((a, b) => a.number.localeCompare(b.number)).map((r) => ({ ...r, stateLabel: STATE_LABELS[r.state], inReview: reviewed.includes(r.number) }));
}

const toStock = (row: DiplomaStockRow & { school_name?: string | null }, withNumbers: boolean) => {
  const state = row.state as OpenStock;
  const account = diplomaAccount(state);
  return {
    schoolId: row.school_id,
    schoolName: row.school_name ?? null,
    streamId: row.stream_id,
    allocated: row.allocated,
    inStock: row.in_stock,
    issued: row.issued,
    spoiled: row.spoiled,
    voided: account.voided,
    awaitingApproval: account.awaitingApproval,
    underReviewLabel: state.underReview ? (state.underReview.kind === 'stock' ? '空白毕业证申领' : `毕业证审批 ${state.underReview.numbers.length} 本`) : null,
    balanced: account.balanced,
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
      // The student's approved diploma photo goes in the frame (none approved: the frame stays empty).
      const stock = await ctx.platform.commands.diplomaStocks.state(schoolId);
      const studentId = stock.status === 'open' ? stock.issued[number]?.studentId : undefined;
      const photo = studentId ? await ctx.platform.commands.diplomaPhotos.approvedPhoto(studentId) : null;
      // Rendered first: a diploma that cannot be printed records nothing.
      const pdf = await renderDiploma(data, photo ? { photo: photo.bytes } : {});
      const result = await ctx.platform.commands.diplomaStocks.recordPrint(schoolId, number, ctx.request(args.commandId));
      return { fileName: `${diplomaTitle(data.outcome)}-${data.name}-${number}.pdf`, contentType: 'application/pdf', contentBase64: pdf.toString('base64'), result: commandOutcome(result, schoolId) };
    },
    async amendDiploma(_: unknown, args: { number: unknown; corrections: Record<string, unknown>; reason: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      const c = args.corrections ?? {};
      const present = (k: string) => c[k] !== undefined && c[k] !== null && c[k] !== '';
      const input = parseInput(
        z.object({
          number: requiredText('毕业证编号', 40),
          reason: requiredText('更正原因', 200),
          name: requiredText('姓名', 50).optional(),
          majorName: requiredText('专业名称', 100).optional(),
          birthDate: calendarDate('出生日期').optional(),
          enrolledOn: calendarDate('入学日期').optional(),
          leftOn: calendarDate('毕结业日期').optional(),
        }),
        { number: args.number, reason: args.reason, ...Object.fromEntries(['name', 'majorName', 'birthDate', 'enrolledOn', 'leftOn'].filter(present).map((k) => [k, c[k]])) },
      );
      const { number, reason, ...corrections } = input;
      if (Object.keys(corrections).length === 0) throw new ValidationError([{ field: 'corrections', message: '请填写需要更正的内容' }], '请填写需要更正的内容');
      const schoolId = ownSchool(ctx);
      await ctx.scope.requireRecord(`diploma-stock-${schoolId}`);
      return commandOutcome(await ctx.platform.commands.diplomaStocks.amend(schoolId, number, corrections, reason, ctx.request(args.commandId)), schoolId);
    },
    async reprintDiploma(_: unknown, args: { number: unknown; reason: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      const input = parseInput(z.object({ number: requiredText('毕业证编号', 40), reason: requiredText('补打原因', 200) }), { number: args.number, reason: args.reason });
      const schoolId = ownSchool(ctx);
      await ctx.scope.requireRecord(`diploma-stock-${schoolId}`);
      return commandOutcome(await ctx.platform.commands.diplomaStocks.reprint(schoolId, input.number, input.reason, ctx.request(args.commandId)), schoolId);
    },
    async cancelDiplomaIssue(_: unknown, args: { number: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      const { number } = parseInput(z.object({ number: requiredText('毕业证编号', 40) }), { number: args.number });
      const schoolId = ownSchool(ctx);
      await ctx.scope.requireRecord(`diploma-stock-${schoolId}`);
      return commandOutcome(await ctx.platform.commands.diplomaStocks.cancel(schoolId, number, ctx.request(args.commandId)), schoolId);
    },
  },
};
