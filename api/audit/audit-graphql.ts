// The audit surface: the global audit query across streams, the security log, and any record's
// state as of a revision or a time, replayed from its events (never stored).
import { z } from 'zod';
import { upcast } from '../../store/upcasters';
import { SYSTEM_ACTOR_LABELS, systemActorLabel } from '../../domain/identity/labels';
import { optionalText, parseInput, requiredText } from '../../domain/shared/validation';
import { auditLogTable, type AuditLogRow } from '../../projections/audit/audit-log-table';
import { summaryText } from '../../projections/audit/audit-summary';
import { usersTable } from '../../projections/identity/users-table';
import { RECORDS_INDEX } from '../../projections/search/records-index';
import { SearchRequestError, SearchWindowError } from '../../projections/search/search-port';
import { findOrganization } from '../../projections/organization/organizations-table';
import { joinOrganizationName } from '../../projections/organization/organization-names';
import { joinUserName } from '../../projections/identity/user-names';
import type { GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';
import { roleLabels } from '../identity/role-labels';
import { streamTitles, type StreamTitle } from './record-titles';

/**
 * The fields the audit lists may be sorted by. The audit log is the largest table (every event), so
 * only the sorts its indexes serve: time (occurred_at) and event type (type, position).
 */
export const AUDIT_SORT: SortableFields = {
  occurredAt: 'audit_log.occurred_at',
  type: 'audit_log.type',
};

export const auditTypeDefs = /* GraphQL */ `
  type AuditEvent {
    position: String!
    eventId: ID!
    streamId: String!
    revision: Int!
    type: String!
    typeLabel: String!
    actorId: String!
    actorName: String
    actorRole: String!
    actorRoleLabel: String!
    actorOrgId: ID
    actorOrgName: String
    ip: String
    occurredAt: String!
    correlationId: String!
    "意见、原因或备注；编码的原因（如登录失败原因）以中文给出"
    summary: String!
    "记录类别（培训工种、用户、安全日志……）"
    recordKind: String
    "记录名称（如工种名称、机构名称、用户姓名），未知时为空"
    recordTitle: String
  }
  ${pageTypeDefs('AuditEvent')}
  input AuditFilter {
    "操作人（用户编号或系统操作人，见 auditActors）"
    actorId: String
    orgId: ID
    "事件类型前缀，如 Review、UserLogin"
    typePrefix: String
    "记录（流编号，见 auditRecords）"
    streamId: String
    "客户端 IP 地址"
    ip: String
    "起始时间（含），ISO 8601"
    from: String
    "结束时间（不含），ISO 8601"
    to: String
  }
  type RecordState {
    streamId: String!
    revision: Int!
    occurredAt: String
    state: JSON
  }
  "审计筛选可选的操作人：用户或系统操作人"
  type AuditActor {
    id: String!
    name: String!
    username: String
    orgName: String
  }
  "审计筛选可选的记录"
  type AuditRecord {
    streamId: String!
    kind: String!
    title: String!
    subtitle: String!
  }
  extend type Query {
    "按姓名或用户名查找审计筛选的操作人（数据权限范围内，最多 20 个）"
    auditActors(q: String!): [AuditActor!]!
    "按名称、编码查找审计筛选的记录（全文搜索，数据权限范围内，最多 20 个）"
    auditRecords(q: String!): [AuditRecord!]!
    "全局审计查询（跨记录，按操作人、机构、事件类型、时间），默认最新的在前；可排序字段：${sortableNames(AUDIT_SORT)}"
    auditEvents(filter: AuditFilter, page: PageInput): AuditEventPage!
    "安全日志：登录、锁定、授权、策略变更、个人信息查看；排序同 auditEvents"
    securityLog(filter: AuditFilter, page: PageInput): AuditEventPage!
    "记录在某一版本或某一时刻的状态（由事件重放得到）"
    recordState(streamId: String!, revision: Int, at: String): RecordState!
  }
`;

const isoTime = z.iso.datetime({ offset: true, error: '时间格式应为 ISO 8601，如 2026-11-25T08:00:00Z' });
const filterSchema = z
  .object({
    actorId: z.string().max(100).optional(),
    orgId: z.string().max(100).optional(),
    typePrefix: optionalText('事件类型', 60),
    streamId: z.string().max(200).optional(),
    ip: z.string().max(64).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
  })
  .default({ typePrefix: '' });

type AuditRow = AuditLogRow & { actor_name?: string | null; actor_org_name?: string | null };

const out = (r: AuditRow, roleLabel: (role: string) => string, eventLabel: (type: string) => string, titles: Map<string, StreamTitle>) => ({
  position: String(r.position),
  eventId: r.event_id,
  streamId: r.stream_id,
  revision: r.revision,
  type: r.type,
  typeLabel: eventLabel(r.type),
  actorId: r.actor_id,
  // The platform's own actors (seeding, jobs) and anonymous requests have no user row: named from the one table.
  actorName: r.actor_name ?? systemActorLabel(r.actor_id) ?? null,
  actorRole: r.actor_role,
  actorRoleLabel: roleLabel(r.actor_role),
  actorOrgId: r.actor_org_id,
  actorOrgName: r.actor_org_name ?? null,
  ip: r.ip,
  occurredAt: r.occurred_at,
  correlationId: r.correlation_id,
  summary: summaryText(r.type, r.summary),
  recordKind: titles.get(r.stream_id)?.kind ?? null,
  recordTitle: titles.get(r.stream_id)?.title ?? null,
});

/**
 * A provincial audit administrator sees everything, including the system's own actions (which have
 * no organisation); below the province, actions of organisations in scope.
 */
async function seesEverything(ctx: GraphQLContext) {
  const own = await findOrganization(ctx.platform.knex, ctx.user.orgId);
  return Boolean(own && own.depth === 0 && ctx.scope.kind === 'org_and_below');
}

async function query(ctx: GraphQLContext, args: { filter?: unknown; page?: unknown }, securityOnly: boolean) {
  const filter = parseInput(filterSchema, args.filter ?? undefined);
  const q = joinUserName(joinOrganizationName(auditLogTable(ctx.platform.knex), 'audit_log.actor_org_id', 'org'), 'audit_log.actor_id', 'u').select(
    'audit_log.*',
    'org.name as actor_org_name',
    'u.display_name as actor_name',
  );
  if (!(await seesEverything(ctx))) await ctx.scope.restrict(q, { org: 'audit_log.actor_org_id' });
  if (securityOnly) q.where('audit_log.security', true);
  if (filter.actorId) q.where('audit_log.actor_id', filter.actorId);
  if (filter.orgId) q.where('audit_log.actor_org_id', filter.orgId);
  if (filter.typePrefix) q.where('audit_log.type', 'like', `${filter.typePrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.streamId) q.where('audit_log.stream_id', filter.streamId);
  if (filter.ip) q.where('audit_log.ip', filter.ip.trim());
  if (filter.from) q.where('audit_log.occurred_at', '>=', new Date(filter.from).toISOString());
  if (filter.to) q.where('audit_log.occurred_at', '<', new Date(filter.to).toISOString());
  const page = parsePage(args.page);
  const result = await fetchPage<AuditRow>(q, page, orderFor(page, AUDIT_SORT, [{ column: 'audit_log.position', order: 'desc' }]));
  const [labels, titles] = await Promise.all([roleLabels(ctx.platform.knex), streamTitles(ctx.platform.knex, ctx.platform.modules, result.items.map((r) => r.stream_id))]);
  return { ...result, items: result.items.map((r) => out(r, labels, ctx.platform.modules.eventLabel, titles)) };
}

const lookupSchema = z.object({ q: requiredText('查找内容', 50) });
const LOOKUP_LIMIT = 20;

/** Users (and the platform's own actors) an auditor may pick as the operator filter, by name. */
async function auditActors(ctx: GraphQLContext, q: string) {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const query = joinOrganizationName(usersTable(ctx.platform.knex), 'users.org_id', 'org')
    .select('users.id', 'users.username', 'users.display_name', 'org.name as org_name')
    .where((w) => w.where('users.display_name', 'like', like).orWhere('users.username', 'like', like))
    .orderBy('users.username')
    .limit(LOOKUP_LIMIT);
  const everything = await seesEverything(ctx);
  if (!everything) await ctx.scope.restrict(query, { org: 'users.org_id' });
  const rows: { id: string; username: string; display_name: string; org_name: string | null }[] = await query;
  // System actions carry no organisation: only an auditor who sees everything sees them.
  const system = everything ? Object.entries(SYSTEM_ACTOR_LABELS).filter(([id, name]) => name.includes(q) || id.includes(q)) : [];
  return [
    ...rows.map((r) => ({ id: r.id, name: r.display_name, username: r.username, orgName: r.org_name })),
    ...system.map(([id, name]) => ({ id, name, username: null, orgName: null })),
  ].slice(0, LOOKUP_LIMIT);
}

/** Records an auditor may pick as the record filter: the global search, over every module, in scope. */
async function auditRecords(ctx: GraphQLContext, q: string) {
  try {
    const result = await ctx.platform.search.search(RECORDS_INDEX.name, { q, filter: ctx.scope.searchFilter(), limit: LOOKUP_LIMIT });
    return result.hits.map((h) => ({
      streamId: String(h.id),
      kind: ctx.platform.modules.labelOf(String(h.module)),
      title: String(h.title),
      subtitle: String(h.subtitle ?? ''),
    }));
  } catch (error) {
    if (error instanceof SearchWindowError || error instanceof SearchRequestError) throw clientError('BAD_USER_INPUT', '搜索结果过多，请缩小范围');
    throw error;
  }
}

export const auditResolvers = {
  Query: {
    auditActors(_: unknown, args: { q: string }, ctx: GraphQLContext) {
      ctx.requireAny('audit:read', 'security-log:read');
      return auditActors(ctx, parseInput(lookupSchema, { q: args.q }).q);
    },
    auditRecords(_: unknown, args: { q: string }, ctx: GraphQLContext) {
      ctx.require('audit:read');
      return auditRecords(ctx, parseInput(lookupSchema, { q: args.q }).q);
    },
    auditEvents(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('audit:read');
      return query(ctx, args, false);
    },
    securityLog(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('security-log:read');
      return query(ctx, args, true);
    },
    async recordState(_: unknown, args: { streamId: string; revision?: number | null; at?: string | null }, ctx: GraphQLContext) {
      ctx.requireAny('record:timeline', 'audit:read');
      if (args.at != null && !isoTime.safeParse(args.at).success) throw clientError('BAD_USER_INPUT', '时间格式应为 ISO 8601，如 2026-11-25T08:00:00Z');
      const { module } = await ctx.scope.requireRecord(args.streamId);
      const events = await ctx.platform.store.readStream(args.streamId);
      const at = args.at ? new Date(args.at).toISOString() : undefined;
      const upTo = events.filter((e) => (args.revision == null || e.revision <= args.revision) && (at === undefined || e.metadata.occurredAt <= at));
      const state = upTo.map((e) => upcast(e)).reduce(module.evolve, module.initialState());
      const last = upTo[upTo.length - 1];
      return { streamId: args.streamId, revision: last?.revision ?? -1, occurredAt: last?.metadata.occurredAt ?? null, state };
    },
  },
};

