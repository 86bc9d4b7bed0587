// 培训班级 over GraphQL, the read side: the class list (filters, sort whitelist, paging; a county's
// page of 20,000 classes read from the narrow list table's index), a class in detail with its
// approved and pending values, the attendance matrix, overdue follow-ups, certificate
// verification, a person's sessions across classes, and each person's subsidy eligibility as the
// enrolment form shows it before enrolling.
import { z } from 'zod';
import { chinaDate } from '../../domain/personal-data/normalize';
import { calendarDate, optionalText, oneOf, parseInput } from '../../domain/shared/validation';
import { FUNDING_SOURCES, TRAINING_KINDS, participantKindOf } from '../../domain/training-class/class-details';
import { checkEligibility, describeEligibility } from '../../domain/training-class/eligibility';
import type { ExistingClass } from '../../domain/training-class/state';
import { organizationNames } from '../../projections/organization/organization-names';
import {
  certificateByNumber,
  overdueFollowUpsQuery,
  personSessions,
  trainingClassById,
  trainingClassEntries,
  trainingClassesByIds,
  trainingClassListQuery,
  trainingClassSummaries,
  type TrainingClassListFilter,
} from '../../projections/training-class/training-class-list';
import type { TrainingClassRow } from '../../projections/training-class/training-classes-table';
import { clientError } from '../graphql/errors';
import type { GraphQLContext, ListContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type OrderColumn, type PageInput, type SortableFields } from '../graphql/pagination';
import { searchRecords } from '../search/search-graphql';
import { HEAVY_FIELDS, attendanceMatrix, heavyFields, toTrainingClass, trainingClassTypeDefs, type TrainingClassOut } from './training-class-types';

/** The fields the class list may be sorted by (GraphQL name → column of the wide rows). */
export const TRAINING_CLASS_SORT: SortableFields = {
  name: { column: 'name', pinyin: true },
  classNo: 'class_no',
  kind: 'kind',
  status: 'status',
  reviewStatus: 'review_status',
  plannedStart: 'planned_start',
  plannedEnd: 'planned_end',
  enrolled: 'enrolled',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/** The overdue follow-ups list's sort whitelist. */
export const OVERDUE_SORT: SortableFields = { dueOn: 'due_on', milestone: 'milestone', name: { column: 'name', pinyin: true } };

const DEFAULT_ORDER: OrderColumn[] = [
  { column: 'updated_at', order: 'desc' },
  { column: 'id', order: 'asc' },
];

/** Ids go to SQL and stream names as they are: letters, digits and hyphens only. */
export const idSchema = (label: string) => z.string({ error: `${label}不能为空` }).regex(/^[0-9A-Za-z-]{1,64}$/, { error: `${label}格式不正确` });

const filterSchema = z
  .object({
    keyword: optionalText('班级名称或编号', 50),
    status: z.string().max(20).optional(),
    kind: oneOf('培训类型', TRAINING_KINDS).optional(),
    reviewStatus: z.string().max(20).optional(),
    institutionId: idSchema('培训机构').optional(),
    countyCode: z.string().regex(/^\d{6}$/, { error: '区县代码应为6位数字' }).optional(),
    occupationCode: z.string().max(30).optional(),
    fundingSource: oneOf('资金来源', FUNDING_SOURCES).optional(),
    startFrom: calendarDate('开班日期起').optional(),
    startTo: calendarDate('开班日期止').optional(),
  })
  .default({ keyword: '' });

export type TrainingClassFilter = z.output<typeof filterSchema>;
/** The list's filter, parsed the one way the list and its export (api/export) both use. */
export const parseTrainingClassFilter = (raw: unknown): TrainingClassFilter => parseInput(filterSchema, raw ?? undefined);

export const trainingClassQueryTypeDefs = /* GraphQL */ `
  ${trainingClassTypeDefs}
  ${pageTypeDefs('TrainingClass')}
  ${pageTypeDefs('OverdueFollowUp')}
  input TrainingClassFilter {
    "班级名称或编号关键字"
    keyword: String
    status: String
    kind: String
    reviewStatus: String
    institutionId: ID
    "培训地点所在区县"
    countyCode: String
    occupationCode: String
    fundingSource: String
    "计划开班日期范围"
    startFrom: String
    startTo: String
  }
  "补贴资格预判：报名前显示每人是否符合补贴条件及理由"
  type EligibilityCheck {
    personId: ID!
    name: String
    eligible: Boolean!
    reasons: [EligibilityReason!]!
    description: String!
  }
  "培训合格证书核验（身份证号仅显示脱敏值）"
  type TrainingCertificate {
    certificateNo: String!
    name: String!
    idNumber: String!
    classId: ID!
    classNo: String!
    className: String!
    subject: String!
    institutionId: ID!
    institutionName: String
    issuedOn: String!
  }
  "一人在各班级的课次（含授课与参训）"
  type PersonSession {
    classId: ID!
    classNo: String!
    className: String!
    "teacher 授课 / participant 参训"
    role: String!
    sessionId: ID!
    date: String!
    start: String!
    end: String!
  }
  extend type Query {
    "数据权限范围内的培训班级，默认最近更新的在前；只按关键字查询时按相关度排列。可排序字段：${sortableNames(TRAINING_CLASS_SORT)}"
    trainingClasses(filter: TrainingClassFilter, page: PageInput): TrainingClassPage!
    trainingClass(id: ID!): TrainingClass
    "报名前的补贴资格预判（按当前补贴资格政策）"
    trainingClassEligibility(id: ID!, personIds: [ID!]!): [EligibilityCheck!]!
    "逾期未记录的后续跟踪（宽限期已过），默认逾期最久的在前"
    overdueFollowUps(institutionId: ID, page: PageInput): OverdueFollowUpPage!
    "按证书编号核验培训合格证书"
    trainingCertificate(certificateNo: String!): TrainingCertificate
    "一人（学员或教师）在各班级的课次，日期为北京时间"
    personTrainingSessions(personKind: String!, personId: ID!, from: String!, to: String!): [PersonSession!]!
  }
`;

const listFilter = (filter: TrainingClassFilter): TrainingClassListFilter => Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== ''));

/** The class list as SQL in the caller's scope; the list pages it, the export streams it. */
export async function trainingClassListSql(ctx: ListContext, filter: TrainingClassFilter) {
  ctx.require('training-class:read');
  const { query } = await trainingClassListQuery(ctx.platform.knex, ctx.scope, listFilter(filter));
  return { query, orderBy: DEFAULT_ORDER };
}

/** List items from summaries (no roster or timetable read): heavy fields load the class when asked. */
async function summaryItems(ctx: GraphQLContext, ids: readonly string[]) {
  const rows = await trainingClassSummaries(ctx.platform.knex, ids);
  const names = new Map(rows.flatMap((r) => (r.institution_name ? [[r.institution_id, r.institution_name] as const] : [])));
  return rows.map((r) => toTrainingClass(r, names, false));
}

/** A page: in the default order from the list table's index alone when its filters suffice, otherwise through the SQL list (ids only). */
async function trainingClassPage(ctx: GraphQLContext, filter: TrainingClassFilter, page: PageInput) {
  const defaultOrder = !page.sort || (page.sort.field === 'updatedAt' && page.sort.order === 'desc');
  const narrow = !filter.keyword && !filter.countyCode && !filter.occupationCode && !filter.fundingSource;
  if (!defaultOrder || !narrow) {
    const { query, orderBy } = await trainingClassListSql(ctx, filter);
    const listed = await fetchPage<{ id: string }>(query.clearSelect().select('id'), page, orderFor(page, TRAINING_CLASS_SORT, orderBy));
    return { ...listed, items: await summaryItems(ctx, listed.items.map((r) => r.id)) };
  }
  const { entries } = await trainingClassEntries(ctx.platform.knex, ctx.scope, listFilter(filter));
  const order: OrderColumn[] = [
    { column: 'updated_at', order: 'desc' },
    { column: 'class_id', order: 'asc' },
  ];
  const listed = await fetchPage<{ class_id: string }>(entries, page, order, ctx.platform.runner.versionOf('training_classes'));
  return { ...listed, items: await summaryItems(ctx, listed.items.map((r) => r.class_id)) };
}

type Parent = TrainingClassOut & { _heavy?: Promise<ReturnType<typeof heavyFields>>; _full?: Promise<ExistingClass> };
/** The class's full state: the row's own, or read once per item when a list item is asked for more than its summary. */
const fullState = (parent: Parent, ctx: GraphQLContext): Promise<ExistingClass> =>
  (parent._full ??= parent._state ? Promise.resolve(parent._state) : trainingClassById(ctx.platform.knex, parent._id).then((row) => row!.state));
const heavy = (parent: Parent, ctx: GraphQLContext) => (parent._heavy ??= fullState(parent, ctx).then((s) => heavyFields(parent._id, s)));
const heavyResolvers = Object.fromEntries(HEAVY_FIELDS.map((field) => [field, async (parent: Parent, _: unknown, ctx: GraphQLContext) => (await heavy(parent, ctx))[field]]));

export async function institutionNamesOf(ctx: Pick<ListContext, 'platform'>, rows: readonly TrainingClassRow[]) {
  return organizationNames(ctx.platform.knex, rows.map((r) => r.institution_id));
}

/** A class in the caller's scope, or null (missing and out of scope answer alike). */
export async function classInScope(ctx: GraphQLContext, id: string): Promise<TrainingClassRow | null> {
  ctx.require('training-class:read');
  if (!(await ctx.scope.findRecord(`training-class-${id}`))) return null;
  return (await trainingClassById(ctx.platform.knex, id)) ?? null;
}

export const trainingClassQueryResolvers = {
  TrainingClass: {
    ...heavyResolvers,
    async attendance(parent: Parent, _: unknown, ctx: GraphQLContext) {
      const state = await fullState(parent, ctx);
      const settings = await ctx.platform.commands.trainingClasses.reference.settings(state.details.kind);
      const captures = await ctx.platform.directories.attendanceCaptures.forClass(state.classId);
      return attendanceMatrix(state, settings, captures.captures);
    },
  },
  Query: {
    async trainingClasses(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('training-class:read');
      const filter = parseTrainingClassFilter(args.filter);
      const page = parsePage(args.page);
      const { keyword, ...rest } = filter;
      if (keyword && Object.values(rest).every((v) => v === undefined) && !page.sort) {
        // A keyword alone goes to the search engine (scope filtered in the engine), in relevance order.
        const found = await searchRecords(ctx, 'training-class', keyword, page);
        return { items: await summaryItems(ctx, found.ids.map((s) => s.slice('training-class-'.length))), total: found.total, page: page.page, pageSize: page.pageSize };
      }
      return trainingClassPage(ctx, filter, page);
    },
    async trainingClass(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      const row = await classInScope(ctx, parseInput(idSchema('班级'), args.id));
      return row ? toTrainingClass(row, await institutionNamesOf(ctx, [row])) : null;
    },
    async trainingClassEligibility(_: unknown, args: { id: string; personIds: string[] }, ctx: GraphQLContext) {
      ctx.require('training-class:manage');
      const ids = parseInput(z.array(idSchema('人员')).max(1000), args.personIds);
      const row = await classInScope(ctx, parseInput(idSchema('班级'), args.id));
      if (!row) throw clientError('NOT_FOUND', '记录不存在或不在您的数据权限范围内');
      const state = row.state;
      const directory = ctx.platform.directories.trainingClasses;
      const kind = participantKindOf(state.details.kind);
      const [people, history, policy] = await Promise.all([
        directory.participants(kind, state.institutionId, ids),
        directory.subsidisedHistory(ids, state.classId),
        ctx.platform.commands.trainingClasses.reference.policy(),
      ]);
      return ids.map((personId) => {
        const outcome = kind === 'teacher' || state.details.fundingSource === 'self_paid'
          ? { eligible: true, reasons: [], policyVersion: policy.version }
          : checkEligibility(policy, history.get(personId) ?? [], { classId: state.classId, details: state.details });
        return { personId, name: people.get(personId)?.name ?? null, ...outcome, description: describeEligibility(outcome) };
      });
    },
    async overdueFollowUps(_: unknown, args: { institutionId?: string; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('training-class:read');
      const page = parsePage(args.page);
      const today = chinaDate(new Date().toISOString());
      const institutionId = args.institutionId ? parseInput(idSchema('培训机构'), args.institutionId) : undefined;
      const { query } = await overdueFollowUpsQuery(ctx.platform.knex, ctx.scope, today, institutionId);
      const result = await fetchPage<{ class_id: string; participant_id: string; name: string; milestone: number; due_on: string; overdue_after: string; institution_id: string }>(
        query,
        page,
        orderFor(page, OVERDUE_SORT, [
          { column: 'overdue_after', order: 'asc' },
          { column: 'class_id', order: 'asc' },
          { column: 'participant_id', order: 'asc' },
        ]),
      );
      const classes = new Map((await trainingClassesByIds(ctx.platform.knex, [...new Set(result.items.map((r) => r.class_id))])).map((r) => [r.id, r.name]));
      const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
      return {
        ...result,
        items: result.items.map((r) => ({ classId: r.class_id, className: classes.get(r.class_id) ?? null, institutionId: r.institution_id, participantId: r.participant_id, name: r.name, milestone: r.milestone, dueOn: r.due_on, daysOverdue: days(r.overdue_after, today) })),
      };
    },
    async trainingCertificate(_: unknown, args: { certificateNo: string }, ctx: GraphQLContext) {
      ctx.require('training-class:read');
      const no = parseInput(z.string().trim().regex(/^[0-9A-Z-]{6,40}$/, { error: '证书编号格式不正确' }), args.certificateNo);
      const row = await certificateByNumber(ctx.platform.knex, no);
      if (!row || !(await ctx.scope.findRecord(`training-class-${row.class_id}`))) return null;
      const names = await organizationNames(ctx.platform.knex, [row.institution_id]);
      return {
        certificateNo: row.certificate_no,
        name: row.name,
        idNumber: row.id_number_masked,
        classId: row.class_id,
        classNo: row.class_no,
        className: row.class_name,
        subject: row.subject,
        institutionId: row.institution_id,
        institutionName: names.get(row.institution_id) ?? null,
        issuedOn: row.issued_on,
      };
    },
    async personTrainingSessions(_: unknown, args: { personKind: string; personId: string; from: string; to: string }, ctx: GraphQLContext) {
      ctx.require('training-class:read');
      const input = parseInput(
        z.object({ personKind: oneOf('人员类型', ['trainee', 'teacher'] as const), personId: idSchema('人员'), from: calendarDate('开始日期'), to: calendarDate('结束日期') }),
        args,
      );
      // The person's record decides the scope: a person outside it answers as one with no sessions.
      if (!(await ctx.scope.findRecord(`${input.personKind}-${input.personId}`))) return [];
      return personSessions(ctx.platform.knex, `${input.personKind}:${input.personId}`, input.from, input.to);
    },
  },
};
