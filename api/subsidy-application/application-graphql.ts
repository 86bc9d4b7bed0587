// 机构培训经费申报 over GraphQL: the preview of a completed class's calculation, applying and
// recalculating (the class's institution), the list within each user's scope, an application with
// every funded trainee and every excluded one with the reasons, and the auditor's recomputation
// from the log. Amounts are fen as decimal strings.
import { z } from 'zod';
import { FUNDING_LINE_LABELS, FUNDING_LINES, type FundingLine } from '../../domain/fund/fund';
import { REVIEW_LEVEL_LABELS, REVIEW_STATUS_LABELS, type ReviewLevel, type ReviewState } from '../../domain/review/review';
import { integerIn, oneOf, optionalText, parseInput } from '../../domain/shared/validation';
import { unpayableReason, type RecordedCalculation } from '../../domain/subsidy-application/application';
import { describeNotice, NOTICE_DAY_KIND_LABELS, parseObjection } from '../../domain/subsidy-application/notice';
import { chinaDate } from '../../domain/personal-data/normalize';
import { requiredText } from '../../domain/shared/validation';
import { ATTENDANCE_SOURCE_LABELS } from '../../domain/subsidy-application/calculation';
import { STANDARD_UNIT_LABELS } from '../../domain/subsidy-standard/standard-terms';
import { TRAINING_KIND_LABELS, type TrainingKind } from '../../domain/training-class/class-details';
import { joinOrganizationName } from '../../projections/organization/organization-names';
import { subsidyApplicationsTable, type SubsidyApplicationRow } from '../../projections/subsidy-application/applications-table';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';

export const APPLICATION_SORT: SortableFields = {
  className: { column: 'subsidy_applications.class_name', pinyin: true },
  totalFen: 'subsidy_applications.total_fen',
  eligibleCount: 'subsidy_applications.eligible_count',
  reviewStatus: 'subsidy_applications.review_status',
  institutionName: { column: 'inst.name', pinyin: true, nullsLast: true },
  updatedAt: 'subsidy_applications.updated_at',
};

export const applicationTypeDefs = /* GraphQL */ `
  "补贴对象（金额单位：分）"
  type FundedTrainee {
    participantId: ID!
    name: String!
    idNumberMasked: String!
    "出勤率，如 95.0%"
    attendanceRate: String!
    amountFen: String!
    standardId: ID!
    standardVersion: Int!
  }
  "不符合补贴条件的学员及原因"
  type ExcludedTrainee {
    participantId: ID!
    name: String!
    idNumberMasked: String!
    attendanceRate: String!
    reasons: [String!]!
  }
  "计算所用的补贴标准版本"
  type AppliedSubsidyStandard {
    standardId: ID!
    version: Int!
    amountFen: String!
    unit: String!
    unitLabel: String!
    effectiveFrom: String!
    basis: String!
  }
  "机构培训经费的计算结果"
  type TrainingFundingCalculation {
    totalFen: String!
    eligible: [FundedTrainee!]!
    excluded: [ExcludedTrainee!]!
    standards: [AppliedSubsidyStandard!]!
    "计算时读取日志的位置（审计复算依据）"
    computedAt: String!
    computedOn: String!
    attendanceSource: String!
    attendanceSourceLabel: String!
    "补贴资格政策版本"
    policyVersion: Int!
    "开班日期（补贴标准以此日期的版本为准）"
    startedOn: String!
    days: Int!
  }
  "机构培训经费申报"
  type TrainingFundingApplication {
    id: ID!
    streamId: String!
    classId: ID!
    classNo: String!
    className: String!
    kindLabel: String!
    institutionId: ID!
    institutionName: String
    payerId: ID!
    payerName: String
    fundId: ID!
    line: String!
    lineLabel: String!
    year: Int!
    totalFen: String!
    eligibleCount: Int!
    excludedCount: Int!
    calculation: TrainingFundingCalculation!
    "审核通过后在资金中预留的金额（分）"
    reservedFen: String
    reviewStatus: String!
    reviewStatusLabel: String!
    reviewLevel: String
    reviewLevelLabel: String
    "当前审核级别的审核单位"
    reviewAuthorityId: ID
    notice: TrainingFundingNotice
    objections: [TrainingFundingObjection!]!
    "可支付金额（分）：审核金额减去公示异议成立核减的金额"
    payableFen: String!
    "不能支付的原因（为空表示可以支付）"
    unpayableReason: String
    revoked: Boolean!
    "待审批的重新支付申请"
    reissue: TrainingFundingReissue
    "已失败的支付次数"
    failedPayments: Int!
    createdAt: String!
    updatedAt: String!
  }
  ${pageTypeDefs('TrainingFundingApplication')}

  "公示期"
  type TrainingFundingNotice {
    publishedOn: String!
    until: String!
    days: Int!
    dayKindLabel: String!
    description: String!
  }
  "公示异议"
  type TrainingFundingObjection {
    objectionId: ID!
    participantId: ID
    participantName: String
    content: String!
    receivedOn: String!
    channel: String!
    status: String!
    statusLabel: String!
    resolution: String
    resolvedOn: String
  }
  "重新支付申请"
  type TrainingFundingReissue {
    reissueId: ID!
    reason: String!
    requestedBy: String!
    accountMasked: String!
  }
  "补贴公示设置"
  type SubsidyNoticeSettings {
    days: Int!
    dayKind: String!
    dayKindLabel: String!
    version: Int!
  }
  input FundingObjectionInput {
    "异议涉及的学员；为空表示针对整个申报"
    participantId: ID
    content: String!
    "受理日期 YYYY-MM-DD"
    receivedOn: String!
    "来源，如 来信、来电、窗口"
    channel: String!
  }

  "审计复算：按记录的日志位置重新读取事实并重新计算"
  type TrainingFundingRecomputation {
    applicationId: ID!
    computedAt: String!
    factsSame: Boolean!
    resultSame: Boolean!
    recordedTotalFen: String!
    recomputedTotalFen: String!
  }

  input TrainingFundingFilter {
    reviewStatus: String
    year: Int
    "班级名称或编号关键字"
    keyword: String
  }

  extend type Query {
    "机构培训经费申报（本单位及下级单位的）；可排序字段：${sortableNames(APPLICATION_SORT)}"
    trainingFundingApplications(filter: TrainingFundingFilter, page: PageInput): TrainingFundingApplicationPage!
    trainingFundingApplication(id: ID!): TrainingFundingApplication
    "结业班级的培训经费试算（不保存）"
    trainingFundingPreview(classId: ID!, line: String): TrainingFundingCalculation!
    "按申报记录的日志位置复算，核对金额与名单"
    recomputeTrainingFunding(id: ID!): TrainingFundingRecomputation
    "补贴公示设置（默认5个工作日）"
    subsidyNoticeSettings: SubsidyNoticeSettings!
  }

  extend type Mutation {
    "开班机构为已结业的班级申报机构培训经费（line：资金渠道，默认就业补助资金）；submit 为 true 时同时提交审核"
    applyTrainingFunding(classId: ID!, line: String, submit: Boolean = false, commandId: ID): CommandResult!
    "草稿或退回的申报按最新事实重新计算；submit 为 true 时同时提交审核"
    recalculateTrainingFunding(id: ID!, line: String, submit: Boolean = false, commandId: ID): CommandResult!
    "登记公示异议（支付单位或其上级人社部门）"
    recordFundingObjection(id: ID!, input: FundingObjectionInput!, commandId: ID): CommandResult!
    "处理公示异议：upheld 为 true 表示异议成立，相关人员（或整个申报）移出名单，金额退回资金"
    resolveFundingObjection(id: ID!, objectionId: ID!, upheld: Boolean!, resolution: String!, commandId: ID): CommandResult!
    "申请重新支付（支付失败且培训机构已更新银行账户；支付单位）"
    requestPaymentReissue(id: ID!, reason: String!, commandId: ID): CommandResult!
    "审批重新支付（支付单位的另一人员；重新预留资金）"
    approvePaymentReissue(id: ID!, reissueId: ID!, commandId: ID): CommandResult!
    "修改补贴公示设置（省级人社部门）"
    changeSubsidyNoticeSettings(days: Int!, dayKind: String!, reason: String!, commandId: ID): CommandResult!
  }
`;

const filterSchema = z
  .object({
    reviewStatus: z.string().max(20).nullish(),
    year: integerIn('年度', 2000, 2100).nullish(),
    keyword: optionalText('关键字', 40),
  })
  .default({ keyword: '' });
export type ApplicationFilter = z.output<typeof filterSchema>;
export const parseApplicationFilter = (raw: unknown): ApplicationFilter => parseInput(filterSchema, raw ?? undefined);
const parseLine = (line: unknown): FundingLine => parseInput(oneOf('资金渠道', FUNDING_LINES).nullish(), line) ?? 'employment_subsidy';

const rate = (permille: number) => `${Math.floor(permille / 10)}.${permille % 10}%`;

export const toCalculation = (c: RecordedCalculation) => ({
  totalFen: String(c.result.totalFen),
  eligible: c.result.eligible.map((e) => ({ ...e, attendanceRate: rate(e.ratePermille), amountFen: String(e.amountFen) })),
  excluded: c.result.excluded.map((e) => ({ ...e, attendanceRate: rate(e.ratePermille) })),
  standards: c.result.standards.map((s) => ({ ...s, amountFen: String(s.amountFen), unitLabel: STANDARD_UNIT_LABELS[s.unit] })),
  computedAt: c.computedAt,
  computedOn: c.computedOn,
  attendanceSource: c.facts.attendanceSource,
  attendanceSourceLabel: ATTENDANCE_SOURCE_LABELS[c.facts.attendanceSource],
  policyVersion: c.facts.policy.version,
  startedOn: c.facts.class.startedOn,
  days: c.facts.class.days,
});

type ListRow = SubsidyApplicationRow & { institution_name?: string | null; payer_name?: string | null };

const OBJECTION_STATUS_LABELS = { open: '待处理', upheld: '异议成立', dismissed: '异议不成立' } as const;
const chinaToday = () => chinaDate(new Date().toISOString());

export const toApplication = (row: ListRow) => ({
  id: row.id,
  streamId: row.stream_id,
  classId: row.class_id,
  classNo: row.class_no,
  className: row.class_name,
  kindLabel: TRAINING_KIND_LABELS[row.kind as TrainingKind] ?? row.kind,
  institutionId: row.institution_id,
  institutionName: row.institution_name ?? null,
  payerId: row.payer_id,
  payerName: row.payer_name ?? null,
  fundId: row.fund_id,
  line: row.line,
  lineLabel: FUNDING_LINE_LABELS[row.line as FundingLine] ?? row.line,
  year: row.year,
  totalFen: String(row.total_fen),
  eligibleCount: row.eligible_count,
  excludedCount: row.excluded_count,
  calculation: toCalculation(row.state.calculation),
  reservedFen: row.reserved_fen === null ? null : String(row.reserved_fen),
  reviewStatus: row.review_status,
  reviewStatusLabel: REVIEW_STATUS_LABELS[row.review_status as ReviewState['status']] ?? row.review_status,
  reviewLevel: row.review_level,
  reviewLevelLabel: row.review_level ? REVIEW_LEVEL_LABELS[row.review_level as ReviewLevel] : null,
  reviewAuthorityId: row.review_authority,
  notice: row.state.notice && { ...row.state.notice, dayKindLabel: NOTICE_DAY_KIND_LABELS[row.state.notice.dayKind], description: describeNotice(row.state.notice) },
  objections: (row.state.objections ?? []).map((o) => ({ ...o, statusLabel: OBJECTION_STATUS_LABELS[o.status] })),
  payableFen: String(row.payable_fen),
  unpayableReason: unpayableReason(row.state, chinaToday()),
  revoked: row.revoked,
  reissue: row.state.reissue ?? null,
  failedPayments: row.state.failedPayments?.length ?? 0,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const applicationRows = (ctx: Pick<ListContext, 'platform'>) => {
  const query = joinOrganizationName(subsidyApplicationsTable(ctx.platform.knex), 'subsidy_applications.institution_id', 'inst');
  return joinOrganizationName(query, 'subsidy_applications.payer_id', 'payer').select('subsidy_applications.*', 'inst.name as institution_name', 'payer.name as payer_name');
};

export async function applicationListQuery(ctx: ListContext, filter: ApplicationFilter) {
  ctx.require('subsidy:read');
  const query = applicationRows(ctx);
  await ctx.scope.restrict(query, { org: 'subsidy_applications.institution_id', owner: 'subsidy_applications.created_by' });
  if (filter.reviewStatus) query.where('subsidy_applications.review_status', filter.reviewStatus);
  if (filter.year) query.where('subsidy_applications.year', filter.year);
  if (filter.keyword) {
    const like = `%${escapeLike(filter.keyword)}%`;
    query.where((q) => q.where('subsidy_applications.class_name', 'like', like).orWhere('subsidy_applications.class_no', 'like', like));
  }
  return { query, orderBy: [{ column: 'subsidy_applications.updated_at', order: 'desc' as const }, { column: 'subsidy_applications.id', order: 'asc' as const }] };
}

export const applicationResolvers = {
  Query: {
    async trainingFundingApplications(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      const page = parsePage(args.page);
      const { query, orderBy } = await applicationListQuery(ctx, parseApplicationFilter(args.filter));
      const result = await fetchPage<ListRow>(query, page, orderFor(page, APPLICATION_SORT, orderBy));
      return { ...result, items: result.items.map(toApplication) };
    },
    async trainingFundingApplication(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:read');
      if (!(await ctx.scope.findRecord(`subsidy-application-${args.id}`))) return null;
      const row = await applicationRows(ctx).where('subsidy_applications.id', args.id).first();
      return row ? toApplication(row) : null;
    },
    async trainingFundingPreview(_: unknown, args: { classId: string; line?: unknown }, ctx: GraphQLContext) {
      ctx.require('subsidy:apply');
      await ctx.scope.requireRecord(`training-class-${args.classId}`);
      const { calculation } = await ctx.platform.commands.subsidyApplications.preview(args.classId, parseLine(args.line), ctx.request());
      return toCalculation(calculation);
    },
    async recomputeTrainingFunding(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:read');
      if (!(await ctx.scope.findRecord(`subsidy-application-${args.id}`))) return null;
      const r = await ctx.platform.commands.subsidyApplications.recompute(args.id);
      return { ...r, recordedTotalFen: String(r.recordedTotalFen), recomputedTotalFen: String(r.recomputedTotalFen) };
    },
    async subsidyNoticeSettings(_: unknown, _args: unknown, ctx: GraphQLContext) {
      ctx.require('subsidy:read');
      const { settings, version } = await ctx.platform.commands.subsidyApplications.noticeSettings();
      return { ...settings, dayKindLabel: NOTICE_DAY_KIND_LABELS[settings.dayKind], version };
    },
  },
  Mutation: {
    async applyTrainingFunding(_: unknown, args: { classId: string; line?: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:apply');
      if (args.submit) ctx.require('review:submit');
      await ctx.scope.requireRecord(`training-class-${args.classId}`);
      const result = await ctx.platform.commands.subsidyApplications.apply(args.classId, parseLine(args.line), ctx.request(args.commandId), { submit: Boolean(args.submit) });
      return commandOutcome(result, result.applicationId);
    },
    async recalculateTrainingFunding(_: unknown, args: { id: string; line?: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:apply');
      if (args.submit) ctx.require('review:submit');
      await ctx.scope.requireRecord(`subsidy-application-${args.id}`);
      const line = args.line === undefined || args.line === null ? null : parseLine(args.line);
      const result = await ctx.platform.commands.subsidyApplications.recalculate(args.id, line, ctx.request(args.commandId), { submit: Boolean(args.submit) });
      return commandOutcome(result, args.id);
    },
    async recordFundingObjection(_: unknown, args: { id: string; input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:notice');
      await ctx.scope.requireRecord(`subsidy-application-${args.id}`);
      const objection = parseObjection(args.input);
      const request = ctx.request(args.commandId);
      const result = await ctx.platform.commands.subsidyApplications.recordObjection(args.id, request.commandId, objection, request);
      return commandOutcome(result, request.commandId);
    },
    async resolveFundingObjection(_: unknown, args: { id: string; objectionId: string; upheld: boolean; resolution: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:notice');
      await ctx.scope.requireRecord(`subsidy-application-${args.id}`);
      const resolution = parseInput(requiredText('处理意见', 2000, { multiline: true }), args.resolution);
      const result = await ctx.platform.commands.subsidyApplications.resolveObjection(args.id, args.objectionId, Boolean(args.upheld), resolution, ctx.request(args.commandId));
      return commandOutcome(result, args.id);
    },
    async requestPaymentReissue(_: unknown, args: { id: string; reason: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('payment:manage');
      await ctx.scope.requireRecord(`subsidy-application-${args.id}`);
      const reason = parseInput(requiredText('重新支付原因', 500, { multiline: true }), args.reason);
      const request = ctx.request(args.commandId);
      const result = await ctx.platform.commands.subsidyApplications.requestReissue(args.id, reason, request);
      return commandOutcome(result, request.commandId);
    },
    async approvePaymentReissue(_: unknown, args: { id: string; reissueId: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('payment:manage');
      await ctx.scope.requireRecord(`subsidy-application-${args.id}`);
      const result = await ctx.platform.commands.subsidyApplications.approveReissue(args.id, args.reissueId, ctx.request(args.commandId));
      return commandOutcome(result, args.id);
    },
    async changeSubsidyNoticeSettings(_: unknown, args: { days: unknown; dayKind: unknown; reason: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:notice');
      const result = await ctx.platform.commands.subsidyApplications.changeNoticeSettings({ days: args.days, dayKind: args.dayKind }, args.reason, ctx.request(args.commandId));
      return commandOutcome(result, 'province');
    },
  },
};
