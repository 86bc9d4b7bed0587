// 技工院校 (requirement 9(1)-(3)): the authority creates a school under itself; the school keeps its
// basic information, each change reviewed by its authorities before it takes effect.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AUTHORITY_KINDS } from '../../domain/organization/organization';
import { SCHOOL_LEVEL_LABELS, SCHOOL_NATURE_LABELS, parseSchoolCreation, parseSchoolInfo, type SchoolInfo, type SchoolLevel, type SchoolNature } from '../../domain/technical-school/school-info';
import { optionalText, parseInput } from '../../domain/shared/validation';
import { findOrganization } from '../../projections/organization/organizations-table';
import { schoolDirectory, technicalSchoolListQuery as schoolRowsQuery, technicalSchoolRows } from '../../projections/technical-school/technical-school-list';
import type { TechnicalSchoolRow } from '../../projections/technical-school/technical-schools-table';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';
import { reviewFieldTypeDefs, reviewFields } from '../review/review-fields';

export const TECHNICAL_SCHOOL_SORT: SortableFields = {
  code: 'technical_schools.code',
  name: { column: 'technical_schools.name', pinyin: true },
  level: 'technical_schools.level',
  nature: 'technical_schools.nature',
  authorityName: { column: 'authority.name', pinyin: true, nullsLast: true },
  createdAt: 'technical_schools.created_at',
  updatedAt: 'technical_schools.updated_at',
};

export const technicalSchoolTypeDefs = /* GraphQL */ `
  "院校基本信息"
  type TechnicalSchoolInfo {
    name: String!
    level: String!
    levelLabel: String!
    nature: String!
    natureLabel: String!
    address: String!
    principal: String!
    contactPerson: String!
    contactPhone: String!
    approvalNumber: String!
    establishedYear: Int
    description: String!
  }
  "技工院校：主管部门新增，院校维护基本信息（变更经主管部门审核后生效）"
  type TechnicalSchool {
    id: ID!
    streamId: String!
    "学校代码（全国技工院校学籍系统）"
    code: String!
    divisionCode: String!
    authorityId: ID!
    authorityName: String
    name: String!
    level: String!
    levelLabel: String!
    nature: String!
    natureLabel: String!
    "生效的基本信息"
    info: TechnicalSchoolInfo!
    "待审核的基本信息变更（无则为空）"
    pending: TechnicalSchoolInfo
    ${reviewFieldTypeDefs}
    createdAt: String!
    updatedAt: String!
  }
  ${pageTypeDefs('TechnicalSchool')}
  input TechnicalSchoolInfoInput {
    name: String!
    level: String!
    nature: String!
    address: String!
    principal: String
    contactPerson: String
    contactPhone: String
    approvalNumber: String
    establishedYear: Int
    description: String
  }
  input TechnicalSchoolFilter {
    "名称或学校代码关键字"
    keyword: String
    authorityId: ID
    level: String
    nature: String
    reviewStatus: String
  }
  "院校名录中的一项（名称与代码为公开信息，供选择转学院校）"
  type SchoolDirectoryEntry {
    id: ID!
    code: String!
    name: String!
    authorityName: String
  }
  extend type Query {
    "全省技工院校名录（名称与代码），供选择转入院校；按名称或代码关键字查找，最多 50 所"
    schoolDirectory(keyword: String): [SchoolDirectoryEntry!]!
    "数据权限范围内的技工院校，默认最近更新的在前；可排序字段：${sortableNames(TECHNICAL_SCHOOL_SORT)}"
    technicalSchools(filter: TechnicalSchoolFilter, page: PageInput): TechnicalSchoolPage!
    technicalSchool(id: ID!): TechnicalSchool
  }
  extend type Mutation {
    "主管部门新增技工院校（院校即成为主管部门下的机构，可为其创建院校用户）"
    createTechnicalSchool(authorityId: ID!, code: String!, divisionCode: String!, info: TechnicalSchoolInfoInput!, commandId: ID): CommandResult!
    "院校修改本校基本信息：经主管部门审核通过后生效；submit 为 true 时同时提交审核"
    proposeTechnicalSchoolInfo(id: ID!, info: TechnicalSchoolInfoInput!, submit: Boolean = false, commandId: ID): CommandResult!
  }
`;

const filterSchema = z
  .object({
    keyword: optionalText('关键字', 50),
    authorityId: z.string().max(100).optional(),
    level: z.string().max(40).optional(),
    nature: z.string().max(40).optional(),
    reviewStatus: z.string().max(20).optional(),
  })
  .default({ keyword: '' });
export type TechnicalSchoolFilter = z.output<typeof filterSchema>;
export const parseTechnicalSchoolFilter = (raw: unknown): TechnicalSchoolFilter => parseInput(filterSchema, raw ?? undefined);

const infoOut = (info: SchoolInfo) => ({
  ...info,
  levelLabel: SCHOOL_LEVEL_LABELS[info.level as SchoolLevel] ?? info.level,
  natureLabel: SCHOOL_NATURE_LABELS[info.nature as SchoolNature] ?? info.nature,
});

export const toTechnicalSchool = (row: TechnicalSchoolRow & { authority_name?: string | null }) => {
  const state = row.state as Extract<TechnicalSchoolRow['state'], { status: 'active' }>;
  return {
    id: row.id,
    streamId: row.stream_id,
    code: row.code,
    divisionCode: row.division_code,
    authorityId: row.authority_id,
    authorityName: row.authority_name ?? null,
    name: row.name,
    level: row.level,
    levelLabel: SCHOOL_LEVEL_LABELS[row.level as SchoolLevel] ?? row.level,
    nature: row.nature,
    natureLabel: SCHOOL_NATURE_LABELS[row.nature as SchoolNature] ?? row.nature,
    info: infoOut(row.info),
    pending: row.pending ? infoOut(row.pending) : null,
    ...reviewFields(state.review),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
};

export async function technicalSchoolListQuery(ctx: ListContext, filter: TechnicalSchoolFilter) {
  ctx.require('technical-school:read');
  const { query } = await schoolRowsQuery(ctx.platform.knex, ctx.scope, filter);
  const orderBy: { column: string; order: 'asc' | 'desc' }[] = [
    { column: 'technical_schools.updated_at', order: 'desc' },
    { column: 'technical_schools.id', order: 'asc' },
  ];
  return { query, orderBy };
}

export const technicalSchoolResolvers = {
  Query: {
    async schoolDirectory(_: unknown, args: { keyword?: unknown }, ctx: GraphQLContext) {
      ctx.requireAny('technical-school:read', 'student:register');
      const { keyword } = parseInput(z.object({ keyword: optionalText('关键字', 50) }), { keyword: args.keyword ?? undefined });
      const rows = await schoolDirectory(ctx.platform.knex, keyword);
      return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, authorityName: r.authority_name ?? null }));
    },
    async technicalSchools(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('technical-school:read');
      const filter = parseTechnicalSchoolFilter(args.filter);
      const page = parsePage(args.page);
      const { query, orderBy } = await technicalSchoolListQuery(ctx, filter);
      const result = await fetchPage<TechnicalSchoolRow>(query, page, orderFor(page, TECHNICAL_SCHOOL_SORT, orderBy));
      return { ...result, items: result.items.map(toTechnicalSchool) };
    },
    async technicalSchool(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('technical-school:read');
      if (!(await ctx.scope.findRecord(`technical-school-${args.id}`))) return null;
      const row = await technicalSchoolRows(ctx.platform.knex).where('technical_schools.id', args.id).first();
      return row ? toTechnicalSchool(row) : null;
    },
  },
  Mutation: {
    async createTechnicalSchool(_: unknown, args: { authorityId: string; code: string; divisionCode: string; info: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('technical-school:manage');
      const creation = parseSchoolCreation({ code: args.code, divisionCode: args.divisionCode, info: args.info });
      // Under an authority the caller supervises: its own, or one below it.
      const authority = await findOrganization(ctx.platform.knex, args.authorityId);
      if (!authority || !(await ctx.scope.includes(args.authorityId))) throw clientError('FORBIDDEN', '只能在本部门或下级主管部门下新增院校');
      if (!(AUTHORITY_KINDS as readonly string[]).includes(authority.kind)) {
        throw clientError('BAD_USER_INPUT', '主管部门必须是人社部门', { fields: [{ field: 'authorityId', message: '主管部门必须是省、市州或区县人社部门' }] });
      }
      const request = ctx.request(args.commandId);
      const id = args.commandId ? request.commandId : randomUUID();
      const result = await ctx.platform.commands.technicalSchools.create(id, args.authorityId, creation, request);
      return commandOutcome(result, id);
    },
    async proposeTechnicalSchoolInfo(_: unknown, args: { id: string; info: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('technical-school:edit');
      await ctx.scope.requireRecord(`technical-school-${args.id}`);
      if (args.submit) ctx.require('review:submit');
      const info = parseSchoolInfo(args.info);
      const result = await ctx.platform.commands.technicalSchools.proposeInfo(args.id, info, ctx.request(args.commandId), { submit: Boolean(args.submit) });
      return commandOutcome(result, args.id);
    },
  },
};
