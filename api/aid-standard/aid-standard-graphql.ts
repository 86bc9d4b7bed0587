// 资助标准 (requirement 9(7)-(8)): the province sets the waiver and grant standards per school year;
// its reviewer approves them; every school and authority reads them (province-wide policy).
import { z } from 'zod';
import { AID_KIND_LABELS, AID_KINDS, GRANT_TIER_LABELS, parseAidStandard, type AidStandardDetails } from '../../domain/aid-standard/aid-standard-input';
import { CLASS_TYPE_LABELS } from '../../domain/technical-school/school-vocabulary';
import { integerIn, oneOf, parseInput } from '../../domain/shared/validation';
import { aidStandardRows, type AidStandardRow } from '../../projections/aid-standard/aid-standards-table';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { reviewFieldTypeDefs, reviewFields } from '../review/review-fields';

export const aidStandardTypeDefs = /* GraphQL */ `
  type AidWaiverAmount {
    classType: String!
    classTypeLabel: String!
    "每生每年免学费金额（分，十进制整数字符串）"
    amountFen: String!
  }
  type AidGrantTier {
    tier: String!
    tierLabel: String!
    "每生每年资助金额（分，十进制整数字符串）"
    amountFen: String!
  }
  type AidStandardDetails {
    kind: String!
    kindLabel: String!
    schoolYear: Int!
    termFrom: String!
    termTo: String!
    waiverAmounts: [AidWaiverAmount!]!
    grantTiers: [AidGrantTier!]!
    eligibleYears: [Int!]!
    "发放日期（助学金发放时间）"
    disbursementDates: [String!]!
    note: String!
  }
  "资助标准（免学费、国家助学金）：每类每学年一个，省级制定并审批后生效"
  type AidStandard {
    id: ID!
    streamId: String!
    kind: String!
    kindLabel: String!
    schoolYear: Int!
    "已审批生效的标准"
    approved: AidStandardDetails
    "待审批的标准或修改"
    pending: AidStandardDetails
    version: Int!
    ${reviewFieldTypeDefs}
    updatedAt: String!
    approvedAt: String
  }
  input AidWaiverAmountInput {
    classType: String!
    "分，十进制整数字符串（如 240000 即 2,400.00 元）"
    amountFen: String!
  }
  input AidGrantTierInput {
    tier: String!
    "分，十进制整数字符串"
    amountFen: String!
  }
  input AidStandardInput {
    "waiver 免学费 / grant 国家助学金"
    kind: String!
    schoolYear: Int!
    termFrom: String!
    termTo: String!
    waiverAmounts: [AidWaiverAmountInput!]
    grantTiers: [AidGrantTierInput!]
    eligibleYears: [Int!]
    disbursementDates: [String!]!
    note: String
  }
  extend type Query {
    "资助标准（全省统一，院校与各级主管部门均可查询），学年新的在前"
    aidStandards(kind: String, schoolYear: Int): [AidStandard!]!
  }
  extend type Mutation {
    "制定或修改某学年的免学费、助学金标准（金额为整数分）；submit 为 true 时同时提交审批"
    setAidStandard(input: AidStandardInput!, submit: Boolean = false, commandId: ID): CommandResult!
  }
`;

const detailsOut = (d: AidStandardDetails | null) =>
  d && {
    ...d,
    kindLabel: AID_KIND_LABELS[d.kind],
    waiverAmounts: d.waiverAmounts.map((a) => ({ ...a, amountFen: String(a.amountFen), classTypeLabel: CLASS_TYPE_LABELS[a.classType] })),
    grantTiers: d.grantTiers.map((t) => ({ ...t, amountFen: String(t.amountFen), tierLabel: GRANT_TIER_LABELS[t.tier] })),
  };

const toStandard = (row: AidStandardRow) => {
  const state = row.state as Extract<AidStandardRow['state'], { status: 'set' }>;
  return {
    id: row.id,
    streamId: row.stream_id,
    kind: row.kind,
    kindLabel: AID_KIND_LABELS[row.kind as keyof typeof AID_KIND_LABELS] ?? row.kind,
    schoolYear: row.school_year,
    approved: detailsOut(row.approved),
    pending: detailsOut(row.pending),
    version: row.version,
    ...reviewFields(state.review),
    updatedAt: row.updated_at,
    approvedAt: row.approved_at,
  };
};

const filterSchema = z.object({ kind: oneOf('资助类型', AID_KINDS).optional(), schoolYear: integerIn('学年', 2000, 2100).optional() });

export const aidStandardResolvers = {
  Query: {
    async aidStandards(_: unknown, args: { kind?: unknown; schoolYear?: unknown }, ctx: GraphQLContext) {
      ctx.requireAny('technical-school:read', 'student:read');
      const filter = parseInput(filterSchema, { kind: args.kind ?? undefined, schoolYear: args.schoolYear ?? undefined });
      return (await aidStandardRows(ctx.platform.knex, filter)).map(toStandard);
    },
  },
  Mutation: {
    async setAidStandard(_: unknown, args: { input: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('technical-school:manage');
      if (args.submit) ctx.require('review:submit');
      const details = parseAidStandard(args.input);
      const result = await ctx.platform.commands.aidStandards.set(ctx.user.orgId, details, ctx.request(args.commandId), { submit: Boolean(args.submit) });
      return commandOutcome(result, `${details.kind}-${details.schoolYear}`);
    },
  },
};
