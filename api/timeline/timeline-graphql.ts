import { checkLink } from '../../store/event-store/integrity';
import { ledgerVerdicts, type LedgerEventVerdict, type LedgerVerdicts } from '../../commands/ledger/event-verdicts';
import { upcast } from '../../store/upcasters';
import { systemActorLabel } from '../../domain/identity/labels';
import { REVIEW_STATUS_LABELS } from '../../domain/review/review';
import { summaryText } from '../../projections/audit/audit-summary';
import { diffStates } from '../../domain/shared/diff';
import type { GraphQLContext } from '../graphql/context';
import { streamTitles } from '../audit/record-titles';
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

  "编号及其名称：记录状态中出现的机构、用户和记录本身"
  type NamedId {
    id: String!
    name: String!
  }

  "状态编码的中文名称（字段 status 为记录状态，review.status 为审核状态）"
  type StatusLabel {
    field: String!
    value: String!
    label: String!
  }

  type Timeline {
    streamId: String!
    "记录所属模块及其中文名称"
    module: String!
    moduleLabel: String!
    recordId: ID!
    "记录名称（如工种名称、机构名称、姓名），未知时为空"
    title: String
    "状态中各编号（机构、用户、记录）的名称：用于显示，不显示编号本身"
    names: [NamedId!]!
    statusLabels: [StatusLabel!]!
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
      const { module, id } = await ctx.scope.requireRecord(args.streamId);
      const events = await ctx.platform.store.readStream(args.streamId);
      const ledger = await ledgerVerdicts(ctx.platform.knex, events);
      const [userName, orgName, roleLabel] = await Promise.all([
        userNames(ctx.platform.knex, events.map((e) => e.metadata.actorId)),
        organizationNames(ctx.platform.knex, events.map((e) => e.metadata.actorOrgId).filter((o): o is string => Boolean(o))),
        roleLabels(ctx.platform.knex),
      ]);
      // Changes inside encrypted values are shown by their masked form only.
      // A status is shown by its Chinese name (the module's status labels, and the review workflow's).
      const statusName = (field: string, value: unknown) => {
        if (typeof value !== 'string') return value;
        if (field === 'status') return module.statusLabels[value] ?? value;
        if (field === 'review.status') return REVIEW_STATUS_LABELS[value as keyof typeof REVIEW_STATUS_LABELS] ?? value;
        return value;
      };
      const visible = (changes: ReturnType<typeof diffStates>) =>
        changes
          .filter((c) => !c.field.endsWith('.cipher') && !c.field.endsWith('.blindIndex'))
          .map((c) => ({ ...c, before: statusName(c.field, c.before), after: statusName(c.field, c.after), label: ctx.platform.modules.fieldLabel(c.field) }));
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
          actorName: userName.get(event.metadata.actorId) ?? systemActorLabel(event.metadata.actorId) ?? null,
          actorRole: event.metadata.actorRole,
          actorRoleLabel: roleLabel(event.metadata.actorRole),
          actorOrgId: event.metadata.actorOrgId,
          actorOrgName: event.metadata.actorOrgId ? (orgName.get(event.metadata.actorOrgId) ?? null) : null,
          typeLabel: ctx.platform.modules.eventLabel(event.type),
          ip: event.metadata.ip,
          reason: reasonText(event.type, data.opinion ?? data.reason ?? data.note),
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
      const [names, titles] = await Promise.all([
        idNames(ctx, entries.flatMap((e) => [e.stateAfter, e.data])),
        streamTitles(ctx.platform.knex, ctx.platform.modules, [args.streamId]),
      ]);
      const title = titles.get(args.streamId)?.title ?? null;
      if (title) names.set(id, title);
      return {
        streamId: args.streamId,
        module: module.module,
        moduleLabel: module.label,
        recordId: id,
        title,
        names: [...names].map(([key, name]) => ({ id: key, name })),
        statusLabels: [
          ...Object.entries(module.statusLabels).map(([value, label]) => ({ field: 'status', value, label })),
          ...Object.entries(REVIEW_STATUS_LABELS).map(([value, label]) => ({ field: 'review.status', value, label })),
        ],
        entries,
        chainValid,
        ledger: timelineLedger(ledger, events.length),
      };
    },
  },
};

/** An opinion or note as written; a coded reason (a login failure, a password change) in words. */
const reasonText = (type: string, reason: string | undefined) => (reason ? summaryText(type, reason) : null);

/** Ids in a record's states: UUIDs (users, records) and organisation ids (`auth-520100`, `inst-520102-1`). */
const ID_SHAPE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z]+-[0-9a-z]+(-[0-9a-z]+)*)$/;

function collectIds(value: unknown, out: Set<string>) {
  if (typeof value === 'string') {
    if (value.length <= 64 && ID_SHAPE.test(value)) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectIds(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) collectIds(v, out);
  }
}

/**
 * Names of the organisations and users a record's states and events name by id (its reviewing
 * authorities, institution, submitter): a reader of the record sees who they are, whatever their
 * own organisation's reach in the tree. Strings that name nothing are left out.
 */
async function idNames(ctx: GraphQLContext, values: unknown[]): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const v of values) collectIds(v, ids);
  const [orgs, users] = await Promise.all([organizationNames(ctx.platform.knex, ids), userNames(ctx.platform.knex, ids)]);
  return new Map([...orgs, ...users]);
}

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
