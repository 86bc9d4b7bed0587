// 在线用户 and the personal centre's sessions (issue 16 §3). The security administrator lists the live
// sessions in their scope and ends one with a reason (强退); every user lists their own sessions, ends
// another of them, reads their own login history and resets their own second factor. Each end is an
// event on the user's stream (UserSessionEnded) recorded before the session is revoked, and the
// revocation takes effect at the session's next request (authenticate reads the table every time).
import { z } from 'zod';
import { optionalText, parseInput } from '../../domain/shared/validation';
import { joinUserName } from '../../projections/identity/user-names';
import { joinOrganizationName } from '../../projections/organization/organization-names';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';
import { RECORD_NOT_FOUND } from '../records';
import { liveSessionById, liveSessions, restrictSession, revokeSessionById, revokeUserSessions, type SessionRow } from './sessions';

/** The fields the online-users list may be sorted by; the session id breaks ties. */
export const SESSION_SORT: SortableFields = {
  loginAt: 's.created_at',
  lastSeenAt: 's.last_seen_at',
  username: 'u.username',
  displayName: { column: 'u.display_name', pinyin: true },
  orgName: { column: 'org.name', pinyin: true, nullsLast: true },
};

export const sessionTypeDefs = /* GraphQL */ `
  "一个未结束的登录会话"
  type UserSession {
    id: ID!
    userId: ID!
    username: String!
    displayName: String!
    orgId: ID!
    orgName: String
    "登录地址"
    ip: String
    "浏览器"
    userAgent: String
    loginAt: String!
    "最近活动时间（服务器每 30 秒记录一次）"
    lastSeenAt: String!
    "最迟结束时间（登录后 12 小时）"
    expiresAt: String!
    "空闲超时（分钟）"
    idleMinutes: Int!
    secondFactor: Boolean!
    "屏幕已锁定"
    locked: Boolean!
    "是否为发出本次请求的会话"
    current: Boolean!
  }
  ${pageTypeDefs('UserSession')}
  input SessionFilter {
    "用户名或姓名"
    keyword: String
    orgId: ID
  }
  "本人的登录记录：登录、失败、锁定、退出、会话结束、锁屏"
  type LoginHistoryEntry {
    eventId: ID!
    type: String!
    typeLabel: String!
    occurredAt: String!
    ip: String
    "说明（方式、原因）"
    detail: String!
    "成功、失败或其他"
    outcome: String!
  }
  ${pageTypeDefs('LoginHistoryEntry')}
  extend type Query {
    "在线用户：数据权限范围内未结束的会话，默认最近活动的在前；可排序字段：${sortableNames(SESSION_SORT)}"
    onlineSessions(filter: SessionFilter, page: PageInput): UserSessionPage!
    "本人未结束的会话"
    mySessions: [UserSession!]!
    "本人的登录记录，最新的在前"
    myLoginHistory(page: PageInput): LoginHistoryEntryPage!
  }
  extend type Mutation {
    "强制退出（强退）：结束一个会话并记录原因，该会话的下一次请求即须重新登录"
    endSession(sessionId: ID!, reason: String!, commandId: ID): CommandResult!
    "结束本人的另一个会话（当前会话请用退出登录）"
    endMySession(sessionId: ID!, commandId: ID): CommandResult!
    "重置本人的双因素认证（须当前密码和动态验证码）；须双因素认证的角色随后须重新绑定"
    resetMyTotp(currentPassword: String!, code: String!, commandId: ID): CommandResult!
  }
`;

type SessionListRow = SessionRow & { username: string; display_name: string; org_id: string; org_name: string | null };

const sessionOut = (ctx: GraphQLContext) => (s: SessionListRow) => ({
  id: s.id,
  userId: s.user_id,
  username: s.username,
  displayName: s.display_name,
  orgId: s.org_id,
  orgName: s.org_name ?? null,
  ip: s.ip,
  userAgent: s.user_agent,
  loginAt: s.created_at.toISOString(),
  lastSeenAt: s.last_seen_at.toISOString(),
  expiresAt: s.expires_at.toISOString(),
  idleMinutes: s.idle_minutes,
  secondFactor: s.second_factor,
  locked: Boolean(s.locked_at),
  current: s.id === ctx.user.sessionId,
});

/** Live sessions with their user's name and organisation (users and organisations read models). */
function sessionList(ctx: GraphQLContext) {
  const query = liveSessions(ctx.platform.knex, 's');
  joinUserName(query, 's.user_id', 'u');
  joinOrganizationName(query, 'u.org_id', 'org');
  return query.select('s.*', 'u.username', 'u.display_name', 'u.org_id', 'org.name as org_name');
}

const filterSchema = z.object({ keyword: optionalText('关键字', 50), orgId: z.string().max(100).optional() }).default({ keyword: '' });
const reasonSchema = z.object({ reason: z.string({ error: '请填写强制退出原因' }) });

/** The login events a user reads about themselves, with what each one says in Chinese. */
const HISTORY_TYPES = new Set(['UserLoggedIn', 'UserLoginFailed', 'UserLockedOut', 'UserLoggedOut', 'UserSessionEnded', 'UserScreenLocked', 'UserScreenUnlocked']);
const FAILURE_REASONS: Record<string, string> = {
  wrong_password: '密码错误',
  wrong_totp: '动态验证码错误',
  malformed_input: '输入格式不正确',
  locked: '账户锁定期间尝试登录',
  wrong_password_unlock: '解锁时密码错误',
};
function historyDetail(type: string, data: Record<string, unknown>): { detail: string; outcome: string } {
  switch (type) {
    case 'UserLoggedIn':
      return { detail: `${data.method === 'oidc' ? '统一认证' : '密码'}登录${data.secondFactor ? '，已验证动态验证码' : ''}`, outcome: '成功' };
    case 'UserLoginFailed':
      return { detail: `${FAILURE_REASONS[String(data.reason)] ?? '登录失败'}（连续第 ${String(data.consecutive)} 次）`, outcome: '失败' };
    case 'UserLockedOut':
      return { detail: `账户锁定至 ${String(data.until)}`, outcome: '失败' };
    case 'UserLoggedOut':
      return { detail: data.reason === 'idle' ? '空闲超时退出' : '主动退出登录', outcome: '其他' };
    case 'UserSessionEnded':
      return { detail: `${data.forced ? '被安全管理员强制退出' : '本人结束会话'}${data.reason ? `：${String(data.reason)}` : ''}`, outcome: '其他' };
    default:
      return { detail: '', outcome: '其他' };
  }
}

async function liveSessionOf(ctx: GraphQLContext, sessionId: string) {
  const session = await liveSessionById(ctx.platform.knex, sessionId);
  if (!session) throw clientError('NOT_FOUND', '会话不存在或已结束');
  return session;
}

export const sessionResolvers = {
  Query: {
    async onlineSessions(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('session:manage');
      const filter = parseInput(filterSchema, args.filter ?? undefined);
      const query = sessionList(ctx);
      await ctx.scope.restrict(query, { org: 'u.org_id' });
      if (filter.keyword) {
        const like = `%${filter.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query.where((q) => q.where('u.username', 'like', like).orWhere('u.display_name', 'like', like));
      }
      if (filter.orgId) query.where('u.org_id', filter.orgId);
      const page = parsePage(args.page);
      const result = await fetchPage<SessionListRow>(query, page, orderFor(page, SESSION_SORT, [{ column: 's.last_seen_at', order: 'desc' }, { column: 's.id', order: 'asc' }]));
      return { ...result, items: result.items.map(sessionOut(ctx)) };
    },
    async mySessions(_: unknown, _args: unknown, ctx: GraphQLContext) {
      const rows = (await sessionList(ctx).where('s.user_id', ctx.user.id).orderBy('s.created_at', 'desc')) as SessionListRow[];
      return rows.map(sessionOut(ctx));
    },
    async myLoginHistory(_: unknown, args: { page?: unknown }, ctx: GraphQLContext) {
      const page = parsePage(args.page);
      if (page.sort) throw clientError('BAD_USER_INPUT', '登录记录按时间倒序排列，不支持指定排序', { fields: [{ field: 'sortBy', message: '不支持指定排序' }] });
      // The user's own stream: what they did and what was done to their account, newest first.
      const events = (await ctx.platform.store.readStream(`user-${ctx.user.id}`)).filter((e) => HISTORY_TYPES.has(e.type)).reverse();
      const items = events.slice((page.page - 1) * page.pageSize, page.page * page.pageSize).map((e) => ({
        eventId: e.id,
        type: e.type,
        typeLabel: ctx.platform.modules.eventLabel(e.type),
        occurredAt: e.metadata.occurredAt,
        ip: e.metadata.ip,
        ...historyDetail(e.type, e.data as Record<string, unknown>),
      }));
      return { items, total: events.length, page: page.page, pageSize: page.pageSize };
    },
  },
  Mutation: {
    async endSession(_: unknown, args: { sessionId: string; reason: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('session:manage');
      const { reason } = parseInput(reasonSchema, { reason: args.reason });
      const session = await liveSessionById(ctx.platform.knex, args.sessionId);
      // Out of scope answers as missing, before any rule.
      if (!session || !(await ctx.scope.findRecord(`user-${session.user_id}`))) throw clientError('NOT_FOUND', RECORD_NOT_FOUND);
      if (session.id === ctx.user.sessionId) throw clientError('RULE_VIOLATION', '不能强制退出自己当前的会话，请使用“退出登录”');
      const result = await ctx.platform.commands.users.endSession(session.user_id, session, reason, true, ctx.request(args.commandId));
      await revokeSessionById(ctx.platform.knex, session.id);
      return commandOutcome(result, session.id);
    },
    async endMySession(_: unknown, args: { sessionId: string; commandId?: string }, ctx: GraphQLContext) {
      const session = await liveSessionOf(ctx, args.sessionId);
      if (session.user_id !== ctx.user.id) throw clientError('NOT_FOUND', '会话不存在或已结束');
      if (session.id === ctx.user.sessionId) throw clientError('RULE_VIOLATION', '当前会话请使用“退出登录”结束');
      const result = await ctx.platform.commands.users.endSession(ctx.user.id, session, '本人在个人中心结束', false, ctx.request(args.commandId));
      await revokeSessionById(ctx.platform.knex, session.id);
      return commandOutcome(result, session.id);
    },
    async resetMyTotp(_: unknown, args: { currentPassword: string; code: string; commandId?: string }, ctx: GraphQLContext) {
      const users = ctx.platform.commands.users;
      const state = await users.stateOf(ctx.user.id);
      if (state.status !== 'active' || !state.totpEnrolled) throw clientError('RULE_VIOLATION', '尚未绑定双因素认证');
      if (!(await users.checkPassword(ctx.user.id, args.currentPassword))) {
        throw clientError('BAD_USER_INPUT', '当前密码不正确', { fields: [{ field: 'currentPassword', message: '当前密码不正确' }] });
      }
      // The authenticator in hand, not only the password: a stolen password alone cannot move the factor.
      if (!/^\d{6}$/.test(args.code) || !(await users.verifyTotp(ctx.user.id, args.code))) {
        throw clientError('BAD_USER_INPUT', '动态验证码不正确或已使用', { fields: [{ field: 'code', message: '动态验证码不正确或已使用' }] });
      }
      const result = await users.resetTotp(ctx.user.id, ctx.request(args.commandId));
      // Every other session ends; this one may do nothing but enrol again where the roles require it.
      const token = ctx.req.sessionToken!;
      await revokeUserSessions(ctx.platform.knex, ctx.user.id, token);
      if (await ctx.platform.directories.identity.anyRequiresSecondFactor(ctx.user.roles)) await restrictSession(ctx.platform.knex, token, 'enroll_totp');
      return commandOutcome(result, ctx.user.id, '已重置双因素认证，请重新绑定身份验证器');
    },
  },
};
