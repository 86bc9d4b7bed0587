import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SKILL_LEVEL_LABELS, parseOccupationDetails, type SkillLevel } from '../../domain/occupation/occupation-details';
import { REVIEW_LEVEL_LABELS, REVIEW_STATUS_LABELS, type ReviewLevel, type ReviewState } from '../../domain/review/review';
import { optionalText, parseInput } from '../../domain/shared/validation';
import { occupationListQuery as occupationRowsQuery, occupationRows } from '../../projections/occupation/occupation-list';
import type { OccupationRow } from '../../projections/occupation/occupations-table';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';

/** The fields the occupation lists may be sorted by (GraphQL name → column of occupationListQuery). */
export const OCCUPATION_SORT: SortableFields = {
  code: 'occupations.code',
  name: { column: 'occupations.name', pinyin: true },
  level: 'occupations.level',
  hours: 'occupations.hours',
  institutionName: { column: 'org.name', pinyin: true, nullsLast: true },
  reviewStatus: 'occupations.review_status',
  declaredAt: 'occupations.declared_at',
  updatedAt: 'occupations.updated_at',
  publishedAt: { column: 'occupations.published_at', nullsLast: true },
};

export const occupationTypeDefs = /* GraphQL */ `
  type OccupationDetails {
    code: String!
    name: String!
    level: String!
    levelLabel: String!
    hours: Int!
    scope: String!
  }

  "培训工种申报记录"
  type Occupation {
    id: ID!
    streamId: String!
    institutionId: ID!
    institutionName: String
    code: String!
    name: String!
    level: String!
    levelLabel: String!
    hours: Int!
    scope: String!
    "已生效（发布）的内容"
    published: OccupationDetails
    "待审核的申报或变更内容"
    pending: OccupationDetails
    version: Int!
    reviewStatus: String!
    reviewStatusLabel: String!
    reviewLevel: String
    reviewLevelLabel: String
    reviewAuthorityId: ID
    declaredAt: String!
    updatedAt: String!
    publishedAt: String
  }
  ${pageTypeDefs('Occupation')}

  input OccupationDetailsInput {
    code: String!
    name: String!
    level: String!
    hours: Int!
    scope: String
  }

  input OccupationFilter {
    "名称或编码关键字"
    keyword: String
    level: String
    reviewStatus: String
    institutionId: ID
  }

  extend type Query {
    "本单位及下级单位的工种申报记录，默认最近更新的在前；可排序字段：${sortableNames(OCCUPATION_SORT)}"
    occupations(filter: OccupationFilter, page: PageInput): OccupationPage!
    occupation(id: ID!): Occupation
    "已发布的工种目录；可排序字段同 occupations"
    occupationCatalogue(filter: OccupationFilter, page: PageInput): OccupationPage!
  }

  extend type Mutation {
    "培训机构申报工种；submit 为 true 时同时提交审核"
    declareOccupation(details: OccupationDetailsInput!, submit: Boolean = false, commandId: ID): CommandResult!
    "修改草稿、被退回的申报，或对已发布工种提出变更"
    editOccupation(id: ID!, details: OccupationDetailsInput!, commandId: ID): CommandResult!
  }
`;

const filterSchema = z
  .object({
    keyword: optionalText('关键字', 50),
    level: z.string().optional(),
    reviewStatus: z.string().optional(),
    institutionId: z.string().optional(),
  })
  .default({ keyword: '' });

const detailsOut = (d: { code: string; name: string; level: string; hours: number; scope: string } | null) =>
  d && { ...d, levelLabel: SKILL_LEVEL_LABELS[d.level as SkillLevel] ?? d.level };

export const toOccupation = (row: OccupationRow & { institution_name?: string }) => ({
  id: row.id,
  streamId: row.stream_id,
  institutionId: row.institution_id,
  institutionName: row.institution_name ?? null,
  code: row.code,
  name: row.name,
  level: row.level,
  levelLabel: SKILL_LEVEL_LABELS[row.level as SkillLevel] ?? row.level,
  hours: row.hours,
  scope: row.scope,
  published: detailsOut(row.published),
  pending: detailsOut(row.pending),
  version: row.version,
  reviewStatus: row.review_status,
  reviewStatusLabel: REVIEW_STATUS_LABELS[row.review_status as ReviewState['status']] ?? row.review_status,
  reviewLevel: row.review_level,
  reviewLevelLabel: row.review_level ? REVIEW_LEVEL_LABELS[row.review_level as ReviewLevel] : null,
  reviewAuthorityId: row.review_authority,
  declaredAt: row.declared_at,
  updatedAt: row.updated_at,
  publishedAt: row.published_at,
});

export type OccupationFilter = z.output<typeof filterSchema>;
/** The list's filter, parsed the one way the list and its export (api/export) both use. */
export const parseOccupationFilter = (raw: unknown): OccupationFilter => parseInput(filterSchema, raw ?? undefined);

/** The occupations list (or the published catalogue) as SQL: filters and data scope; paged by the list, streamed by the export. */
export async function occupationListQuery(ctx: ListContext, filter: OccupationFilter, catalogue: boolean) {
  ctx.require('occupation:read');
  const { query } = await occupationRowsQuery(ctx.platform.knex, ctx.scope, filter, catalogue);
  const orderBy: { column: string; order: 'asc' | 'desc' }[] = [
    { column: 'occupations.updated_at', order: 'desc' },
    { column: 'occupations.id', order: 'asc' },
  ];
  return { query, orderBy };
}

async function listOccupations(ctx: GraphQLContext, args: { filter?: unknown; page?: unknown }, catalogue: boolean) {
  ctx.require('occupation:read');
  const filter = parseOccupationFilter(args.filter);
  const page = parsePage(args.page);
  const { query, orderBy } = await occupationListQuery(ctx, filter, catalogue);
  const result = await fetchPage<OccupationRow>(query, page, orderFor(page, OCCUPATION_SORT, orderBy));
  return { ...result, items: result.items.map(toOccupation) };
}

export const occupationResolvers = {
  Query: {
    occupations: (_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) => listOccupations(ctx, args, false),
    occupationCatalogue: (_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) => listOccupations(ctx, args, true),
    async occupation(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('occupation:read');
      if (!(await ctx.scope.findRecord(`occupation-${args.id}`))) return null;
      const row = await occupationRows(ctx.platform.knex).where('occupations.id', args.id).first();
      return row ? toOccupation(row) : null;
    },
  },
  Mutation: {
    async declareOccupation(_: unknown, args: { details: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('occupation:declare');
      const details = parseOccupationDetails(args.details);
      const request = ctx.request(args.commandId);
      // The new record's id follows from the command id, so a retried declaration targets the same stream.
      const id = args.commandId ? request.commandId : randomUUID();
      if (args.submit) ctx.require('review:submit');
      const declared = await ctx.platform.commands.occupations.declare(id, ctx.user.orgId, details, request, { submit: Boolean(args.submit) });
      return commandOutcome(declared, id);
    },
    async editOccupation(_: unknown, args: { id: string; details: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('occupation:declare');
      await ctx.scope.requireRecord(`occupation-${args.id}`);
      const details = parseOccupationDetails(args.details);
      const result = await ctx.platform.commands.occupations.edit(args.id, details, ctx.request(args.commandId));
      return commandOutcome(result, args.id);
    },
  },
};
