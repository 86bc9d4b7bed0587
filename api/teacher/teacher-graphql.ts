import { z } from 'zod';
import { AFFILIATION_STATUS_LABELS } from '../../domain/affiliation/affiliation';
import { chinaDate } from '../../domain/personal-data/normalize';
import { calendarDate, oneOf, optionalText, parseInput, requiredText } from '../../domain/shared/validation';
import type { TeacherState } from '../../domain/teacher/teacher';
import { POOL_TIERS, POOL_TIER_LABELS, TEACHER_LEVEL_LABELS, parseTeacherEdit, parseTeacherInput, type PoolTier } from '../../domain/teacher/teacher-input';
import { findOrganization } from '../../projections/organization/organizations-table';
import { organizationNames } from '../../projections/organization/organization-names';
import { teacherListQuery as teacherRowsQuery } from '../../projections/teacher/teacher-list';
import { teachersTable, type TeacherRow } from '../../projections/teacher/teachers-table';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { reviewFieldTypeDefs, reviewFields } from '../review/review-fields';
import { clientError } from '../graphql/errors';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';

/** The fields the teachers list may be sorted by (GraphQL name → column of rm.teachers). */
export const TEACHER_SORT: SortableFields = {
  name: { column: 'name', pinyin: true },
  level: 'level',
  fullTime: 'full_time',
  qualified: 'qualified',
  tier: { column: 'tier', nullsLast: true },
  reviewStatus: 'review_status',
  updatedAt: 'updated_at',
};

export const teacherTypeDefs = /* GraphQL */ `
  type TrainingHistoryEntry {
    from: String!
    to: String!
    content: String!
    organiser: String!
  }
  type TeacherEngagement {
    institutionId: ID!
    institutionName: String
    status: String!
    statusLabel: String!
  }
  "已生效师资信息的变更申请：审核通过后才生效"
  type TeacherPendingChange {
    name: String!
    fullTime: Boolean!
    subjects: [String!]!
    level: String!
    levelLabel: String!
    trainingQualification: String!
    yearsTeaching: Int!
    "提出变更的机构"
    institutionId: ID!
    institutionName: String
  }
  "培训师资（身份证号仅显示脱敏值）"
  type Teacher {
    id: ID!
    streamId: String!
    name: String!
    idNumber: String!
    birthDate: String!
    sex: String!
    fullTime: Boolean!
    subjects: [String!]!
    level: String!
    levelLabel: String!
    trainingQualification: String!
    yearsTeaching: Int!
    trainingHistory: [TrainingHistoryEntry!]!
    "上岗资格证书编号（未认定为空）"
    qualificationCertificateNo: String
    qualificationCertifiedOn: String
    tier: String
    tierLabel: String
    revokedReason: String
    ${reviewFieldTypeDefs}
    engagements: [TeacherEngagement!]!
    "待审核的信息变更（无则为空）"
    pendingChange: TeacherPendingChange
    updatedAt: String!
  }
  ${pageTypeDefs('Teacher')}
  input TrainingHistoryInput {
    from: String!
    to: String!
    content: String!
    organiser: String!
  }
  "申报时身份证号码必填；修改时留空表示不变（控制台只显示脱敏值），填写则必须与原号码一致"
  input TeacherInput {
    name: String!
    idNumber: String
    fullTime: Boolean!
    subjects: [String!]!
    level: String!
    trainingQualification: String
    yearsTeaching: Int!
    trainingHistory: [TrainingHistoryInput!]
  }
  input TeacherFilter {
    keyword: String
    idNumber: String
    level: String
    tier: String
    qualified: Boolean
    includeRevoked: Boolean
    institutionId: ID
  }
  extend type Query {
    "数据权限范围内机构聘用的培训师资，默认最近更新的在前；可排序字段：${sortableNames(TEACHER_SORT)}"
    teachers(filter: TeacherFilter, page: PageInput): TeacherPage!
    teacher(id: ID!): Teacher
  }
  extend type Mutation {
    "机构申报师资：同一身份证号全省只有一条师资记录，多家机构可以聘用同一位教师"
    declareTeacher(input: TeacherInput!, submit: Boolean = false, commandId: ID): CommandResult!
    "修改师资信息：身份证号码留空表示不变"
    updateTeacher(id: ID!, input: TeacherInput!, commandId: ID): CommandResult!
    "师资上岗资格认定"
    certifyTeacherQualification(id: ID!, certificateNo: String!, certifiedOn: String!, commandId: ID): CommandResult!
    "纳入分级师资库（只能纳入本级或下级）"
    assignTeacherPoolTier(id: ID!, tier: String!, commandId: ID): CommandResult!
    revokeTeacher(id: ID!, reason: String!, commandId: ID): CommandResult!
  }
`;

const filterSchema = z
  .object({
    keyword: optionalText('姓名', 30),
    idNumber: z.string().trim().max(40).optional(),
    level: z.string().max(20).optional(),
    tier: z.string().max(20).optional(),
    qualified: z.boolean().optional(),
    includeRevoked: z.boolean().optional(),
    institutionId: z.string().max(100).optional(),
  })
  .default({ keyword: '' });

export type TeacherFilter = z.output<typeof filterSchema>;
/** The list's filter, parsed the one way the list and its export (api/export) both use. */
export const parseTeacherFilter = (raw: unknown): TeacherFilter => parseInput(filterSchema, raw ?? undefined);

/**
 * The teachers list as SQL: filters and data scope (a teacher engaged by an institution in the
 * user's scope; revoked ones only when asked for). The list pages it; the export (api/export)
 * streams it.
 */
export async function teacherListQuery(ctx: ListContext, filter: TeacherFilter) {
  ctx.require('teacher:read');
  const { idNumber, ...rest } = filter;
  const { query } = await teacherRowsQuery(ctx.platform.knex, ctx.scope, { ...rest, ...(idNumber ? { idNumberIndexes: ctx.platform.personalData.lookup('idNumber', idNumber) } : {}) });
  const orderBy: { column: string; order: 'asc' | 'desc' }[] = [
    { column: 'updated_at', order: 'desc' },
    { column: 'id', order: 'asc' },
  ];
  return { query, orderBy };
}

const certifySchema = z.object({
  certificateNo: requiredText('证书编号', 50),
  certifiedOn: calendarDate('认定日期'),
});

/** The names of the institutions engaging the teachers of `rows`, by id. */
export async function namesOf(ctx: Pick<GraphQLContext, 'platform'>, rows: TeacherRow[]) {
  return organizationNames(ctx.platform.knex, rows.flatMap((r) => (r.state.status === 'declared' ? r.state.engagements.map((e) => e.institutionId) : [])));
}

export const toTeacher = (row: TeacherRow, names: Map<string, string>) => {
  const s = row.state as Extract<TeacherState, { status: 'declared' }>;
  return {
    id: row.id,
    streamId: row.stream_id,
    name: row.name,
    idNumber: row.id_number_masked,
    birthDate: s.profile.birthDate,
    sex: s.profile.sex,
    fullTime: s.profile.fullTime,
    subjects: s.profile.subjects,
    level: s.profile.level,
    levelLabel: TEACHER_LEVEL_LABELS[s.profile.level],
    trainingQualification: s.profile.trainingQualification,
    yearsTeaching: s.profile.yearsTeaching,
    trainingHistory: s.profile.trainingHistory,
    qualificationCertificateNo: s.qualification?.certificateNo ?? null,
    qualificationCertifiedOn: s.qualification?.certifiedOn ?? null,
    tier: s.tier,
    tierLabel: s.tier ? POOL_TIER_LABELS[s.tier] : null,
    revokedReason: s.revoked,
    ...reviewFields(s.review),
    engagements: s.engagements.map((e) => ({ institutionId: e.institutionId, institutionName: names.get(e.institutionId) ?? null, status: e.status, statusLabel: AFFILIATION_STATUS_LABELS[e.status] })),
    pendingChange: s.proposal
      ? {
          name: s.proposal.profile.name,
          fullTime: s.proposal.profile.fullTime,
          subjects: s.proposal.profile.subjects,
          level: s.proposal.profile.level,
          levelLabel: TEACHER_LEVEL_LABELS[s.proposal.profile.level],
          trainingQualification: s.proposal.profile.trainingQualification,
          yearsTeaching: s.proposal.profile.yearsTeaching,
          institutionId: s.proposal.institutionId,
          institutionName: names.get(s.proposal.institutionId) ?? null,
        }
      : null,
    updatedAt: row.updated_at,
  };
};

const requireTeacherInScope = (ctx: GraphQLContext, id: string) => ctx.scope.requireRecord(`teacher-${id}`);

/** The pool tier an authority manages: its own level. */
async function actorTier(ctx: GraphQLContext): Promise<PoolTier> {
  const org = await findOrganization(ctx.platform.knex, ctx.user.orgId);
  const tiers: Record<string, PoolTier> = { county: 'county', prefecture: 'city', province: 'province' };
  const tier = org && tiers[org.kind];
  if (!tier) throw clientError('FORBIDDEN', '只有人社部门可以管理师资库');
  return tier;
}

export const teacherResolvers = {
  Query: {
    async teachers(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('teacher:read');
      const page = parsePage(args.page);
      const { query, orderBy } = await teacherListQuery(ctx, parseTeacherFilter(args.filter));
      const result = await fetchPage<TeacherRow>(query, page, orderFor(page, TEACHER_SORT, orderBy));
      const names = await namesOf(ctx, result.items);
      return { ...result, items: result.items.map((r) => toTeacher(r, names)) };
    },
    async teacher(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('teacher:read');
      if (!(await ctx.scope.findRecord(`teacher-${args.id}`))) return null;
      const row = await teachersTable(ctx.platform.knex).where({ id: args.id }).first();
      return row ? toTeacher(row, await namesOf(ctx, [row])) : null;
    },
  },
  Mutation: {
    async declareTeacher(_: unknown, args: { input: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('teacher:declare');
      const input = parseTeacherInput(args.input, chinaDate(new Date().toISOString()));
      const request = ctx.request(args.commandId);
      if (args.submit) ctx.require('review:submit');
      const declared = await ctx.platform.commands.teachers.declare(ctx.user.orgId, input, request, { submit: Boolean(args.submit) });
      const id = declared.streamId.slice('teacher-'.length);
      // The person was already in the pool: only the engagement was requested, and it opens nothing until approved.
      const notice = declared.events.some((e) => e.type === 'TeacherEngagementRequested') ? '该教师已由其他机构申报：已提交聘用申请，待主管部门审核通过后方可查看和修改' : null;
      return commandOutcome(declared, id, notice);
    },
    async updateTeacher(_: unknown, args: { id: string; input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('teacher:declare');
      await requireTeacherInScope(ctx, args.id);
      const input = parseTeacherEdit(args.input, chinaDate(new Date().toISOString()));
      const updated = await ctx.platform.commands.teachers.update(args.id, input, ctx.request(args.commandId));
      return commandOutcome(updated, args.id, updated.events.some((e) => e.type === 'TeacherProfileChangeProposed') ? '修改已保存为变更申请：请提交审核，经主管部门审核通过后生效' : null);
    },
    async certifyTeacherQualification(_: unknown, args: { id: string; certificateNo: string; certifiedOn: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('teacher:manage');
      await requireTeacherInScope(ctx, args.id);
      await actorTier(ctx);
      const input = parseInput(certifySchema, args);
      return commandOutcome(await ctx.platform.commands.teachers.certify(args.id, input.certificateNo, input.certifiedOn, ctx.request(args.commandId)), args.id);
    },
    async assignTeacherPoolTier(_: unknown, args: { id: string; tier: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('teacher:manage');
      await requireTeacherInScope(ctx, args.id);
      const tier = parseInput(oneOf('师资库级别', POOL_TIERS), args.tier);
      return commandOutcome(await ctx.platform.commands.teachers.assignTier(args.id, tier, await actorTier(ctx), ctx.request(args.commandId)), args.id);
    },
    async revokeTeacher(_: unknown, args: { id: string; reason: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('teacher:manage');
      await requireTeacherInScope(ctx, args.id);
      await actorTier(ctx);
      return commandOutcome(await ctx.platform.commands.teachers.revoke(args.id, args.reason, ctx.request(args.commandId)), args.id);
    },
  },
};
