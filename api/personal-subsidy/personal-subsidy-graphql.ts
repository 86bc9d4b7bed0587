// 个人补贴 over GraphQL: the preview of a person's application (nothing written), applying (the
// class's institution or an authority's counter), the list within each user's scope, the record
// with its calculation, evidence, 公示 and objections, and the objections' handling.
// Amounts are fen as decimal strings.
import { z } from 'zod';
import { currentLevel, REVIEW_LEVEL_LABELS, REVIEW_STATUS_LABELS, type ReviewLevel, type ReviewState } from '../../domain/review/review';
import { chinaDate } from '../../domain/personal-data/normalize';
import { integerIn, optionalText, parseInput, requiredText } from '../../domain/shared/validation';
import { describeNotice, NOTICE_DAY_KIND_LABELS, parseObjection } from '../../domain/subsidy-application/notice';
import { STANDARD_UNIT_LABELS } from '../../domain/subsidy-standard/standard-terms';
import { kindSchema, parseEvidence, PERSONAL_SUBSIDY_KIND_LABELS, type PersonalSubsidyKind } from '../../domain/personal-subsidy/calculation';
import { PERSONAL_PAYMENT_STATUS_LABELS, personalUnpayableReason, type PersonalApplication, type PersonalCalculation, type PersonalPayment } from '../../domain/personal-subsidy/personal-subsidy';
import { bankCardSchema } from '../../domain/personal-data/bank-card';
import { joinOrganizationName } from '../../projections/organization/organization-names';
import { personalSubsidiesTable, type PersonalSubsidyRow } from '../../projections/personal-subsidy/personal-subsidies-table';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';

export const PERSONAL_SUBSIDY_SORT: SortableFields = {
  personName: { column: 'personal_subsidies.person_name', pinyin: true },
  amountFen: 'personal_subsidies.amount_fen',
  appliedOn: 'personal_subsidies.applied_on',
  reviewStatus: 'personal_subsidies.review_status',
  updatedAt: 'personal_subsidies.updated_at',
};

export const personalSubsidyTypeDefs = /* GraphQL */ `
  "个人补贴的计算（金额单位：分）"
  type PersonalSubsidyCalculation {
    kind: String!
    kindLabel: String!
    "0 表示不符合条件"
    amountFen: String!
    standard: AppliedSubsidyStandard
    "按天计发的天数"
    days: Int
    "限享一次的项目"
    claimLabel: String!
    "不符合条件的原因（为空表示符合）"
    refusals: [String!]!
    personName: String!
    idNumberMasked: String!
    personCategory: String
    classId: ID!
    classNo: String!
    className: String!
    "开班日期（补贴标准以此日期的版本为准）"
    startedOn: String!
    completedOn: String!
    certificateNo: String
    "申请材料：失业保险缴费月数、参保证明编号、营业执照等"
    evidence: [PersonalSubsidyEvidenceItem!]!
    "计算时读取日志的位置（审计复算依据）"
    computedAt: String!
    computedOn: String!
  }
  type PersonalSubsidyEvidenceItem {
    label: String!
    value: String!
  }
  "个人补贴的一次申请"
  type PersonalSubsidyApplication {
    applicationId: ID!
    appliedOn: String!
    applicantOrgId: ID!
    calculation: PersonalSubsidyCalculation!
    reviewStatus: String!
    reviewStatusLabel: String!
    reservedFen: String
    notice: TrainingFundingNotice
    objections: [TrainingFundingObjection!]!
    revoked: Boolean!
    "不能支付的原因（为空表示公示期满、异议已处理，可以支付）"
    unpayableReason: String
    "支付到本人社保卡金融账户的支付指令及结果"
    payment: PersonalSubsidyPayment
    "支付失败后经审核重新支付的原支付（较早的在前）"
    failedPayments: [PersonalSubsidyPayment!]!
    "重新支付申请（较早的在前）"
    reissues: [PersonalSubsidyReissue!]!
    "重新支付审核通过后的收款账户（掩码）；为空时支付到学员信息中的社保卡金融账户"
    payeeAccountMasked: String
  }
  "个人补贴支付失败后的重新支付申请（经审核）"
  type PersonalSubsidyReissue {
    reissueId: ID!
    failedPaymentId: ID!
    reason: String!
    "新的社保卡金融账户（掩码）"
    accountMasked: String!
    accountName: String!
    reviewStatus: String!
    reviewStatusLabel: String!
    reviewLevelLabel: String
    "当前审核级别的审核单位"
    reviewAuthorityId: ID
    "申请重新支付的单位"
    requestedByOrg: ID
  }
  input PersonalSubsidyReissueInput {
    "新的社保卡金融账户"
    account: String!
    "开户名"
    accountName: String!
    "重新支付的原因"
    reason: String!
  }
  "个人补贴的支付（金额单位：分）"
  type PersonalSubsidyPayment {
    paymentId: ID!
    batchId: ID!
    amountFen: String!
    status: String!
    statusLabel: String!
    bankRef: String
    reason: String
    "支付或失败的日期"
    on: String
  }
  "个人补贴（每人每类一条记录）"
  type PersonalSubsidy {
    id: ID!
    streamId: String!
    personId: ID!
    personName: String!
    idNumberMasked: String!
    kind: String!
    kindLabel: String!
    classId: ID!
    className: String!
    institutionId: ID!
    institutionName: String
    applicantOrgId: ID!
    applicantOrgName: String
    payerId: ID!
    payerName: String
    fundId: ID!
    year: Int!
    amountFen: String!
    appliedOn: String!
    reviewStatus: String!
    reviewStatusLabel: String!
    reviewLevel: String
    reviewLevelLabel: String
    reviewAuthorityId: ID
    noticeUntil: String
    openObjections: Int!
    revoked: Boolean!
    "ordered 已生成支付指令 / paid 已支付 / failed 支付失败；未支付时为空"
    paymentStatus: String
    "当前申请"
    current: PersonalSubsidyApplication!
    "历次申请（较早的在前）"
    history: [PersonalSubsidyApplication!]!
    createdAt: String!
    updatedAt: String!
  }
  ${pageTypeDefs('PersonalSubsidy')}

  input PersonalSubsidyInput {
    "skill_upgrade 技能提升补贴、living_allowance 生活费补贴、startup 一次性创业补贴"
    kind: String!
    "申请人结业的培训班"
    classId: ID!
    "申请人（学员）"
    personId: ID!
    "技能提升补贴：失业保险缴费月数"
    insuredMonths: Int
    "技能提升补贴：参保证明编号"
    insuranceProof: String
    "创业补贴：营业执照统一社会信用代码"
    licenceNo: String
    "创业补贴：营业执照登记日期 YYYY-MM-DD"
    registeredOn: String
    "创业补贴：经营主体名称"
    businessName: String
  }
  input PersonalSubsidyFilter {
    kind: String
    reviewStatus: String
    year: Int
    "姓名或班级名称关键字"
    keyword: String
  }

  extend type Query {
    "个人补贴（本单位及下级单位的）；可排序字段：${sortableNames(PERSONAL_SUBSIDY_SORT)}"
    personalSubsidies(filter: PersonalSubsidyFilter, page: PageInput): PersonalSubsidyPage!
    personalSubsidy(id: ID!): PersonalSubsidy
    "个人补贴试算（不保存）：金额、所用标准版本，或不符合条件的原因"
    personalSubsidyPreview(input: PersonalSubsidyInput!): PersonalSubsidyCalculation!
  }

  extend type Mutation {
    "受理个人补贴申请（开班机构或人社部门窗口）；submit 为 true 时同时提交审核。返回个人补贴记录编号"
    applyPersonalSubsidy(input: PersonalSubsidyInput!, submit: Boolean = false, commandId: ID): CommandResult!
    "登记个人补贴的公示异议（支付单位或其上级人社部门）"
    recordPersonalSubsidyObjection(id: ID!, input: FundingObjectionInput!, commandId: ID): CommandResult!
    "处理个人补贴的公示异议：upheld 为 true 表示异议成立，补贴撤销，金额退回资金"
    resolvePersonalSubsidyObjection(id: ID!, objectionId: ID!, upheld: Boolean!, resolution: String!, commandId: ID): CommandResult!
    "申请重新支付支付失败的个人补贴（支付单位或其上级，填写新的社保卡金融账户），同时提交审核；审核通过后重新预留资金、可再次支付。返回申请编号"
    requestPersonalSubsidyReissue(id: ID!, input: PersonalSubsidyReissueInput!, commandId: ID): CommandResult!
  }
`;

const filterSchema = z
  .object({
    kind: kindSchema.nullish(),
    reviewStatus: z.string().max(20).nullish(),
    year: integerIn('年度', 2000, 2100).nullish(),
    keyword: optionalText('关键字', 40),
  })
  .default({ keyword: '' });
export type PersonalSubsidyFilter = z.output<typeof filterSchema>;
export const parsePersonalSubsidyFilter = (raw: unknown): PersonalSubsidyFilter => parseInput(filterSchema, raw ?? undefined);

const inputSchema = z.object({ kind: kindSchema, classId: requiredText('培训班', 64), personId: requiredText('申请人', 64) });
/** The form's fields: which class and person, and the evidence of the kind (a Chinese message for each bad field). */
export function parsePersonalSubsidyInput(raw: unknown) {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const { kind, classId, personId } = parseInput(inputSchema, input);
  const evidence = parseEvidence(kind, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)));
  return { kind: kind as PersonalSubsidyKind, classId, personId, evidence };
}

const evidenceItems = (c: PersonalCalculation) => {
  const e = c.facts.evidence;
  if (e.kind === 'skill_upgrade') return [{ label: '失业保险缴费月数', value: `${e.insuredMonths}个月` }, { label: '参保证明编号', value: e.insuranceProof }];
  if (e.kind === 'startup') return [{ label: '营业执照统一社会信用代码', value: e.licenceNo }, { label: '营业执照登记日期', value: e.registeredOn }, { label: '经营主体名称', value: e.businessName }];
  return [{ label: '人员类别', value: c.facts.person.personCategory ?? '未登记' }];
};

export const toPersonalCalculation = (c: PersonalCalculation) => {
  const { facts, result } = c;
  return {
    kind: facts.kind,
    kindLabel: PERSONAL_SUBSIDY_KIND_LABELS[facts.kind],
    amountFen: String(result.amountFen),
    standard: result.standard && { ...result.standard, amountFen: String(result.standard.amountFen), unitLabel: STANDARD_UNIT_LABELS[result.standard.unit] },
    days: result.days,
    claimLabel: result.claimLabel,
    refusals: result.refusals,
    personName: facts.person.name,
    idNumberMasked: facts.person.idNumberMasked,
    personCategory: facts.person.personCategory,
    classId: facts.class.classId,
    classNo: facts.class.classNo,
    className: facts.class.name,
    startedOn: facts.class.startedOn,
    completedOn: facts.class.completedOn,
    certificateNo: facts.outcome?.certificateNo ?? null,
    evidence: evidenceItems(c),
    computedAt: c.computedAt,
    computedOn: c.computedOn,
  };
};

const reissueSchema = z.object({ account: bankCardSchema('社保卡金融账户'), accountName: requiredText('开户名', 50), reason: requiredText('重新支付原因', 500, { multiline: true }) });

const toPayment = (p: PersonalPayment) => ({ ...p, amountFen: String(p.amountFen), statusLabel: PERSONAL_PAYMENT_STATUS_LABELS[p.status] });

const OBJECTION_STATUS_LABELS = { open: '待处理', upheld: '异议成立', dismissed: '异议不成立' } as const;
const chinaToday = () => chinaDate(new Date().toISOString());

const toApplication = (a: PersonalApplication) => ({
  applicationId: a.applicationId,
  appliedOn: a.appliedOn,
  applicantOrgId: a.applicantOrgId,
  calculation: toPersonalCalculation(a.calculation),
  reviewStatus: a.review.status,
  reviewStatusLabel: REVIEW_STATUS_LABELS[a.review.status],
  reservedFen: a.reservation ? String(a.reservation.amountFen) : null,
  notice: a.notice && { ...a.notice, dayKindLabel: NOTICE_DAY_KIND_LABELS[a.notice.dayKind], description: describeNotice(a.notice) },
  objections: a.objections.map((o) => ({ ...o, participantName: null, statusLabel: OBJECTION_STATUS_LABELS[o.status] })),
  revoked: a.revoked,
  unpayableReason: personalUnpayableReason(a, chinaToday()),
  payment: a.payment && toPayment(a.payment),
  failedPayments: (a.failedPayments ?? []).map(toPayment),
  reissues: (a.reissues ?? []).map((r) => {
    const level = currentLevel(r.review);
    return {
      reissueId: r.reissueId,
      failedPaymentId: r.failedPaymentId,
      reason: r.reason,
      accountMasked: r.account.masked,
      accountName: r.accountName,
      reviewStatus: r.review.status,
      reviewStatusLabel: REVIEW_STATUS_LABELS[r.review.status],
      reviewLevelLabel: level ? REVIEW_LEVEL_LABELS[level] : null,
      reviewAuthorityId: level && r.review.status === 'pending' ? (r.review.authorities[level] ?? null) : null,
      requestedByOrg: r.requestedByOrg,
    };
  }),
  payeeAccountMasked: a.payee?.account.masked ?? null,
});

type ListRow = PersonalSubsidyRow & { institution_name?: string | null; applicant_name?: string | null; payer_name?: string | null };

export const toPersonalSubsidy = (row: ListRow) => ({
  id: row.id,
  streamId: row.stream_id,
  personId: row.person_id,
  personName: row.person_name,
  idNumberMasked: row.id_number_masked,
  kind: row.kind,
  kindLabel: PERSONAL_SUBSIDY_KIND_LABELS[row.kind as PersonalSubsidyKind] ?? row.kind,
  classId: row.class_id,
  className: row.class_name,
  institutionId: row.institution_id,
  institutionName: row.institution_name ?? null,
  applicantOrgId: row.applicant_org_id,
  applicantOrgName: row.applicant_name ?? null,
  payerId: row.payer_id,
  payerName: row.payer_name ?? null,
  fundId: row.fund_id,
  year: row.year,
  amountFen: String(row.amount_fen),
  appliedOn: row.applied_on,
  reviewStatus: row.review_status,
  reviewStatusLabel: REVIEW_STATUS_LABELS[row.review_status as ReviewState['status']] ?? row.review_status,
  reviewLevel: row.review_level,
  reviewLevelLabel: row.review_level ? REVIEW_LEVEL_LABELS[row.review_level as ReviewLevel] : null,
  reviewAuthorityId: row.review_authority,
  noticeUntil: row.notice_until,
  openObjections: row.open_objections,
  revoked: row.revoked,
  paymentStatus: row.payment_status,
  current: toApplication(row.state.current),
  history: row.state.history.map(toApplication),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const subsidyRows = (ctx: Pick<ListContext, 'platform'>) => {
  let query = joinOrganizationName(personalSubsidiesTable(ctx.platform.knex), 'personal_subsidies.institution_id', 'inst');
  query = joinOrganizationName(query, 'personal_subsidies.applicant_org_id', 'applicant');
  return joinOrganizationName(query, 'personal_subsidies.payer_id', 'payer').select('personal_subsidies.*', 'inst.name as institution_name', 'applicant.name as applicant_name', 'payer.name as payer_name');
};

export async function personalSubsidyListQuery(ctx: ListContext, filter: PersonalSubsidyFilter) {
  ctx.require('subsidy:read');
  const query = subsidyRows(ctx);
  await ctx.scope.restrict(query, { org: 'personal_subsidies.institution_id', owner: 'personal_subsidies.created_by' });
  if (filter.kind) query.where('personal_subsidies.kind', filter.kind);
  if (filter.reviewStatus) query.where('personal_subsidies.review_status', filter.reviewStatus);
  if (filter.year) query.where('personal_subsidies.year', filter.year);
  if (filter.keyword) {
    const like = `%${escapeLike(filter.keyword)}%`;
    query.where((q) => q.where('personal_subsidies.person_name', 'like', like).orWhere('personal_subsidies.class_name', 'like', like));
  }
  return { query, orderBy: [{ column: 'personal_subsidies.updated_at', order: 'desc' as const }, { column: 'personal_subsidies.id', order: 'asc' as const }] };
}


export const personalSubsidyResolvers = {
  Query: {
    async personalSubsidies(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      const page = parsePage(args.page);
      const { query, orderBy } = await personalSubsidyListQuery(ctx, parsePersonalSubsidyFilter(args.filter));
      const result = await fetchPage<ListRow>(query, page, orderFor(page, PERSONAL_SUBSIDY_SORT, orderBy));
      return { ...result, items: result.items.map(toPersonalSubsidy) };
    },
    async personalSubsidy(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:read');
      if (!(await ctx.scope.findRecord(`personal-subsidy-${args.id}`))) return null;
      const row = await subsidyRows(ctx).where('personal_subsidies.id', args.id).first();
      return row ? toPersonalSubsidy(row) : null;
    },
    async personalSubsidyPreview(_: unknown, args: { input: unknown }, ctx: GraphQLContext) {
      ctx.require('subsidy:apply');
      const input = parsePersonalSubsidyInput(args.input);
      await ctx.scope.requireRecord(`training-class-${input.classId}`);
      return toPersonalCalculation(await ctx.platform.commands.personalSubsidies.preview(input, ctx.request()));
    },
  },
  Mutation: {
    async applyPersonalSubsidy(_: unknown, args: { input: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:apply');
      if (args.submit) ctx.require('review:submit');
      const input = parsePersonalSubsidyInput(args.input);
      await ctx.scope.requireRecord(`training-class-${input.classId}`);
      const result = await ctx.platform.commands.personalSubsidies.apply(input, ctx.request(args.commandId), { submit: Boolean(args.submit) });
      return commandOutcome(result, result.subsidyId);
    },
    async recordPersonalSubsidyObjection(_: unknown, args: { id: string; input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:notice');
      await ctx.scope.requireRecord(`personal-subsidy-${args.id}`);
      const objection = parseObjection({ ...(args.input as object), participantId: null });
      const request = ctx.request(args.commandId);
      const result = await ctx.platform.commands.personalSubsidies.recordObjection(args.id, request.commandId, objection, request);
      return commandOutcome(result, request.commandId);
    },
    async resolvePersonalSubsidyObjection(_: unknown, args: { id: string; objectionId: string; upheld: boolean; resolution: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:notice');
      await ctx.scope.requireRecord(`personal-subsidy-${args.id}`);
      const resolution = parseInput(requiredText('处理意见', 2000, { multiline: true }), args.resolution);
      const result = await ctx.platform.commands.personalSubsidies.resolveObjection(args.id, args.objectionId, Boolean(args.upheld), resolution, ctx.request(args.commandId));
      return commandOutcome(result, args.id);
    },
    async requestPersonalSubsidyReissue(_: unknown, args: { id: string; input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('payment:manage');
      ctx.require('review:submit');
      await ctx.scope.requireRecord(`personal-subsidy-${args.id}`);
      const input = parseInput(reissueSchema, args.input);
      const request = ctx.request(args.commandId);
      const result = await ctx.platform.commands.personalSubsidies.requestReissue(args.id, input, request);
      return commandOutcome(result, request.commandId);
    },
  },
};
