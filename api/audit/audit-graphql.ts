// The audit surface: the global audit query across streams, the security log, and any record's
// state as of a revision or a time, replayed from its events (never stored).
import { z } from 'zod';
import { upcast } from '../../store/upcasters';
import { optionalText, parseInput } from '../../domain/shared/validation';
import { auditLogTable, type AuditLogRow } from '../../projections/audit/audit-log-table';
import { findOrganization } from '../../projections/organization/organizations-table';
import { joinOrganizationName } from '../../projections/organization/organization-names';
import { joinUserName } from '../../projections/identity/user-names';
import type { GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';
import { roleLabels } from '../identity/role-labels';

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
    summary: String!
  }
  ${pageTypeDefs('AuditEvent')}
  input AuditFilter {
    actorId: String
    orgId: ID
    "事件类型前缀，如 Review、UserLogin"
    typePrefix: String
    streamId: String
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
  extend type Query {
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
    from: isoTime.optional(),
    to: isoTime.optional(),
  })
  .default({ typePrefix: '' });

const out = (r: AuditLogRow & { actor_name?: string | null; actor_org_name?: string | null }, roleLabel: (role: string) => string, eventLabel: (type: string) => string) => ({
  position: String(r.position),
  eventId: r.event_id,
  streamId: r.stream_id,
  revision: r.revision,
  type: r.type,
  typeLabel: eventLabel(r.type),
  actorId: r.actor_id,
  actorName: r.actor_name ?? null,
  actorRole: r.actor_role,
  actorRoleLabel: roleLabel(r.actor_role),
  actorOrgId: r.actor_org_id,
  actorOrgName: r.actor_org_name ?? null,
  ip: r.ip,
  occurredAt: r.occurred_at,
  correlationId: r.correlation_id,
  summary: r.summary,
});

async function query(ctx: GraphQLContext, args: { filter?: unknown; page?: unknown }, securityOnly: boolean) {
  const filter = parseInput(filterSchema, args.filter ?? undefined);
  const q = joinUserName(joinOrganizationName(auditLogTable(ctx.platform.knex), 'audit_log.actor_org_id', 'org'), 'audit_log.actor_id', 'u').select(
    'audit_log.*',
    'org.name as actor_org_name',
    'u.display_name as actor_name',
  );
  // A provincial audit administrator sees everything, including the system's own actions
  // (which have no organisation); below the province, actions of organisations in scope.
  const own = await findOrganization(ctx.platform.knex, ctx.user.orgId);
  if (!(own && own.depth === 0 && ctx.scope.kind === 'org_and_below')) await ctx.scope.restrict(q, { org: 'audit_log.actor_org_id' });
  if (securityOnly) q.where('audit_log.security', true);
  if (filter.actorId) q.where('audit_log.actor_id', filter.actorId);
  if (filter.orgId) q.where('audit_log.actor_org_id', filter.orgId);
  if (filter.typePrefix) q.where('audit_log.type', 'like', `${filter.typePrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.streamId) q.where('audit_log.stream_id', filter.streamId);
  if (filter.from) q.where('audit_log.occurred_at', '>=', new Date(filter.from).toISOString());
  if (filter.to) q.where('audit_log.occurred_at', '<', new Date(filter.to).toISOString());
  const page = parsePage(args.page);
  const result = await fetchPage<AuditLogRow>(q, page, orderFor(page, AUDIT_SORT, [{ column: 'audit_log.position', order: 'desc' }]));
  const labels = await roleLabels(ctx.platform.knex);
  return { ...result, items: result.items.map((r) => out(r, labels, ctx.platform.modules.eventLabel)) };
}

export const auditResolvers = {
  Query: {
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

