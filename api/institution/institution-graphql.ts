import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ANNUAL_REVIEW_LABELS, ANNUAL_REVIEW_OUTCOMES, LIFECYCLE_LABELS, type InstitutionState, type Lifecycle } from '../../domain/institution/institution';
import {
  INSTITUTION_CATEGORY_LABELS,
  INSTITUTION_NATURE_LABELS,
  parseInstitutionEdit,
  parseInstitutionInput,
  type InstitutionCategory,
  type InstitutionDetails,
  type InstitutionNature,
} from '../../domain/institution/institution-details';
import { confirmedWarningsSchema } from '../../domain/personal-data/confirmable-warning';
import { chinaDate } from '../../domain/personal-data/normalize';
import { calendarDate, integerIn, oneOf, optionalText, parseInput } from '../../domain/shared/validation';
import { institutionListQuery as institutionRowsQuery, institutionRows } from '../../projections/institution/institution-list';
import type { InstitutionRow } from '../../projections/institution/institutions-table';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { reviewFieldTypeDefs, reviewFields } from '../review/review-fields';
import { clientError } from '../graphql/errors';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';

/** The fields the institutions list may be sorted by (GraphQL name → column of institutionListQuery). */
export const INSTITUTION_SORT: SortableFields = {
  name: { column: 'institutions.name', pinyin: true },
  creditCode: 'institutions.credit_code',
  nature: 'institutions.nature',
  supervisingAuthorityName: { column: 'authority.name', pinyin: true, nullsLast: true },
  lifecycle: 'institutions.lifecycle',
  reviewStatus: 'institutions.review_status',
  designated: 'institutions.designated',
  validUntil: 'institutions.valid_until',
  registeredAt: 'institutions.registered_at',
  updatedAt: 'institutions.updated_at',
};

export const institutionTypeDefs = /* GraphQL */ `
  type InstitutionDocument {
    fileId: String!
    name: String!
    kind: String!
  }
  type OccupationRef {
    code: String!
    name: String!
  }
  "培训机构的一版信息（个人信息仅显示脱敏值）"
  type InstitutionDetails {
    name: String!
    supervisingAuthorityId: ID!
    registeredAddress: String!
    schoolAddress: String!
    legalPersonName: String!
    legalPersonIdNumber: String!
    trainingHead: String!
    phone: String!
    occupationScope: [OccupationRef!]!
    nature: String!
    natureLabel: String!
    category: String!
    categoryLabel: String!
    categoryTags: [String!]!
    designated: Boolean!
    recognitionDate: String!
    approvalDate: String!
    validUntil: String!
    scale: Int!
    floorArea: Float!
    bankAccount: String!
    bankAccountName: String!
    licenceNumber: String!
    documents: [InstitutionDocument!]!
    creditCode: String!
  }
  type AnnualReview {
    year: Int!
    outcome: String!
    outcomeLabel: String!
  }
  type Institution {
    id: ID!
    streamId: String!
    name: String!
    supervisingAuthorityId: ID!
    supervisingAuthorityName: String
    lifecycle: String!
    lifecycleLabel: String!
    nature: String!
    natureLabel: String!
    designated: Boolean!
    validUntil: String!
    creditCode: String!
    "生效的内容"
    effective: InstitutionDetails
    "待审核的登记或变更内容"
    pending: InstitutionDetails
    version: Int!
    ${reviewFieldTypeDefs}
    annualReviews: [AnnualReview!]!
    revokedReason: String
    registeredAt: String!
    updatedAt: String!
  }
  ${pageTypeDefs('Institution')}
  input OccupationRefInput {
    code: String!
    name: String!
  }
  input InstitutionDocumentInput {
    fileId: String!
    name: String!
    kind: String!
  }
  input InstitutionInput {
    name: String!
    supervisingAuthorityId: ID!
    registeredAddress: String!
    schoolAddress: String!
    legalPersonName: String!
    "登记时必填；修改时留空表示不变（控制台只显示脱敏值）"
    legalPersonIdNumber: String
    trainingHead: String!
    phone: String
    occupationScope: [OccupationRefInput!]!
    nature: String!
    category: String!
    categoryTags: [String!]
    designated: Boolean!
    recognitionDate: String!
    approvalDate: String!
    validUntil: String!
    scale: Int!
    floorArea: Float!
    bankAccount: String
    bankAccountName: String!
    licenceNumber: String!
    documents: [InstitutionDocumentInput!]
    creditCode: String!
  }
  input InstitutionFilter {
    keyword: String
    lifecycle: String
    nature: String
    supervisingAuthorityId: ID
    "有效期在此日期之前（YYYY-MM-DD）"
    validBefore: String
  }
  extend type Query {
    "数据权限范围内的培训机构，默认最近更新的在前；可排序字段：${sortableNames(INSTITUTION_SORT)}"
    institutions(filter: InstitutionFilter, page: PageInput): InstitutionPage!
    institution(id: ID!): Institution
  }
  extend type Mutation {
    "主管部门登记培训机构；submit 为 true 时同时提交审核。校验码未通过的提示须在 confirmedWarnings 中确认"
    registerInstitution(input: InstitutionInput!, confirmedWarnings: [String!], submit: Boolean = false, commandId: ID): CommandResult!
    "修改登记中的信息，或对已生效的机构提出变更（审核通过后生效）"
    editInstitution(id: ID!, input: InstitutionInput!, confirmedWarnings: [String!], commandId: ID): CommandResult!
    "民办职业培训机构年审"
    recordAnnualReview(id: ID!, year: Int!, outcome: String!, opinion: String!, commandId: ID): CommandResult!
    revokeInstitution(id: ID!, reason: String!, commandId: ID): CommandResult!
  }
`;

const detailsOut = (d: InstitutionDetails | null) =>
  d && {
    ...d,
    legalPersonIdNumber: d.legalPersonIdNumber.masked,
    phone: d.phone.masked,
    bankAccount: d.bankAccount.masked,
    natureLabel: INSTITUTION_NATURE_LABELS[d.nature as InstitutionNature] ?? d.nature,
    categoryLabel: INSTITUTION_CATEGORY_LABELS[d.category as InstitutionCategory] ?? d.category,
  };

export const toInstitution = (row: InstitutionRow & { authority_name?: string | null }) => {
  const state = row.state as Extract<InstitutionState, { status: 'registered' }>;
  return {
    id: row.id,
    streamId: row.stream_id,
    name: row.name,
    supervisingAuthorityId: row.supervising_authority_id,
    supervisingAuthorityName: row.authority_name ?? null,
    lifecycle: row.lifecycle,
    lifecycleLabel: LIFECYCLE_LABELS[row.lifecycle as Lifecycle] ?? row.lifecycle,
    nature: row.nature,
    natureLabel: INSTITUTION_NATURE_LABELS[row.nature as InstitutionNature] ?? row.nature,
    designated: row.designated,
    validUntil: row.valid_until,
    creditCode: row.credit_code,
    effective: detailsOut(state.effective),
    pending: detailsOut(state.pending),
    version: row.version,
    ...reviewFields(state.review),
    annualReviews: state.annualReviews.map((r) => ({ ...r, outcomeLabel: ANNUAL_REVIEW_LABELS[r.outcome] })),
    revokedReason: state.revokedReason,
    registeredAt: row.registered_at,
    updatedAt: row.updated_at,
  };
};

const filterSchema = z
  .object({
    keyword: optionalText('关键字', 50),
    lifecycle: z.string().max(20).optional(),
    nature: z.string().max(40).optional(),
    supervisingAuthorityId: z.string().max(100).optional(),
    validBefore: calendarDate('有效期截止日期').optional(),
  })
  .default({ keyword: '' });

const annualReviewSchema = z.object({
  year: integerIn('年度', 2000, 2100),
  outcome: oneOf('年审结论', ANNUAL_REVIEW_OUTCOMES),
  opinion: optionalText('年审意见', 2000, { multiline: true }),
});

const baseQuery = (ctx: Pick<GraphQLContext, 'platform'>) => institutionRows(ctx.platform.knex);

const requireInScope = (ctx: GraphQLContext, id: string) => ctx.scope.requireRecord(`institution-${id}`);

export type InstitutionFilter = z.output<typeof filterSchema>;
/** The list's filter, parsed the one way the list and its export (api/export) both use. */
export const parseInstitutionFilter = (raw: unknown): InstitutionFilter => parseInput(filterSchema, raw ?? undefined);

/** The institutions list as SQL: filters and data scope; paged by the list, streamed by the export. */
export async function institutionListQuery(ctx: ListContext, filter: InstitutionFilter) {
  ctx.require('institution:read');
  const { query } = await institutionRowsQuery(ctx.platform.knex, ctx.scope, filter);
  const orderBy: { column: string; order: 'asc' | 'desc' }[] = [
    { column: 'institutions.updated_at', order: 'desc' },
    { column: 'institutions.id', order: 'asc' },
  ];
  return { query, orderBy };
}

export const institutionResolvers = {
  Query: {
    async institutions(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('institution:read');
      const page = parsePage(args.page);
      const { query, orderBy } = await institutionListQuery(ctx, parseInstitutionFilter(args.filter));
      const result = await fetchPage<InstitutionRow>(query, page, orderFor(page, INSTITUTION_SORT, orderBy));
      return { ...result, items: result.items.map(toInstitution) };
    },
    async institution(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('institution:read');
      if (!(await ctx.scope.findRecord(`institution-${args.id}`))) return null;
      const row = await baseQuery(ctx).where('institutions.id', args.id).first();
      return row ? toInstitution(row) : null;
    },
  },
  Mutation: {
    async registerInstitution(_: unknown, args: { input: unknown; confirmedWarnings?: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('institution:register');
      const request = ctx.request(args.commandId);
      const input = parseInstitutionInput(args.input, chinaDate(new Date().toISOString()));
      if (!(await ctx.scope.includes(input.supervisingAuthorityId))) throw clientError('FORBIDDEN', '只能登记本级或下级主管的培训机构');
      const confirmed = parseInput(confirmedWarningsSchema, args.confirmedWarnings ?? undefined);
      const id = args.commandId ? request.commandId : randomUUID();
      if (args.submit) ctx.require('review:submit');
      return commandOutcome(await ctx.platform.commands.institutions.register(id, input, confirmed, request, { submit: Boolean(args.submit) }), id);
    },
    async editInstitution(_: unknown, args: { id: string; input: unknown; confirmedWarnings?: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.requireAny('institution:edit', 'institution:register');
      await requireInScope(ctx, args.id);
      const input = parseInstitutionEdit(args.input, chinaDate(new Date().toISOString()));
      const confirmed = parseInput(confirmedWarningsSchema, args.confirmedWarnings ?? undefined);
      return commandOutcome(await ctx.platform.commands.institutions.edit(args.id, input, confirmed, ctx.request(args.commandId)), args.id);
    },
    async recordAnnualReview(_: unknown, args: { id: string; year: number; outcome: string; opinion: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('institution:supervise');
      await requireInScope(ctx, args.id);
      const input = parseInput(annualReviewSchema, args);
      return commandOutcome(await ctx.platform.commands.institutions.recordAnnualReview(args.id, input.year, input.outcome, input.opinion, ctx.request(args.commandId)), args.id);
    },
    async revokeInstitution(_: unknown, args: { id: string; reason: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('institution:supervise');
      await requireInScope(ctx, args.id);
      return commandOutcome(await ctx.platform.commands.institutions.revoke(args.id, args.reason, ctx.request(args.commandId)), args.id);
    },
  },
};
