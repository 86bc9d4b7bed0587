// 通知公告 over GraphQL. Publishers (notice:publish, an authority) draft, revise, publish and withdraw
// their organisation's notices and read the receipts; every user reads the published notices that
// reach their organisation (addressed to it or to one above it), marks them read by opening them,
// and sees how many are unread (the bell).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { NOTICE_KIND_LABELS, parseNoticeInput } from '../../domain/notice/notice';
import { NOTICE_STATUS_LABELS } from '../../domain/notice/labels';
import { oneOf, optionalText, parseInput } from '../../domain/shared/validation';
import { addressedOrgIds, findNotice, inboxQuery, reaches, readAt, receiptsQuery, recipientCount, unreadNoticeCount } from '../../projections/notice/notice-queries';
import { NOTICES_TABLE, noticesTable, type NoticeRow } from '../../projections/notice/notices-table';
import { userNames } from '../../projections/identity/user-names';
import { joinOrganizationName, organizationNames } from '../../projections/organization/organization-names';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { fetchPage, orderFor, pageTypeDefs, parsePage, refuseSort, sortableNames, type SortableFields } from '../graphql/pagination';
import { RECORD_NOT_FOUND } from '../records';

export const NOTICE_SORT: SortableFields = {
  updatedAt: `${NOTICES_TABLE}.updated_at`,
  publishedAt: { column: `${NOTICES_TABLE}.published_at`, nullsLast: true },
  title: { column: `${NOTICES_TABLE}.title`, pinyin: true },
};

export const noticeTypeDefs = /* GraphQL */ `
  type NoticeAttachment {
    fileId: ID!
    name: String!
  }
  "通知公告"
  type Notice {
    id: ID!
    streamId: String!
    kind: String!
    kindLabel: String!
    title: String!
    "正文（服务器已按白名单清理的 HTML）"
    body: String!
    status: String!
    statusLabel: String!
    authorOrgId: ID!
    authorOrgName: String
    authorName: String
    targetOrgIds: [ID!]!
    targetOrgNames: [String!]!
    attachments: [NoticeAttachment!]!
    createdAt: String!
    updatedAt: String!
    publishedAt: String
    withdrawnAt: String
    withdrawReason: String
    "本人是否已读（收件人）"
    readAt: String
  }
  ${pageTypeDefs('Notice')}
  input NoticeInput {
    "notice 通知 / announcement 公告"
    kind: String!
    title: String!
    "正文（HTML，服务器清理后保存）"
    body: String!
    targetOrgIds: [ID!]!
    "附件：以 purpose=notice 上传的文件编号"
    attachmentIds: [ID!]
  }
  input NoticeFilter {
    keyword: String
    "draft / published / withdrawn"
    status: String
  }
  input NoticeInboxFilter {
    keyword: String
    unreadOnly: Boolean
  }
  type NoticeReader {
    userId: ID!
    username: String
    displayName: String
    orgName: String
    readAt: String!
  }
  ${pageTypeDefs('NoticeReader')}
  type NoticeReceipts {
    "接收单位及其下级单位的用户数"
    recipientCount: Int!
    readCount: Int!
    readers: NoticeReaderPage!
  }
  extend type Query {
    "本单位及下级单位发布的通知（发布人管理），默认最近修改的在前；可排序字段：${sortableNames(NOTICE_SORT)}"
    notices(filter: NoticeFilter, page: PageInput): NoticePage!
    "一条通知：发布单位管辖范围内的用户，或已发布通知的收件人"
    notice(id: ID!): Notice
    "本人收到的通知公告（发给本单位或上级单位的已发布通知），最新的在前"
    myNotices(filter: NoticeInboxFilter, page: PageInput): NoticePage!
    "本人未读的通知公告数"
    unreadNoticeCount: Int!
    "阅读回执：谁在何时阅读了通知"
    noticeReceipts(id: ID!, page: PageInput): NoticeReceipts!
  }
  extend type Mutation {
    "起草通知（publish 为真时同时发布）"
    draftNotice(input: NoticeInput!, publish: Boolean, commandId: ID): CommandResult!
    reviseNotice(id: ID!, input: NoticeInput!, commandId: ID): CommandResult!
    publishNotice(id: ID!, commandId: ID): CommandResult!
    withdrawNotice(id: ID!, reason: String!, commandId: ID): CommandResult!
    "记录本人已阅读（打开通知时由控制台发送）"
    markNoticeRead(id: ID!, commandId: ID): CommandResult!
  }
`;

type NoticeListRow = NoticeRow & { read_at?: string | null; author_org_name?: string | null };

async function noticesOut(ctx: GraphQLContext, rows: readonly NoticeListRow[]) {
  const orgIds = rows.flatMap((r) => [r.author_org_id, ...r.target_org_ids]);
  const [orgs, users] = await Promise.all([organizationNames(ctx.platform.knex, orgIds), userNames(ctx.platform.knex, rows.map((r) => r.author_id))]);
  return rows.map((r) => ({
    id: r.id,
    streamId: `notice-${r.id}`,
    kind: r.kind,
    kindLabel: NOTICE_KIND_LABELS[r.kind as keyof typeof NOTICE_KIND_LABELS] ?? r.kind,
    title: r.title,
    body: r.body,
    status: r.status,
    statusLabel: NOTICE_STATUS_LABELS[r.status],
    authorOrgId: r.author_org_id,
    authorOrgName: orgs.get(r.author_org_id) ?? null,
    authorName: users.get(r.author_id) ?? null,
    targetOrgIds: r.target_org_ids,
    targetOrgNames: r.target_org_ids.map((id) => orgs.get(id) ?? id),
    attachments: r.attachments,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    publishedAt: r.published_at,
    withdrawnAt: r.withdrawn_at,
    withdrawReason: r.withdraw_reason,
    readAt: r.read_at ?? null,
  }));
}

const filterSchema = z
  .object({ keyword: optionalText('关键字', 50), status: oneOf('状态', ['draft', 'published', 'withdrawn']).optional() })
  .default({ keyword: '' });
const inboxFilterSchema = z.object({ keyword: optionalText('关键字', 50), unreadOnly: z.boolean().nullish() }).default({ keyword: '' });
const like = (keyword: string) => `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A notice the publisher side may act on: in scope through its author organisation, else missing. */
async function managedNotice(ctx: GraphQLContext, id: string) {
  ctx.require('notice:publish');
  await ctx.scope.requireRecord(`notice-${id}`);
  return id;
}

/** Whether the caller may read the notice: in scope as a publisher, or a recipient of it published. */
async function readable(ctx: GraphQLContext, row: NoticeRow): Promise<'publisher' | 'recipient' | undefined> {
  if (ctx.user.permissions.has('notice:publish') && (await ctx.scope.findRecord(`notice-${row.id}`))) return 'publisher';
  if (row.status === 'published' && (await reaches(ctx.platform.knex, row.id, ctx.user.orgId))) return 'recipient';
  return undefined;
}

export const noticeResolvers = {
  Query: {
    async notices(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('notice:publish');
      const filter = parseInput(filterSchema, args.filter ?? undefined);
      const query = joinOrganizationName(noticesTable(ctx.platform.knex), `${NOTICES_TABLE}.author_org_id`, 'org').select(`${NOTICES_TABLE}.*`, 'org.name as author_org_name');
      await ctx.scope.restrict(query, { org: `${NOTICES_TABLE}.author_org_id` });
      if (filter.keyword) query.where(`${NOTICES_TABLE}.title`, 'like', like(filter.keyword));
      if (filter.status) query.where(`${NOTICES_TABLE}.status`, filter.status);
      const page = parsePage(args.page);
      const result = await fetchPage<NoticeListRow>(query, page, orderFor(page, NOTICE_SORT, [{ column: `${NOTICES_TABLE}.updated_at`, order: 'desc' }, { column: `${NOTICES_TABLE}.id`, order: 'asc' }]));
      return { ...result, items: await noticesOut(ctx, result.items) };
    },
    async notice(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      const row = await findNotice(ctx.platform.knex, args.id);
      if (!row || !(await readable(ctx, row))) return null;
      const [out] = await noticesOut(ctx, [{ ...row, read_at: await readAt(ctx.platform.knex, row.id, ctx.user.id) }]);
      return out;
    },
    async myNotices(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      const filter = parseInput(inboxFilterSchema, args.filter ?? undefined);
      const page = parsePage(args.page);
      refuseSort(page, '收到的通知按发布时间倒序排列，不支持指定排序');
      const query = inboxQuery(ctx.platform.knex, ctx.user.id, await addressedOrgIds(ctx.platform.knex, ctx.user.orgId));
      if (filter.keyword) query.where(`${NOTICES_TABLE}.title`, 'like', like(filter.keyword));
      if (filter.unreadOnly) query.whereNull('receipt.read_at');
      const result = await fetchPage<NoticeListRow>(query, page, [{ column: `${NOTICES_TABLE}.published_at`, order: 'desc' }, { column: `${NOTICES_TABLE}.id`, order: 'asc' }]);
      return { ...result, items: await noticesOut(ctx, result.items) };
    },
    unreadNoticeCount: (_: unknown, _args: unknown, ctx: GraphQLContext) => unreadNoticeCount(ctx.platform.knex, ctx.user),
    async noticeReceipts(_: unknown, args: { id: string; page?: unknown }, ctx: GraphQLContext) {
      await managedNotice(ctx, args.id);
      const row = await findNotice(ctx.platform.knex, args.id);
      if (!row) throw clientError('NOT_FOUND', RECORD_NOT_FOUND);
      const page = parsePage(args.page);
      refuseSort(page, '阅读回执按阅读时间排列，不支持指定排序');
      const readers = await fetchPage<{ user_id: string; read_at: string; username: string | null; display_name: string | null; org_name: string | null }>(receiptsQuery(ctx.platform.knex, row.id), page, [
        { column: 'r.read_at', order: 'asc' },
        { column: 'r.user_id', order: 'asc' },
      ]);
      return {
        recipientCount: await recipientCount(ctx.platform.knex, row.status === 'published' ? row.target_org_ids : []),
        readCount: readers.total,
        readers: { ...readers, items: readers.items.map((r) => ({ userId: r.user_id, username: r.username, displayName: r.display_name, orgName: r.org_name, readAt: r.read_at })) },
      };
    },
  },
  Mutation: {
    async draftNotice(_: unknown, args: { input: { body?: unknown }; publish?: boolean; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('notice:publish');
      const input = parseNoticeInput(args.input);
      const request = ctx.request(args.commandId);
      const id = args.commandId ? request.commandId : randomUUID();
      const notices = ctx.platform.commands.notices;
      const drafted = await notices.draft(id, input, typeof args.input.body === 'string' ? args.input.body : '', request);
      if (!args.publish) return commandOutcome(drafted, id);
      return commandOutcome(await notices.publish(id, { ...request, commandId: `${request.commandId}:publish`.slice(0, 100), causationId: request.commandId }), id);
    },
    async reviseNotice(_: unknown, args: { id: string; input: { body?: unknown }; commandId?: string }, ctx: GraphQLContext) {
      await managedNotice(ctx, args.id);
      const input = parseNoticeInput(args.input);
      return commandOutcome(await ctx.platform.commands.notices.revise(args.id, input, typeof args.input.body === 'string' ? args.input.body : '', ctx.request(args.commandId)), args.id);
    },
    async publishNotice(_: unknown, args: { id: string; commandId?: string }, ctx: GraphQLContext) {
      await managedNotice(ctx, args.id);
      return commandOutcome(await ctx.platform.commands.notices.publish(args.id, ctx.request(args.commandId)), args.id);
    },
    async withdrawNotice(_: unknown, args: { id: string; reason: string; commandId?: string }, ctx: GraphQLContext) {
      await managedNotice(ctx, args.id);
      return commandOutcome(await ctx.platform.commands.notices.withdraw(args.id, args.reason, ctx.request(args.commandId)), args.id);
    },
    async markNoticeRead(_: unknown, args: { id: string; commandId?: string }, ctx: GraphQLContext) {
      const row = await findNotice(ctx.platform.knex, args.id);
      // Only a recipient of the published notice: anyone else gets the missing record's answer.
      if (!row || row.status !== 'published' || !(await reaches(ctx.platform.knex, row.id, ctx.user.orgId))) throw clientError('NOT_FOUND', RECORD_NOT_FOUND);
      // The first read is the receipt: a second opening records nothing.
      if (await readAt(ctx.platform.knex, row.id, ctx.user.id)) return { id: row.id, streamId: `notice-${row.id}`, revision: -1, position: null, repeated: true, notice: null };
      const result = await ctx.platform.commands.notices.markRead(row.id, ctx.request(args.commandId));
      return { id: row.id, streamId: `notice-${row.id}`, revision: result.nextRevision, position: result.lastPosition.toString(), repeated: false, notice: null };
    },
  },
};
