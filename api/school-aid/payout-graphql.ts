// 资助发放 over GraphQL: an approved application's instalments (each reserved on the fund, then ordered,
// paid or failed through payment batches), the school recording the student's 社保卡金融账户 (masked in
// every answer), and the payer's re-issue of a failed instalment to a different account.
// Amounts are fen as decimal strings.
import { z } from 'zod';
import { parseInput } from '../../domain/shared/validation';
import { commandOutcome, type GraphQLContext } from '../graphql/context';

export const payoutTypeDefs = /* GraphQL */ `
  "资助的一期发放"
  type SchoolAidInstalment {
    no: Int!
    "发放日期"
    on: String!
    amountFen: String!
    "planned 待发放 / ordered 已生成支付指令 / paid 发放成功 / failed 发放失败"
    status: String!
    statusLabel: String!
    paymentId: String
    bankRef: String
    reason: String
    "此前失败并已重新发放的次数"
    reissued: Int!
  }
  "资助发放：资金、收款账户（脱敏）与各期"
  type SchoolAidPayout {
    applicationId: ID!
    fundId: ID!
    accountMasked: String
    accountName: String
    instalments: [SchoolAidInstalment!]!
  }
  extend type Query {
    "资助申请的发放计划与各期状态（审批通过后才有）"
    schoolAidPayout(id: ID!): SchoolAidPayout
  }
  extend type Mutation {
    "院校登记学生的社保卡金融账户（审批通过后；有未回盘的支付指令时不能更换）"
    recordSchoolAidPayoutAccount(id: ID!, account: String!, accountName: String!, commandId: ID): CommandResult!
    "支付单位审批重新发放支付失败的一期（须已登记不同的收款账户；资金重新预留）"
    reissueSchoolAidInstalment(id: ID!, no: Int!, commandId: ID): CommandResult!
  }
`;

const INSTALMENT_STATUS_LABELS = { planned: '待发放', ordered: '已生成支付指令', paid: '发放成功', failed: '发放失败', stopped: '停发' } as const;

export const payoutResolvers = {
  Query: {
    async schoolAidPayout(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('student:read');
      if (!(await ctx.scope.findRecord(`school-aid-${args.id}`))) return null;
      const state = await ctx.platform.commands.schoolAidPayouts.state(args.id).catch(() => null);
      const payout = state?.payout;
      if (!payout) return null;
      return {
        applicationId: args.id,
        fundId: payout.fundId,
        accountMasked: payout.account?.account.masked ?? null,
        accountName: payout.account?.accountName ?? null,
        instalments: payout.instalments.map((i) => {
          const status = i.stopped ? 'stopped' : (i.payment?.status ?? 'planned');
          return { no: i.no, on: i.on, amountFen: String(i.amountFen), status, statusLabel: INSTALMENT_STATUS_LABELS[status], paymentId: i.payment?.paymentId ?? null, bankRef: i.payment?.bankRef || null, reason: i.stopped?.reason ?? (i.payment?.reason || null), reissued: i.failedBefore.length };
        }),
      };
    },
  },
  Mutation: {
    async recordSchoolAidPayoutAccount(_: unknown, args: { id: string; account: unknown; accountName: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      await ctx.scope.requireRecord(`school-aid-${args.id}`);
      const result = await ctx.platform.commands.schoolAidPayouts.recordAccount(args.id, { account: args.account, accountName: args.accountName }, ctx.request(args.commandId));
      return commandOutcome(result, args.id);
    },
    async reissueSchoolAidInstalment(_: unknown, args: { id: string; no: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('payment:manage');
      await ctx.scope.requireRecord(`school-aid-${args.id}`);
      const no = parseInput(z.number({ error: '请指定期数' }).int({ error: '期数应为整数' }).min(1, { error: '期数应为整数' }), args.no);
      const result = await ctx.platform.commands.schoolAidPayouts.reissue(args.id, no, ctx.request(args.commandId));
      return commandOutcome(result, args.id);
    },
  },
};
