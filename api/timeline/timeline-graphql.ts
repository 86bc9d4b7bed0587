import { checkLink } from '../../store/event-store/integrity';
import { ledgerVerdicts, type LedgerEventVerdict, type LedgerVerdicts } from '../../commands/ledger/event-verdicts';
import { upcast } from '../../store/upcasters';
import { diffStates } from '../../domain/shared/diff';
import type { GraphQLContext } from '../graphql/context';
import { roleLabels } from '../identity/role-labels';
import { organizationNames } from '../../projections/organization/organization-names';
import { userNames } from '../../projections/identity/user-names';

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
    "账本对此事件的结论（与 ledgerInclusionProof 的 intact 相同，并核对最新签名摘要的根）"
    ledgerStatus: LedgerCheckStatus!
    "账本结论的说明（中文）"
    ledgerProblem: String
  }

  "账本（默克尔树与签名摘要）对事件的结论"
  enum LedgerCheckStatus {
    "已记入最新的签名摘要，当前存储的事件与账本一致"
    INTACT
    "账本与当前存储的事件不符：事件在记入账本之后被改动"
    ALTERED
    "尚未记入已签名的账本摘要（摘要按任务间隔生成）"
    PENDING
  }

  "账本对整条时间线的结论：哈希链可以在篡改后被重新计算，账本不能"
  type TimelineLedgerCheck {
    "有事件被改动时为 ALTERED；全部一致为 INTACT；无改动但有事件尚未记入签名摘要时为 PENDING"
    status: LedgerCheckStatus!
    intactEvents: Int!
    alteredEvents: Int!
    pendingEvents: Int!
    "核对所依据的最新签名摘要的树大小（尚无摘要时为空）"
    digestTreeSize: String
    digestCreatedAt: String
    "结论说明（中文）"
    message: String!
  }

  type Timeline {
    streamId: String!
    entries: [TimelineEntry!]!
    "哈希链是否完好（只能发现未重新计算哈希的改动）"
    chainValid: Boolean!
    "账本的结论（与 chainValid 不一致时以账本为准）"
    ledger: TimelineLedgerCheck!
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
      const { module } = await ctx.scope.requireRecord(args.streamId);
      const events = await ctx.platform.store.readStream(args.streamId);
      const ledger = await ledgerVerdicts(ctx.platform.knex, events);
      const [userName, orgName, roleLabel] = await Promise.all([
        userNames(ctx.platform.knex, events.map((e) => e.metadata.actorId)),
        organizationNames(ctx.platform.knex, events.map((e) => e.metadata.actorOrgId).filter((o): o is string => Boolean(o))),
        roleLabels(ctx.platform.knex),
      ]);
      // Changes inside encrypted values are shown by their masked form only.
      const visible = (changes: ReturnType<typeof diffStates>) =>
        changes.filter((c) => !c.field.endsWith('.cipher') && !c.field.endsWith('.blindIndex')).map((c) => ({ ...c, label: ctx.platform.modules.fieldLabel(c.field) }));
      let state = module.initialState();
      let previous: { revision: number; hash: string } | undefined;
      let chainValid = true;
      const entries = events.map((event) => {
        const domainEvent = upcast(event);
        const next = module.evolve(state, domainEvent);
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
          typeLabel: ctx.platform.modules.eventLabel(event.type),
          ip: event.metadata.ip,
          reason: data.opinion ?? data.reason ?? data.note ?? null,
          data: domainEvent.data,
          changes: visible(diffStates(state, next)),
          stateAfter: next,
          prevHash: String(event.metadata.prevHash),
          hash: String(event.metadata.hash),
          hashValid: !problem,
          hashProblem: problem ?? null,
          ...entryLedger(ledger.events.get(event.id)),
        };
        state = next;
        previous = { revision: event.revision, hash: String(event.metadata.hash) };
        return entry;
      });
      return { streamId: args.streamId, entries, chainValid, ledger: timelineLedger(ledger, events.length) };
    },
  },
};

const EVENT_PROBLEMS: Record<NonNullable<LedgerEventVerdict['problem']>, string> = {
  'content-changed': '当前存储的事件与记入账本时不同：事件在记账之后被改动',
  'not-under-root': '账本记录与已签名摘要的根不符：事件或账本数据在签名之后被改动',
  'digest-invalid': '最新账本摘要的签名无效：账本摘要被改动',
};

function entryLedger(verdict: LedgerEventVerdict | undefined) {
  const status = (verdict?.status ?? 'pending').toUpperCase();
  const problem = verdict?.problem ? EVENT_PROBLEMS[verdict.problem] : status === 'PENDING' ? '尚未记入已签名的账本摘要' : null;
  return { ledgerStatus: status, ledgerProblem: problem };
}

function timelineLedger(verdicts: LedgerVerdicts, total: number) {
  const counts = { intact: 0, altered: 0, pending: 0 };
  for (const v of verdicts.events.values()) counts[v.status]++;
  const status = counts.altered > 0 ? 'ALTERED' : counts.pending > 0 || total === 0 ? 'PENDING' : 'INTACT';
  const at = verdicts.digest ? `（依据树大小 ${verdicts.digest.treeSize} 的签名摘要）` : '';
  const message =
    status === 'ALTERED'
      ? `账本校验失败：${counts.altered} 个事件与账本记录不符，记录在记账之后被改动${at}`
      : status === 'INTACT'
        ? `账本校验通过：${counts.intact} 个事件均与账本一致${at}`
        : counts.intact > 0
          ? `账本校验通过 ${counts.intact} 个事件；另有 ${counts.pending} 个事件尚未记入签名摘要${at}`
          : '事件尚未记入已签名的账本摘要，暂无账本结论';
  return {
    status,
    intactEvents: counts.intact,
    alteredEvents: counts.altered,
    pendingEvents: counts.pending,
    digestTreeSize: verdicts.digest?.treeSize ?? null,
    digestCreatedAt: verdicts.digest?.createdAt ?? null,
    message,
  };
}
