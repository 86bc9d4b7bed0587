// 免学费、助学金申请 (requirement 9(7)-(8)): a school applies for its students within the period; the
// amount (integer fen) is assessed from the approved standard and the student's status; the school's
// authorities review it; the list and totals under the caller's data scope.
import { z } from 'zod';
import { AID_KIND_LABELS, AID_KINDS, GRANT_TIER_LABELS, type AidKind, type GrantTier } from '../../domain/aid-standard/aid-standard-input';
import { GRANT_BASIS_LABELS, parseAidApplication, type GrantBasis } from '../../domain/school-aid/school-aid-rules';
import type { SchoolAidState } from '../../domain/school-aid/school-aid';
import { SCHOOL_AID_STATUS_LABELS } from '../../domain/school-aid/labels';
import { CLASS_TYPE_LABELS } from '../../domain/technical-school/school-vocabulary';
import { integerIn, oneOf, optionalText, parseInput, requiredText } from '../../domain/shared/validation';
import { schoolAidListQuery, schoolAidRows, schoolAidTotals, type SchoolAidRow } from '../../projections/school-aid/school-aids-table';
import { organizationNames } from '../../projections/organization/organization-names';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';
import { reviewFieldTypeDefs, reviewFields } from '../review/review-fields';

export const SCHOOL_AID_SORT: SortableFields = {
  studentName: { column: 'school_aids.student_name', pinyin: true },
  schoolName: { column: 'school.name', pinyin: true, nullsLast: true },
  amountFen: 'school_aids.amount_fen',
  schoolYear: 'school_aids.school_year',
  status: 'school_aids.status',
  appliedAt: 'school_aids.applied_at',
  updatedAt: 'school_aids.updated_at',
};

export const schoolAidTypeDefs = /* GraphQL */ `
  type AidDisbursement {
    "发放日期"
    on: String!
    "金额（分，十进制整数字符串）"
    amountFen: String!
  }
  "学生资助申请（免学费、国家助学金）：每生每类每学年一份"
  type SchoolAid {
    id: ID!
    streamId: String!
    kind: String!
    kindLabel: String!
    schoolYear: Int!
    studentId: ID!
    studentName: String!
    schoolId: ID!
    schoolName: String
    "application 已申请 / approved 已批准 / rejected 不予通过 / cancelled 已撤销"
    status: String!
    statusLabel: String!
    "核定金额（分，十进制整数字符串）"
    amountFen: String!
    classType: String!
    classTypeLabel: String!
    "第几学年（年级）"
    yearOfStudy: Int!
    tier: String
    tierLabel: String
    basis: String
    basisLabel: String
    note: String!
    disbursements: [AidDisbursement!]!
    "计算依据：标准版本与学籍记录版本"
    standardVersion: Int!
    studentRevision: Int!
    "撤销或不予通过的原因"
    closedReason: String
    ${reviewFieldTypeDefs}
    appliedAt: String!
    updatedAt: String!
    decidedAt: String
  }
  ${pageTypeDefs('SchoolAid')}
  "资助统计：按院校、类型、学年"
  type SchoolAidTotal {
    schoolId: ID!
    schoolName: String
    kind: String!
    kindLabel: String!
    schoolYear: Int!
    applications: Int!
    approved: Int!
    "已批准金额合计（分）"
    approvedFen: String!
  }
  input SchoolAidInput {
    studentId: ID!
    "waiver 免学费 / grant 国家助学金"
    kind: String!
    schoolYear: Int!
    "助学金档次：first / second / third"
    tier: String
    "助学金认定依据：poverty_registered 建档立卡 / subsistence 低保 / disabled 残疾 / hardship 其他困难"
    basis: String
    note: String
  }
  input SchoolAidFilter {
    kind: String
    schoolYear: Int
    schoolId: ID
    studentId: ID
    status: String
    reviewStatus: String
    "学生姓名关键字"
    keyword: String
  }
  extend type Query {
    "数据权限范围内的资助申请，默认最近更新的在前；可排序字段：${sortableNames(SCHOOL_AID_SORT)}"
    schoolAids(filter: SchoolAidFilter, page: PageInput): SchoolAidPage!
    schoolAid(id: ID!): SchoolAid
    "数据权限范围内的资助统计"
    schoolAidTotals(filter: SchoolAidFilter): [SchoolAidTotal!]!
  }
  extend type Mutation {
    "院校在申报时间内为本校学生申请免学费或助学金（金额按已生效的标准和学籍状态核定）；submit 为 true 时同时提交审核"
    applySchoolAid(input: SchoolAidInput!, submit: Boolean = false, commandId: ID): CommandResult!
    "撤销尚未提交或已退回的资助申请"
    cancelSchoolAid(id: ID!, reason: String!, commandId: ID): CommandResult!
  }
`;

const filterSchema = z
  .object({
    kind: oneOf('资助类型', AID_KINDS).optional(),
    schoolYear: integerIn('学年', 2000, 2100).optional(),
    schoolId: z.string().max(100).optional(),
    studentId: z.string().max(100).optional(),
    status: z.string().max(20).optional(),
    reviewStatus: z.string().max(20).optional(),
    keyword: optionalText('关键字', 30),
  })
  .default({ keyword: '' });
const parseFilter = (raw: unknown) => parseInput(filterSchema, raw ?? undefined);

const toSchoolAid = (row: SchoolAidRow & { school_name?: string | null }) => {
  const state = row.state as Exclude<SchoolAidState, { status: 'none' }>;
  const a = state.application;
  return {
    id: row.id,
    streamId: row.stream_id,
    kind: a.kind,
    kindLabel: AID_KIND_LABELS[a.kind],
    schoolYear: a.schoolYear,
    studentId: a.studentId,
    studentName: a.studentName,
    schoolId: a.schoolId,
    schoolName: row.school_name ?? null,
    status: state.status,
    statusLabel: SCHOOL_AID_STATUS_LABELS[state.status],
    amountFen: String(a.amountFen),
    classType: a.classType,
    classTypeLabel: CLASS_TYPE_LABELS[a.classType],
    yearOfStudy: a.yearOfStudy,
    tier: a.tier,
    tierLabel: a.tier ? GRANT_TIER_LABELS[a.tier as GrantTier] : null,
    basis: a.basis,
    basisLabel: a.basis ? GRANT_BASIS_LABELS[a.basis as GrantBasis] : null,
    note: a.note,
    disbursements: a.disbursements.map((d) => ({ on: d.on, amountFen: String(d.amountFen) })),
    standardVersion: a.standardVersion,
    studentRevision: a.studentRevision,
    closedReason: state.status === 'rejected' || state.status === 'cancelled' ? state.reason : null,
    ...reviewFields(state.review),
    appliedAt: row.applied_at,
    updatedAt: row.updated_at,
    decidedAt: row.decided_at,
  };
};

export const schoolAidResolvers = {
  Query: {
    async schoolAids(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('student:read');
      const page = parsePage(args.page);
      const { query } = await schoolAidListQuery(ctx.platform.knex, ctx.scope, parseFilter(args.filter));
      const defaultOrder: { column: string; order: 'asc' | 'desc' }[] = [
        { column: 'school_aids.updated_at', order: 'desc' },
        { column: 'school_aids.id', order: 'asc' },
      ];
      const result = await fetchPage<SchoolAidRow>(query, page, orderFor(page, SCHOOL_AID_SORT, defaultOrder));
      return { ...result, items: result.items.map(toSchoolAid) };
    },
    async schoolAid(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('student:read');
      if (!(await ctx.scope.findRecord(`school-aid-${args.id}`))) return null;
      const row = await schoolAidRows(ctx.platform.knex).where('school_aids.id', args.id).first();
      return row ? toSchoolAid(row) : null;
    },
    async schoolAidTotals(_: unknown, args: { filter?: unknown }, ctx: GraphQLContext) {
      ctx.require('student:read');
      const rows = await schoolAidTotals(ctx.platform.knex, ctx.scope, parseFilter(args.filter));
      const names = await organizationNames(ctx.platform.knex, rows.map((r) => r.school_id));
      return rows.map((r) => ({
        schoolId: r.school_id,
        schoolName: names.get(r.school_id) ?? null,
        kind: r.kind,
        kindLabel: AID_KIND_LABELS[r.kind as AidKind] ?? r.kind,
        schoolYear: r.school_year,
        applications: Number(r.applications),
        approved: Number(r.approved),
        // A sum of fen may pass 2^31: given as a decimal string.
        approvedFen: String(r.approved_fen),
      }));
    },
  },
  Mutation: {
    async applySchoolAid(_: unknown, args: { input: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      if (args.submit) ctx.require('review:submit');
      const input = parseAidApplication(args.input);
      // The student must be in the caller's scope (out of scope answers as missing), before any rule.
      await ctx.scope.requireRecord(`student-${input.studentId}`);
      const result = await ctx.platform.commands.schoolAids.apply(ctx.user.orgId, input, ctx.request(args.commandId), { submit: Boolean(args.submit) });
      return commandOutcome(result, result.applicationId);
    },
    async cancelSchoolAid(_: unknown, args: { id: string; reason: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('student:register');
      await ctx.scope.requireRecord(`school-aid-${args.id}`);
      const { reason } = parseInput(z.object({ reason: requiredText('撤销原因', 200) }), { reason: args.reason });
      const result = await ctx.platform.commands.schoolAids.cancel(args.id, reason, ctx.request(args.commandId));
      return commandOutcome(result, args.id);
    },
  },
};
