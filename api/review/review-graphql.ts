import { z } from 'zod';
import { REVIEW_LEVEL_LABELS, REVIEW_STATUS_LABELS, type ReviewLevel, type ReviewState } from '../../domain/review/review';
import { parseInput } from '../../domain/shared/validation';
import { reviewHistoryTable, reviewTasksTable, type ReviewHistoryRow, type ReviewTaskRow } from '../../projections/review/review-tables';
import { joinOrganizationName } from '../../projections/organization/organization-names';
import { joinUserName } from '../../projections/identity/user-names';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';
import { roleLabels } from '../identity/role-labels';

/** The fields the review inbox may be sorted by (GraphQL name → column). */
export const INBOX_SORT: SortableFields = {
  module: 'review_tasks.module',
  title: { column: 'review_tasks.title', pinyin: true },
  submitterOrgName: { column: 'org.name', pinyin: true, nullsLast: true },
  round: 'review_tasks.round',
  submittedAt: { column: 'review_tasks.submitted_at', nullsLast: true },
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
  }
  ${pageTypeDefs('ReviewTask')}

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
    reviewInbox(module: String, page: PageInput): ReviewTaskPage!
    reviewInboxCount: Int!
    "一条记录的审核记录"
    reviewHistory(streamId: String!): [ReviewStep!]!
  }

  extend type Mutation {
    submitForReview(streamId: String!, note: String, commandId: ID): CommandResult!
    approveReview(streamId: String!, opinion: String!, attachments: [AttachmentInput!], commandId: ID): CommandResult!
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
  actorName: row.actor_name ?? null,
  actorRole: row.actor_role,
  actorRoleLabel: roleLabel(row.actor_role),
  actorOrgId: row.actor_org_id,
  actorOrgName: row.actor_org_name ?? null,
  occurredAt: row.occurred_at,
});

/** The inbox is what waits at the user's own organisation: that is its data scope. */
function inboxQuery(ctx: GraphQLContext, module?: string) {
  const query = reviewTasksTable(ctx.platform.knex).where({ authority_id: ctx.user.orgId, status: 'pending' });
  if (module) query.where({ module });
  return query;
}

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

export const reviewResolvers = {
  Query: {
    async reviewInbox(_: unknown, args: { module?: string; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('review:decide');
      const query = joinOrganizationName(inboxQuery(ctx, args.module), 'review_tasks.submitter_org_id', 'org').select('review_tasks.*', 'org.name as submitter_org_name');
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
      const [row] = await inboxQuery(ctx).count<{ n: string }[]>({ n: '*' });
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
