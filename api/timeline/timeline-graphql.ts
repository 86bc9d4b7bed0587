import { checkLink } from '../../commands/event-store/integrity';
import { upcast } from '../../commands/pipeline/upcasters';
import { diffStates } from '../../domain/shared/diff';
import type { GraphQLContext } from '../graphql/context';
import { requireRecordInScope } from '../records';
import { EVENT_TYPE_LABELS, fieldLabel } from './labels';
import { roleLabels } from '../identity/role-labels';

export const timelineTypeDefs = /* GraphQL */ `
  type FieldChange {
    field: String!
    label: String!
    before: JSON
    after: JSON
  }

  "时间线上的一个事件"
  type TimelineEntry {
    eventId: ID!
    revision: Int!
    position: String!
    type: String!
    occurredAt: String!
    actorId: String!
    actorName: String
    actorRole: String!
    actorRoleLabel: String!
    actorOrgId: ID
    actorOrgName: String
    typeLabel: String!
    ip: String
    "审核意见、退回原因或备注"
    reason: String
    data: JSON!
    "事件前后记录状态的字段差异"
    changes: [FieldChange!]!
    "事件之后的记录状态（由事件重放得到）"
    stateAfter: JSON
    prevHash: String!
    hash: String!
    "哈希链在此事件处是否完好"
    hashValid: Boolean!
    hashProblem: String
  }

  type Timeline {
    streamId: String!
    entries: [TimelineEntry!]!
    chainValid: Boolean!
  }

  extend type Query {
    "一条记录的完整事件时间线"
    timeline(streamId: String!): Timeline!
  }
`;

export const timelineResolvers = {
  Query: {
    async timeline(_: unknown, args: { streamId: string }, ctx: GraphQLContext) {
      ctx.requireAny('record:timeline', 'audit:read');
      const { module } = await requireRecordInScope(ctx.platform.knex, ctx.scope, args.streamId);
      const events = await ctx.platform.store.readStream(args.streamId);
      const actorIds = [...new Set(events.map((e) => e.metadata.actorId))];
      const orgIds = [...new Set(events.map((e) => e.metadata.actorOrgId).filter((o): o is string => Boolean(o)))];
      const [users, orgs, roleLabel] = await Promise.all([
        ctx.platform.knex('rm.users').whereIn('id', actorIds).select('id', 'display_name'),
        ctx.platform.knex('rm.organizations').whereIn('id', orgIds).select('id', 'name'),
        roleLabels(ctx.platform.knex),
      ]);
      const userName = new Map<string, string>(users.map((u: { id: string; display_name: string }) => [u.id, u.display_name]));
      const orgName = new Map<string, string>(orgs.map((o: { id: string; name: string }) => [o.id, o.name]));
      // Changes inside encrypted values are shown by their masked form only.
      const visible = (changes: ReturnType<typeof diffStates>) =>
        changes.filter((c) => !c.field.endsWith('.cipher') && !c.field.endsWith('.blindIndex')).map((c) => ({ ...c, label: fieldLabel(c.field) }));
      let state = module.decider.initialState();
      let previous: { revision: number; hash: string } | undefined;
      let chainValid = true;
      const entries = events.map((event) => {
        const domainEvent = upcast(event);
        const next = module.decider.evolve(state, domainEvent);
        const problem = checkLink(event, previous);
        if (problem) chainValid = false;
        const data = domainEvent.data as { opinion?: string; reason?: string; note?: string };
        const entry = {
          eventId: event.id,
          revision: event.revision,
          position: event.position.toString(),
          type: event.type,
          occurredAt: event.metadata.occurredAt,
          actorId: event.metadata.actorId,
          actorName: userName.get(event.metadata.actorId) ?? null,
          actorRole: event.metadata.actorRole,
          actorRoleLabel: roleLabel(event.metadata.actorRole),
          actorOrgId: event.metadata.actorOrgId,
          actorOrgName: event.metadata.actorOrgId ? (orgName.get(event.metadata.actorOrgId) ?? null) : null,
          typeLabel: EVENT_TYPE_LABELS[event.type] ?? event.type,
          ip: event.metadata.ip,
          reason: data.opinion ?? data.reason ?? data.note ?? null,
          data: domainEvent.data,
          changes: visible(diffStates(state, next)),
          stateAfter: next,
          prevHash: String(event.metadata.prevHash),
          hash: String(event.metadata.hash),
          hashValid: !problem,
          hashProblem: problem ?? null,
        };
        state = next;
        previous = { revision: event.revision, hash: String(event.metadata.hash) };
        return entry;
      });
      return { streamId: args.streamId, entries, chainValid };
    },
  },
};
