// 补贴标准 over GraphQL: the list (data scope: the authorities in the user's scope), a standard with
// every version, and proposing or revising one (the province or a prefecture, for itself). Amounts
// are fen as decimal strings.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SKILL_LEVEL_LABELS, type SkillLevel } from '../../domain/occupation/occupation-details';
import { REVIEW_LEVEL_LABELS, REVIEW_STATUS_LABELS, type ReviewLevel, type ReviewState } from '../../domain/review/review';
import { oneOf, optionalText, parseInput } from '../../domain/shared/validation';
import { STANDARD_AUTHORITY_LABELS, type StandardAuthorityKind } from '../../domain/subsidy-standard/standard';
import { parseStandardScope, parseStandardTerms, STANDARD_SUBJECT_LABELS, STANDARD_SUBJECTS, STANDARD_UNIT_LABELS, type StandardSubject, type StandardTerms, type StandardUnit } from '../../domain/subsidy-standard/standard-terms';
import { TRAINING_KIND_LABELS, type TrainingKind } from '../../domain/training-class/class-details';
import { joinOrganizationName } from '../../projections/organization/organization-names';
import { subsidyStandardsTable, type SubsidyStandardRow } from '../../projections/subsidy-standard/standards-table';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';

export const STANDARD_SORT: SortableFields = {
  subject: 'subsidy_standards.subject',
  occupationCode: { column: 'subsidy_standards.occupation_code', nullsLast: true },
  amountFen: { column: 'subsidy_standards.amount_fen', nullsLast: true },
  effectiveFrom: { column: 'subsidy_standards.effective_from', nullsLast: true },
  authorityName: { column: 'org.name', pinyin: true, nullsLast: true },
  reviewStatus: 'subsidy_standards.review_status',
  updatedAt: 'subsidy_standards.updated_at',
};

export const standardTypeDefs = /* GraphQL */ `
  "补贴标准的一个版本（金额单位：分）"
  type SubsidyStandardTerms {
    amountFen: String!
    unit: String!
    unitLabel: String!
    effectiveFrom: String!
    basis: String!
    "技能提升补贴：每人每年享受次数上限（为空：按国家规定每人每年最多3次）"
    maxPerPersonPerYear: Int
    "版本号（待审核的修订为空）"
    version: Int
    approvedOn: String
  }

  "补贴标准"
  type SubsidyStandard {
    id: ID!
    streamId: String!
    authorityId: ID!
    authorityName: String
    authorityKind: String!
    authorityKindLabel: String!
    subject: String!
    subjectLabel: String!
    trainingKind: String
    trainingKindLabel: String
    "职业（工种）编码或职业类别；为空表示不限"
    occupationCode: String
    level: String
    levelLabel: String
    personCategory: String
    "最新生效版本号（0：尚未生效）"
    version: Int!
    current: SubsidyStandardTerms
    pending: SubsidyStandardTerms
    versions: [SubsidyStandardTerms!]!
    reviewStatus: String!
    reviewStatusLabel: String!
    reviewLevel: String
    reviewLevelLabel: String
    createdAt: String!
    updatedAt: String!
  }
  ${pageTypeDefs('SubsidyStandard')}

  input SubsidyStandardScopeInput {
    subject: String!
    trainingKind: String
    occupationCode: String
    level: String
    personCategory: String
  }
  input SubsidyStandardTermsInput {
    "金额（分），如 150000 表示 1,500.00 元"
    amountFen: String!
    unit: String!
    effectiveFrom: String!
    basis: String!
    "仅技能提升补贴：每人每年享受次数上限（1-3；不填按国家规定每人每年最多3次）"
    maxPerPersonPerYear: Int
  }
  input SubsidyStandardFilter {
    subject: String
    reviewStatus: String
    "职业（工种）编码关键字"
    keyword: String
  }

  extend type Query {
    "补贴标准（本单位及下级单位制定的）；可排序字段：${sortableNames(STANDARD_SORT)}"
    subsidyStandards(filter: SubsidyStandardFilter, page: PageInput): SubsidyStandardPage!
    subsidyStandard(id: ID!): SubsidyStandard
  }

  extend type Mutation {
    "省级或市州人社部门制定补贴标准；submit 为 true 时同时提交审核"
    proposeSubsidyStandard(scope: SubsidyStandardScopeInput!, terms: SubsidyStandardTermsInput!, submit: Boolean = false, commandId: ID): CommandResult!
    "修改草稿，或提出新版本（生效日期须晚于现行版本）；submit 为 true 时同时提交审核"
    reviseSubsidyStandard(id: ID!, terms: SubsidyStandardTermsInput!, submit: Boolean = false, commandId: ID): CommandResult!
  }
`;

const filterSchema = z
  .object({
    subject: oneOf('补贴类型', STANDARD_SUBJECTS).optional(),
    reviewStatus: z.string().max(20).optional(),
    keyword: optionalText('关键字', 20),
  })
  .default({ keyword: '' });
export type StandardFilter = z.output<typeof filterSchema>;
export const parseStandardFilter = (raw: unknown): StandardFilter => parseInput(filterSchema, raw ?? undefined);

const termsOut = (t: (StandardTerms & { version?: number; approvedOn?: string }) | null | undefined) =>
  t && {
    amountFen: String(t.amountFen),
    unit: t.unit,
    unitLabel: STANDARD_UNIT_LABELS[t.unit as StandardUnit] ?? t.unit,
    effectiveFrom: t.effectiveFrom,
    basis: t.basis,
    maxPerPersonPerYear: t.maxPerPersonPerYear ?? null,
    version: t.version ?? null,
    approvedOn: t.approvedOn ?? null,
  };

export const toStandard = (row: SubsidyStandardRow & { authority_name?: string | null }) => {
  const s = row.state;
  const latest = s.versions[s.versions.length - 1];
  return {
    id: row.id,
    streamId: row.stream_id,
    authorityId: row.authority_id,
    authorityName: row.authority_name ?? null,
    authorityKind: row.authority_kind,
    authorityKindLabel: STANDARD_AUTHORITY_LABELS[row.authority_kind as StandardAuthorityKind] ?? row.authority_kind,
    subject: row.subject,
    subjectLabel: STANDARD_SUBJECT_LABELS[row.subject as StandardSubject] ?? row.subject,
    trainingKind: row.training_kind,
    trainingKindLabel: row.training_kind ? (TRAINING_KIND_LABELS[row.training_kind as TrainingKind] ?? row.training_kind) : null,
    occupationCode: row.occupation_code,
    level: row.level,
    levelLabel: row.level ? (SKILL_LEVEL_LABELS[row.level as SkillLevel] ?? row.level) : null,
    personCategory: row.person_category,
    version: row.version,
    current: termsOut(latest),
    pending: termsOut(s.pending),
    versions: s.versions.map((v) => termsOut(v)!),
    reviewStatus: row.review_status,
    reviewStatusLabel: REVIEW_STATUS_LABELS[row.review_status as ReviewState['status']] ?? row.review_status,
    reviewLevel: row.review_level,
    reviewLevelLabel: row.review_level ? REVIEW_LEVEL_LABELS[row.review_level as ReviewLevel] : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const standardRows = (ctx: Pick<ListContext, 'platform'>) =>
  joinOrganizationName(subsidyStandardsTable(ctx.platform.knex), 'subsidy_standards.authority_id', 'org').select('subsidy_standards.*', 'org.name as authority_name');

export async function standardListQuery(ctx: ListContext, filter: StandardFilter) {
  ctx.require('subsidy:read');
  const query = standardRows(ctx);
  await ctx.scope.restrict(query, { org: 'subsidy_standards.authority_id', owner: 'subsidy_standards.created_by' });
  if (filter.subject) query.where('subsidy_standards.subject', filter.subject);
  if (filter.reviewStatus) query.where('subsidy_standards.review_status', filter.reviewStatus);
  if (filter.keyword) query.where('subsidy_standards.occupation_code', 'like', `%${escapeLike(filter.keyword)}%`);
  return { query, orderBy: [{ column: 'subsidy_standards.updated_at', order: 'desc' as const }, { column: 'subsidy_standards.id', order: 'asc' as const }] };
}

export const standardResolvers = {
  Query: {
    async subsidyStandards(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      const page = parsePage(args.page);
      const { query, orderBy } = await standardListQuery(ctx, parseStandardFilter(args.filter));
      const result = await fetchPage<SubsidyStandardRow>(query, page, orderFor(page, STANDARD_SORT, orderBy));
      return { ...result, items: result.items.map(toStandard) };
    },
    async subsidyStandard(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:read');
      if (!(await ctx.scope.findRecord(`subsidy-standard-${args.id}`))) return null;
      const row = await standardRows(ctx).where('subsidy_standards.id', args.id).first();
      return row ? toStandard(row) : null;
    },
  },
  Mutation: {
    async proposeSubsidyStandard(_: unknown, args: { scope: unknown; terms: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:standard');
      if (args.submit) ctx.require('review:submit');
      const scope = parseStandardScope(args.scope);
      const terms = parseStandardTerms(args.terms);
      const request = ctx.request(args.commandId);
      // The id follows from the command id: a retried request lands on the same record.
      const id = args.commandId ? request.commandId : randomUUID();
      const result = await ctx.platform.commands.subsidyStandards.propose(id, scope, terms, request, { submit: Boolean(args.submit) });
      return commandOutcome(result, id);
    },
    async reviseSubsidyStandard(_: unknown, args: { id: string; terms: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('subsidy:standard');
      await ctx.scope.requireRecord(`subsidy-standard-${args.id}`);
      if (args.submit) ctx.require('review:submit');
      const terms = parseStandardTerms(args.terms);
      const result = await ctx.platform.commands.subsidyStandards.revise(args.id, terms, ctx.request(args.commandId), { submit: Boolean(args.submit) });
      return commandOutcome(result, args.id);
    },
  },
};
