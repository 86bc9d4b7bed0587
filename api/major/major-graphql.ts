// 专业 (requirement 9(4)): a school declares its majors; its authorities approve them; changes are
// reviewed; statistics per school and field.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseMajorDetails, type MajorDetails } from '../../domain/major/major-details';
import { CLASS_TYPE_LABELS, SCHOOL_FIELD_LABELS, type ClassType, type SchoolField } from '../../domain/technical-school/school-vocabulary';
import { optionalText, parseInput } from '../../domain/shared/validation';
import { majorListQuery as majorRowsQuery, majorRows, majorStatistics } from '../../projections/major/major-list';
import type { MajorRow } from '../../projections/major/majors-table';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';
import { reviewFieldTypeDefs, reviewFields } from '../review/review-fields';

export const MAJOR_SORT: SortableFields = {
  code: 'majors.code',
  name: { column: 'majors.name', pinyin: true },
  field: 'majors.field',
  schoolName: { column: 'school.name', pinyin: true, nullsLast: true },
  enrolmentPlan: 'majors.enrolment_plan',
  reviewStatus: 'majors.review_status',
  declaredAt: 'majors.declared_at',
  updatedAt: 'majors.updated_at',
};

export const majorTypeDefs = /* GraphQL */ `
  type MajorDetails {
    code: String!
    name: String!
    field: String!
    fieldLabel: String!
    classTypes: [String!]!
    classTypeLabels: [String!]!
    durationYears: Int!
    enrolmentPlan: Int!
    description: String!
  }
  "技工院校的专业：院校申报，主管部门审批后方可注册学籍"
  type Major {
    id: ID!
    streamId: String!
    schoolId: ID!
    schoolName: String
    code: String!
    name: String!
    field: String!
    fieldLabel: String!
    classTypes: [String!]!
    classTypeLabels: [String!]!
    durationYears: Int!
    enrolmentPlan: Int!
    "已批准（生效）的内容"
    approved: MajorDetails
    "待审核的申报或变更"
    pending: MajorDetails
    version: Int!
    ${reviewFieldTypeDefs}
    declaredAt: String!
    updatedAt: String!
    approvedAt: String
  }
  ${pageTypeDefs('Major')}
  "专业统计：按院校和专业大类"
  type MajorStatistics {
    schoolId: ID!
    schoolName: String
    field: String!
    fieldLabel: String!
    majors: Int!
    approved: Int!
    pending: Int!
    "已批准专业的年招生计划合计"
    enrolmentPlan: Int!
  }
  input MajorInput {
    code: String!
    name: String!
    "专业大类（machinery 机械类 等）"
    field: String!
    "intermediate 中级工班 / advanced 高级工班 / technician 预备技师班"
    classTypes: [String!]!
    durationYears: Int!
    enrolmentPlan: Int!
    description: String
  }
  input MajorFilter {
    "名称或专业代码关键字"
    keyword: String
    schoolId: ID
    field: String
    reviewStatus: String
    "只看已批准的专业"
    approvedOnly: Boolean
  }
  extend type Query {
    "数据权限范围内的专业，默认最近更新的在前；可排序字段：${sortableNames(MAJOR_SORT)}"
    majors(filter: MajorFilter, page: PageInput): MajorPage!
    major(id: ID!): Major
    majorStatistics(filter: MajorFilter): [MajorStatistics!]!
  }
  extend type Mutation {
    "院校申报专业；submit 为 true 时同时提交审批"
    declareMajor(input: MajorInput!, submit: Boolean = false, commandId: ID): CommandResult!
    "修改草稿、被退回的申报，或对已批准专业提出变更（审核通过后生效）"
    editMajor(id: ID!, input: MajorInput!, commandId: ID): CommandResult!
  }
`;

const filterSchema = z
  .object({
    keyword: optionalText('关键字', 50),
    schoolId: z.string().max(100).optional(),
    field: z.string().max(40).optional(),
    reviewStatus: z.string().max(20).optional(),
    approvedOnly: z.boolean().optional(),
  })
  .default({ keyword: '' });
export type MajorFilter = z.output<typeof filterSchema>;
export const parseMajorFilter = (raw: unknown): MajorFilter => parseInput(filterSchema, raw ?? undefined);

const fieldLabel = (field: string) => SCHOOL_FIELD_LABELS[field as SchoolField] ?? field;
const classTypeLabels = (types: string[]) => types.map((t) => CLASS_TYPE_LABELS[t as ClassType] ?? t);
const detailsOut = (d: MajorDetails | null) => d && { ...d, fieldLabel: fieldLabel(d.field), classTypeLabels: classTypeLabels(d.classTypes) };

export const toMajor = (row: MajorRow & { school_name?: string | null }) => {
  const state = row.state as Extract<MajorRow['state'], { status: 'declared' }>;
  return {
    id: row.id,
    streamId: row.stream_id,
    schoolId: row.school_id,
    schoolName: row.school_name ?? null,
    code: row.code,
    name: row.name,
    field: row.field,
    fieldLabel: fieldLabel(row.field),
    classTypes: row.class_types,
    classTypeLabels: classTypeLabels(row.class_types),
    durationYears: row.duration_years,
    enrolmentPlan: row.enrolment_plan,
    approved: detailsOut(row.approved),
    pending: detailsOut(row.pending),
    version: row.version,
    ...reviewFields(state.review),
    declaredAt: row.declared_at,
    updatedAt: row.updated_at,
    approvedAt: row.approved_at,
  };
};

export async function majorListQuery(ctx: ListContext, filter: MajorFilter) {
  ctx.require('technical-school:read');
  const { query } = await majorRowsQuery(ctx.platform.knex, ctx.scope, filter);
  const orderBy: { column: string; order: 'asc' | 'desc' }[] = [
    { column: 'majors.updated_at', order: 'desc' },
    { column: 'majors.id', order: 'asc' },
  ];
  return { query, orderBy };
}

export const majorResolvers = {
  Query: {
    async majors(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('technical-school:read');
      const filter = parseMajorFilter(args.filter);
      const page = parsePage(args.page);
      const { query, orderBy } = await majorListQuery(ctx, filter);
      const result = await fetchPage<MajorRow>(query, page, orderFor(page, MAJOR_SORT, orderBy));
      return { ...result, items: result.items.map(toMajor) };
    },
    async major(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('technical-school:read');
      if (!(await ctx.scope.findRecord(`major-${args.id}`))) return null;
      const row = await majorRows(ctx.platform.knex).where('majors.id', args.id).first();
      return row ? toMajor(row) : null;
    },
    async majorStatistics(_: unknown, args: { filter?: unknown }, ctx: GraphQLContext) {
      ctx.require('technical-school:read');
      const rows = await majorStatistics(ctx.platform.knex, ctx.scope, parseMajorFilter(args.filter));
      return rows.map((r) => ({ schoolId: r.school_id, schoolName: r.school_name, field: r.field, fieldLabel: fieldLabel(r.field), majors: r.majors, approved: r.approved, pending: r.pending, enrolmentPlan: r.enrolment_plan }));
    },
  },
  Mutation: {
    async declareMajor(_: unknown, args: { input: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('technical-school:edit');
      if (args.submit) ctx.require('review:submit');
      const details = parseMajorDetails(args.input);
      const request = ctx.request(args.commandId);
      const id = args.commandId ? request.commandId : randomUUID();
      const result = await ctx.platform.commands.majors.declare(id, ctx.user.orgId, details, request, { submit: Boolean(args.submit) });
      return commandOutcome(result, id);
    },
    async editMajor(_: unknown, args: { id: string; input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('technical-school:edit');
      await ctx.scope.requireRecord(`major-${args.id}`);
      const result = await ctx.platform.commands.majors.edit(args.id, parseMajorDetails(args.input), ctx.request(args.commandId));
      return commandOutcome(result, args.id);
    },
  },
};
