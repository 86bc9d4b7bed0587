import { z } from 'zod';
import { confirmedWarningsSchema } from '../../domain/personal-data/confirmable-warning';
import { chinaDate } from '../../domain/personal-data/normalize';
import { optionalText, parseInput } from '../../domain/shared/validation';
import { ENROLMENT_STATUS_LABELS, type EnrolmentStatus, type TraineeState } from '../../domain/trainee/trainee';
import { parseTraineeEdit, parseTraineeInput } from '../../domain/trainee/trainee-input';
import { organizationNames } from '../../projections/organization/organization-names';
import { traineeListEntries, traineeListQuery as traineeRowsQuery, traineesByIds, type TraineeListFilter } from '../../projections/trainee/trainee-list';
import { traineesTable, type TraineeRow } from '../../projections/trainee/trainees-table';
import { commandOutcome, type GraphQLContext, type ListContext } from '../graphql/context';
import { reviewFieldTypeDefs, reviewFields } from '../review/review-fields';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type OrderColumn, type PageInput, type SortableFields } from '../graphql/pagination';
import { searchRecords } from '../search/search-graphql';

/** The fields the trainees list may be sorted by (GraphQL name → column of traineeListQuery). */
export const TRAINEE_SORT: SortableFields = {
  name: { column: 'name', pinyin: true },
  birthDate: 'birth_date',
  sex: 'sex',
  personCategory: 'person_category',
  reviewStatus: 'review_status',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export const traineeTypeDefs = /* GraphQL */ `
  type TraineeEnrolment {
    institutionId: ID!
    institutionName: String
    status: String!
    statusLabel: String!
    "其他机构已先录入此人后本机构再录入"
    duplicateEntry: Boolean!
  }
  "已生效学员信息的变更申请（个人信息仅显示脱敏值）：审核通过后才生效"
  type TraineePendingChange {
    name: String!
    personCategory: String!
    phone: String!
    bankAccount: String
    "提出变更的机构"
    institutionId: ID!
    institutionName: String
  }
  "学员（个人信息仅显示脱敏值）"
  type Trainee {
    id: ID!
    streamId: String!
    name: String!
    idNumber: String!
    birthDate: String!
    sex: String!
    sexLabel: String!
    regionCode: String!
    personCategory: String!
    phone: String!
    bankAccount: String
    ${reviewFieldTypeDefs}
    duplicateEntry: Boolean!
    enrolments: [TraineeEnrolment!]!
    "待审核的信息变更（无则为空）"
    pendingChange: TraineePendingChange
    createdAt: String!
    updatedAt: String!
  }
  ${pageTypeDefs('Trainee')}
  "录入时身份证号与手机号必填；修改时留空表示不变（控制台只显示脱敏值），银行账号填空字符串表示删除"
  input TraineeInput {
    name: String!
    idNumber: String
    personCategory: String!
    phone: String
    bankAccount: String
  }
  input TraineeFilter {
    "姓名关键字"
    keyword: String
    "完整身份证号（精确查找）"
    idNumber: String
    personCategory: String
    reviewStatus: String
    institutionId: ID
    "只看被多家机构录入的学员"
    duplicateOnly: Boolean
  }
  extend type Query {
    "数据权限范围内的学员，默认最近更新的在前；只按姓名关键字查询时按相关度排列。可排序字段：${sortableNames(TRAINEE_SORT)}"
    trainees(filter: TraineeFilter, page: PageInput): TraineePage!
    trainee(id: ID!): Trainee
  }
  extend type Mutation {
    "机构录入学员：同一身份证号全省只有一条学员记录，其他机构已录入的将关联到原记录并标记复核"
    enterTrainee(input: TraineeInput!, confirmedWarnings: [String!], submit: Boolean = false, commandId: ID): CommandResult!
    updateTrainee(id: ID!, input: TraineeInput!, confirmedWarnings: [String!], commandId: ID): CommandResult!
  }
`;

const LINK_REQUESTED = '该学员已由其他机构录入：已提交关联申请，待主管部门审核通过后方可查看和修改';

const CHANGE_PROPOSED = '修改已保存为变更申请：请提交审核，经主管部门审核通过后生效';

const SEX_LABELS: Record<string, string> = { male: '男', female: '女' };

const filterSchema = z
  .object({
    keyword: optionalText('姓名', 30),
    idNumber: z.string().trim().max(40).optional(),
    personCategory: z.string().max(40).optional(),
    reviewStatus: z.string().max(20).optional(),
    institutionId: z.string().max(100).optional(),
    duplicateOnly: z.boolean().optional(),
  })
  .default({ keyword: '' });

export const toTrainee = (row: TraineeRow, institutionNames: Map<string, string>) => {
  const state = row.state as Extract<TraineeState, { status: 'registered' }>;
  return {
    id: row.id,
    streamId: row.stream_id,
    name: row.name,
    idNumber: row.id_number_masked,
    birthDate: row.birth_date,
    sex: row.sex,
    sexLabel: SEX_LABELS[row.sex] ?? row.sex,
    regionCode: row.region_code,
    personCategory: row.person_category,
    phone: row.phone_masked,
    bankAccount: row.bank_account_masked,
    ...reviewFields(state.review),
    duplicateEntry: row.duplicate_entry,
    enrolments: state.enrolments.map((e) => ({
      institutionId: e.institutionId,
      institutionName: institutionNames.get(e.institutionId) ?? null,
      status: e.status,
      statusLabel: ENROLMENT_STATUS_LABELS[e.status as EnrolmentStatus],
      duplicateEntry: e.duplicateEntry,
    })),
    pendingChange: state.proposal
      ? {
          name: state.proposal.person.name,
          personCategory: state.proposal.person.personCategory,
          phone: state.proposal.person.phone.masked,
          bankAccount: state.proposal.person.bankAccount?.masked ?? null,
          institutionId: state.proposal.institutionId,
          institutionName: institutionNames.get(state.proposal.institutionId) ?? null,
        }
      : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
};

/** Names of the institutions the rows' people are tied to. */
export async function institutionNamesFor(ctx: Pick<GraphQLContext, 'platform'>, rows: TraineeRow[]) {
  return organizationNames(ctx.platform.knex, rows.flatMap((r) => (r.state.status === 'registered' ? r.state.enrolments.map((e) => e.institutionId) : [])));
}

export type TraineeFilter = z.output<typeof filterSchema>;
/** The list's filter, parsed the one way the list and its export (api/export) both use. */
export const parseTraineeFilter = (raw: unknown): TraineeFilter => parseInput(filterSchema, raw ?? undefined);

/** The filter as the read side takes it: an ID number becomes its blind indexes. */
const listFilter = (ctx: ListContext, filter: TraineeFilter): TraineeListFilter => ({
  ...filter,
  ...(filter.idNumber ? { idNumberIndexes: ctx.platform.personalData.lookup('idNumber', filter.idNumber) } : {}),
});

/**
 * The trainees list (projections/trainee/trainee-list.ts), in the caller's scope. The list pages
 * it; the export (api/export) streams it. A name keyword is matched as a substring here; the list
 * sends a keyword-only search to the search engine instead.
 */
export async function traineeListQuery(ctx: ListContext, filter: TraineeFilter) {
  ctx.require('trainee:read');
  const { query } = await traineeRowsQuery(ctx.platform.knex, ctx.scope, listFilter(ctx, filter));
  return { query, orderBy: DEFAULT_ORDER };
}

const DEFAULT_ORDER: OrderColumn[] = [
  { column: 'updated_at', order: 'desc' },
  { column: 'id', order: 'asc' },
];

/** A page: in the default order from the list table's index alone, other sorts and filters through the SQL list. */
async function traineePage(ctx: GraphQLContext, filter: TraineeFilter, page: PageInput) {
  const defaultOrder = !page.sort || (page.sort.field === 'updatedAt' && page.sort.order === 'desc');
  if (!defaultOrder || filter.keyword || filter.idNumber) {
    const { query, orderBy } = await traineeListQuery(ctx, filter);
    return fetchPage<TraineeRow>(query, page, orderFor(page, TRAINEE_SORT, orderBy));
  }
  ctx.require('trainee:read');
  const { entries } = await traineeListEntries(ctx.platform.knex, ctx.scope, listFilter(ctx, filter));
  const order: OrderColumn[] = [
    { column: 'updated_at', order: 'desc' },
    { column: 'trainee_id', order: 'asc' },
  ];
  const listed = await fetchPage<{ trainee_id: string }>(entries, page, order, ctx.platform.runner.versionOf('trainees'));
  return { ...listed, items: await traineesByIds(ctx.platform.knex, listed.items.map((r) => r.trainee_id)) };
}

export const traineeResolvers = {
  Query: {
    async trainees(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('trainee:read');
      const filter = parseTraineeFilter(args.filter);
      const page = parsePage(args.page);
      if (filter.keyword && !filter.idNumber && !filter.personCategory && !filter.institutionId && !filter.duplicateOnly && !page.sort) {
        // A name search goes to the search engine (jieba words, scope filtered in the engine), in
        // relevance order. A chosen sort is not the engine's to apply: a sorted name search takes the
        // SQL path below (name as a substring, as when the keyword comes with any other filter).
        const found = await searchRecords(ctx, 'trainee', filter.keyword, page, filter.reviewStatus);
        // By primary key (the stream is `trainee-<id>`): stream_id has no index of its own.
        const ordered = await traineesByIds(ctx.platform.knex, found.ids.map((s) => s.slice('trainee-'.length)));
        const names = await institutionNamesFor(ctx, ordered);
        return { items: ordered.map((r) => toTrainee(r, names)), total: found.total, page: page.page, pageSize: page.pageSize };
      }
      const result = await traineePage(ctx, filter, page);
      const names = await institutionNamesFor(ctx, result.items);
      return { ...result, items: result.items.map((r) => toTrainee(r, names)) };
    },
    async trainee(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('trainee:read');
      if (!(await ctx.scope.findRecord(`trainee-${args.id}`))) return null;
      const row = await traineesTable(ctx.platform.knex).where({ id: args.id }).first();
      return row ? toTrainee(row, await institutionNamesFor(ctx, [row])) : null;
    },
  },
  Mutation: {
    async enterTrainee(_: unknown, args: { input: unknown; confirmedWarnings?: unknown; submit?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('trainee:enter');
      if (args.submit) ctx.require('review:submit');
      const input = parseTraineeInput(args.input, chinaDate(new Date().toISOString()));
      const confirmed = parseInput(confirmedWarningsSchema, args.confirmedWarnings ?? undefined);
      const entered = await ctx.platform.commands.trainees.enter(ctx.user.orgId, input, confirmed, ctx.request(args.commandId), { submit: Boolean(args.submit) });
      // The person was already on record: only the link was requested, and it opens nothing until approved.
      const linked = entered.events.some((e) => e.type === 'TraineeEnrolmentRequested');
      return commandOutcome(entered, entered.streamId.slice('trainee-'.length), linked ? LINK_REQUESTED : null);
    },
    async updateTrainee(_: unknown, args: { id: string; input: unknown; confirmedWarnings?: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('trainee:enter');
      await ctx.scope.requireRecord(`trainee-${args.id}`);
      const input = parseTraineeEdit(args.input, chinaDate(new Date().toISOString()));
      const confirmed = parseInput(confirmedWarningsSchema, args.confirmedWarnings ?? undefined);
      const updated = await ctx.platform.commands.trainees.update(args.id, input, confirmed, ctx.request(args.commandId));
      return commandOutcome(updated, args.id, updated.events.some((e) => e.type === 'TraineeDetailsChangeProposed') ? CHANGE_PROPOSED : null);
    },
  },
};
