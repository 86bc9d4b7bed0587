import { z } from 'zod';
import { GraphQLError } from 'graphql';
import { ConcurrencyConflictError } from '../../commands/pipeline/errors';
import { followUp } from '../../commands/pipeline/follow-up';
import { systemActorLabel } from '../../domain/identity/labels';
import { REVIEW_LEVELS, REVIEW_LEVEL_LABELS, REVIEW_STATUS_LABELS, type ReviewLevel, type ReviewState } from '../../domain/review/review';
import { DomainError, ValidationError } from '../../domain/shared/errors';
import { parseInput, requiredText } from '../../domain/shared/validation';
import { inboxTasks, narrowInbox, reviewHistoryTable, reviewTasksTable, type ReviewHistoryRow, type ReviewTaskRow } from '../../projections/review/review-tables';
import { joinOrganizationName } from '../../projections/organization/organization-names';
import { joinUserName } from '../../projections/identity/user-names';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';
import { roleLabels } from '../identity/role-labels';

/** At most one inbox page (its largest size) at a time: each record is a command of its own. */
const BATCH_LIMIT = 50;

/** The fields the review inbox may be sorted by (GraphQL name → column). */
export const INBOX_SORT: SortableFields = {
  module: 'review_tasks.module',
  title: { column: 'review_tasks.title', pinyin: true },
  submitterOrgName: { column: 'org.name', pinyin: true, nullsLast: true },
  round: 'review_tasks.round',
  submittedAt: { column: 'review_tasks.submitted_at', nullsLast: true },
  waitingSince: 'review_tasks.updated_at',
};

export const reviewTypeDefs = /* GraphQL */ `
  type Attachment {
    fileId: String!
    name: String!
  }
  input AttachmentInput {
    fileId: String!
    name: String!
  }

  "待办：等待审核的记录"
  type ReviewTask {
    streamId: String!
    recordId: ID!
    module: String!
    moduleLabel: String!
    title: String!
    status: String!
    statusLabel: String!
    round: Int!
    level: String
    levelLabel: String
    authorityId: ID
    submitterOrgId: ID
    submitterOrgName: String
    submittedAt: String
    updatedAt: String!
    "在当前审核级别等待的起始时间（提交或下级通过之时）"
    waitingSince: String!
  }
  ${pageTypeDefs('ReviewTask')}

  "待办的筛选条件"
  input ReviewInboxFilter {
    "业务类型（模块名）"
    module: String
    "提交单位（含其下级单位）"
    submitterOrgId: ID
    "审核级别：county、city、province"
    level: String
    "在当前级别已等待至少多少天"
    minWaitingDays: Int
  }

  "批量审核通过中一条记录的结果"
  type BatchReviewOutcome {
    streamId: String!
    "记录名称（待办事项名称）"
    title: String
    approved: Boolean!
    "未通过时的错误码与中文说明（与单条审核的错误相同）"
    code: String
    message: String
    revision: Int
    position: String
    "重复提交的同一批次：该记录此前已按本批次通过"
    repeated: Boolean!
  }
  type BatchReviewResult {
    approvedCount: Int!
    failedCount: Int!
    "写入的最高位置（读己之写）"
    position: String
    outcomes: [BatchReviewOutcome!]!
  }

  "审核记录的一步"
  type ReviewStep {
    eventId: ID!
    revision: Int!
    action: String!
    actionLabel: String!
    round: Int!
    level: String
    levelLabel: String
    opinion: String!
    attachments: [Attachment!]!
    actorId: String!
    actorName: String
    actorRole: String!
    actorRoleLabel: String!
    actorOrgId: ID
    actorOrgName: String
    occurredAt: String!
  }

  extend type Query {
    "当前用户所在机构在当前审核级别待审核的记录（跨模块），默认先提交的在前；可排序字段：${sortableNames(INBOX_SORT)}"
    reviewInbox(module: String, filter: ReviewInboxFilter, page: PageInput): ReviewTaskPage!
    reviewInboxCount: Int!
    "一条记录的审核记录"
    reviewHistory(streamId: String!): [ReviewStep!]!
  }

  extend type Mutation {
    submitForReview(streamId: String!, note: String, commandId: ID): CommandResult!
    approveReview(streamId: String!, opinion: String!, attachments: [AttachmentInput!], commandId: ID): CommandResult!
    "批量审核通过（同一意见）：逐条执行与 approveReview 相同的审核（数据权限与审核规则逐条检查，每条记录一个事件），返回每条的结果；最多 ${BATCH_LIMIT} 条"
    approveReviews(streamIds: [String!]!, opinion: String!, commandId: ID): BatchReviewResult!
    returnReview(streamId: String!, reason: String!, attachments: [AttachmentInput!], commandId: ID): CommandResult!
    rejectReview(streamId: String!, reason: String!, attachments: [AttachmentInput!], commandId: ID): CommandResult!
    withdrawReview(streamId: String!, reason: String, commandId: ID): CommandResult!
  }
`;

const ACTION_LABELS: Record<string, string> = { submitted: '提交', approved: '通过', returned: '退回', rejected: '不予通过', withdrawn: '撤回' };

const attachmentsSchema = z
  .array(z.object({ fileId: z.string().min(1).max(100), name: z.string().trim().min(1, { error: '附件名称不能为空' }).max(200) }))
  .max(20, { error: '附件最多20个' })
  .default([]);

const toTask = (moduleLabel: (module: string) => string) => (row: ReviewTaskRow & { submitter_org_name?: string | null }) => ({
  streamId: row.stream_id,
  recordId: row.stream_id.slice(row.module.length + 1),
  module: row.module,
  moduleLabel: moduleLabel(row.module),
  title: row.title,
  status: row.status,
  statusLabel: REVIEW_STATUS_LABELS[row.status as ReviewState['status']] ?? row.status,
  round: row.round,
  level: row.level,
  levelLabel: row.level ? REVIEW_LEVEL_LABELS[row.level as ReviewLevel] : null,
  authorityId: row.authority_id,
  submitterOrgId: row.submitter_org_id,
  submitterOrgName: row.submitter_org_name ?? null,
  submittedAt: row.submitted_at,
  updatedAt: row.updated_at,
  waitingSince: row.updated_at,
});

const toStep = (row: ReviewHistoryRow & { actor_name?: string | null; actor_org_name?: string | null }, roleLabel: (role: string) => string) => ({
  eventId: row.event_id,
  revision: row.revision,
  action: row.action,
  actionLabel: ACTION_LABELS[row.action] ?? row.action,
  round: row.round,
  level: row.level,
  levelLabel: row.level ? REVIEW_LEVEL_LABELS[row.level as ReviewLevel] : null,
  opinion: row.opinion,
  attachments: row.attachments,
  actorId: row.actor_id,
  actorName: row.actor_name ?? systemActorLabel(row.actor_id) ?? null,
  actorRole: row.actor_role,
  actorRoleLabel: roleLabel(row.actor_role),
  actorOrgId: row.actor_org_id,
  actorOrgName: row.actor_org_name ?? null,
  occurredAt: row.occurred_at,
});

const inboxFilterSchema = z
  .object({
    module: z.string().max(60).nullish(),
    submitterOrgId: z.string().max(100).nullish(),
    level: z.enum(REVIEW_LEVELS, { error: '审核级别应为 county、city 或 province' }).nullish(),
    minWaitingDays: z.number().int().min(0, { error: '等待天数不能为负数' }).max(3650, { error: '等待天数过大' }).nullish(),
  })
  .default({});

const DAY_MS = 24 * 60 * 60 * 1000;

type Decision = 'approve' | 'return' | 'reject';

async function decide(ctx: GraphQLContext, decision: Decision, args: { streamId: string; opinion?: string; reason?: string; attachments?: unknown; commandId?: string }) {
  ctx.require('review:decide');
  // Scope first: a record outside it answers as a missing one would, whatever its review state.
  const { id } = await ctx.scope.requireRecord(args.streamId);
  const attachments = parseInput(attachmentsSchema, args.attachments ?? undefined);
  const request = ctx.request(args.commandId);
  const reviews = ctx.platform.commands.reviews;
  const result =
    decision === 'approve'
      ? await reviews.approve(args.streamId, args.opinion ?? '', attachments, request)
      : decision === 'return'
        ? await reviews.return(args.streamId, args.reason ?? '', attachments, request)
        : await reviews.reject(args.streamId, args.reason ?? '', attachments, request);
  return commandOutcome(result, id);
}

const batchSchema = z.object({
  streamIds: z
    .array(z.string().min(1).max(200))
    .min(1, { error: '请选择要审核的记录' })
    .max(BATCH_LIMIT, { error: `一次最多审核 ${BATCH_LIMIT} 条` })
    .refine((ids) => new Set(ids).size === ids.length, { error: '同一记录不能在一批中出现两次' }),
  opinion: requiredText('审核意见', 2000, { multiline: true }),
});

/** The code and Chinese message a single approval would have answered with. */
function refusal(error: unknown): { code: string; message: string } | undefined {
  if (error instanceof GraphQLError) return { code: String(error.extensions.code ?? 'INTERNAL_SERVER_ERROR'), message: error.message };
  if (error instanceof ValidationError) return { code: 'BAD_USER_INPUT', message: error.fields[0]?.message ?? error.message };
  if (error instanceof DomainError) return { code: error.code === 'NOT_FOUND' ? 'NOT_FOUND' : error.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'RULE_VIOLATION', message: error.message };
  if (error instanceof ConcurrencyConflictError) return { code: 'CONFLICT', message: error.message };
  return undefined;
}

/**
 * 批量通过, on the server rather than as a loop of approveReview calls in the console: one request
 * whose answer lists every record's outcome together, and one batch command id from which each
 * record's command id derives (followUp), so a retried batch (a lost answer, a double click) repeats
 * each approval at most once, which a browser loop could only promise by keeping N ids itself. Each
 * record still goes through exactly what approveReview does: the scope check first (out of scope
 * answers as missing), then the review command, whose rules (the reviewing authority, the level,
 * the state) decide; each approval is its own event on its own stream. One record's refusal does
 * not stop the others. Records are decided one after another: a batch is at most one inbox page.
 */
async function approveMany(ctx: GraphQLContext, args: { streamIds: string[]; opinion: string; commandId?: string }) {
  ctx.require('review:decide');
  const input = parseInput(batchSchema, { streamIds: args.streamIds, opinion: args.opinion });
  const request = ctx.request(args.commandId);
  const titles = new Map((await reviewTasksTable(ctx.platform.knex).whereIn('stream_id', input.streamIds).select('stream_id', 'title')).map((r) => [r.stream_id, r.title]));
  const outcomes = [];
  let highest: bigint | null = null;
  for (const streamId of input.streamIds) {
    const base = { streamId, title: null as string | null };
    try {
      await ctx.scope.requireRecord(streamId);
      // Named only once in scope: out of scope, the answer is the missing record's.
      base.title = titles.get(streamId) ?? null;
      const result = await ctx.platform.commands.reviews.approve(streamId, input.opinion, [], followUp(request, `approve:${streamId}`));
      if (result.position !== null && (highest === null || result.position > highest)) highest = result.position;
      outcomes.push({ ...base, approved: true, code: null, message: null, revision: result.revision, position: result.position?.toString() ?? null, repeated: result.repeated });
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      outcomes.push({ ...base, approved: false, ...refused, revision: null, position: null, repeated: false });
    }
  }
  const approvedCount = outcomes.filter((o) => o.approved).length;
  return { approvedCount, failedCount: outcomes.length - approvedCount, position: highest?.toString() ?? null, outcomes };
}

export const reviewResolvers = {
  Query: {
    async reviewInbox(_: unknown, args: { module?: string | null; filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('review:decide');
      const filter = parseInput(inboxFilterSchema, args.filter ?? undefined);
      // The inbox is what waits at the user's own organisation: that is its data scope.
      const query = joinOrganizationName(inboxTasks(ctx.platform.knex, ctx.user.orgId), 'review_tasks.submitter_org_id', 'org').select('review_tasks.*', 'org.name as submitter_org_name');
      await narrowInbox(ctx.platform.knex, query, {
        module: filter.module ?? args.module ?? undefined,
        submitterOrgId: filter.submitterOrgId ?? undefined,
        level: filter.level ?? undefined,
        waitingBefore: filter.minWaitingDays ? new Date(Date.now() - filter.minWaitingDays * DAY_MS).toISOString() : undefined,
      });
      const page = parsePage(args.page);
      const result = await fetchPage<ReviewTaskRow>(
        query,
        page,
        orderFor(page, INBOX_SORT, [
          { column: 'review_tasks.submitted_at', order: 'asc' },
          { column: 'review_tasks.stream_id', order: 'asc' },
        ]),
      );
      return { ...result, items: result.items.map(toTask(ctx.platform.modules.labelOf)) };
    },
    async reviewInboxCount(_: unknown, _args: unknown, ctx: GraphQLContext) {
      if (!ctx.user.permissions.has('review:decide')) return 0;
      const [row] = await inboxTasks(ctx.platform.knex, ctx.user.orgId).count<{ n: string }[]>({ n: '*' });
      return Number(row?.n ?? 0);
    },
    async reviewHistory(_: unknown, args: { streamId: string }, ctx: GraphQLContext) {
      ctx.require('review:read');
      await ctx.scope.requireRecord(args.streamId);
      const rows: (ReviewHistoryRow & { actor_name: string | null; actor_org_name: string | null })[] = await joinUserName(
        joinOrganizationName(reviewHistoryTable(ctx.platform.knex), 'review_history.actor_org_id', 'org'),
        'review_history.actor_id',
        'u',
      )
        .select('review_history.*', 'org.name as actor_org_name', 'u.display_name as actor_name')
        .where('review_history.stream_id', args.streamId)
        .orderBy('review_history.revision');
      const labels = await roleLabels(ctx.platform.knex);
      return rows.map((row) => toStep(row, labels));
    },
  },
  Mutation: {
    async submitForReview(_: unknown, args: { streamId: string; note?: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('review:submit');
      const { id } = await ctx.scope.requireRecord(args.streamId);
      return commandOutcome(await ctx.platform.commands.reviews.submit(args.streamId, args.note ?? '', ctx.request(args.commandId)), id);
    },
    approveReviews: (_: unknown, args: { streamIds: string[]; opinion: string; commandId?: string }, ctx: GraphQLContext) => approveMany(ctx, args),
    approveReview: (_: unknown, args: { streamId: string; opinion: string; attachments?: unknown; commandId?: string }, ctx: GraphQLContext) => decide(ctx, 'approve', args),
    returnReview: (_: unknown, args: { streamId: string; reason: string; attachments?: unknown; commandId?: string }, ctx: GraphQLContext) => decide(ctx, 'return', args),
    rejectReview: (_: unknown, args: { streamId: string; reason: string; attachments?: unknown; commandId?: string }, ctx: GraphQLContext) => decide(ctx, 'reject', args),
    async withdrawReview(_: unknown, args: { streamId: string; reason?: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('review:submit');
      const { id } = await ctx.scope.requireRecord(args.streamId);
      return commandOutcome(await ctx.platform.commands.reviews.withdraw(args.streamId, args.reason ?? '', ctx.request(args.commandId)), id);
    },
  },
};
