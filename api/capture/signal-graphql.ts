// GraphQL of the supervisors' queue (issue 13 §4): fraud signals with their evidence (the captures,
// whose photos open through the audited photo view), filtered by kind, status, county, institution
// and class, confirmed or dismissed with a reason; and the attendance confirmed signals take out of
// a class, for the class's completion and the subsidies module.
import { z } from 'zod';
import { SIGNAL_STATUS_LABELS, type SignalStatus } from '../../domain/capture/capture-signal';
import { SIGNAL_KIND_LABELS, SIGNAL_KINDS, type SignalKind } from '../../domain/capture/detection';
import { PREFECTURES } from '../../domain/organization/guizhou-divisions';
import { optionalText, parseInput, requiredText } from '../../domain/shared/validation';
import type { CaptureSignalRow } from '../../projections/capture/capture-signals-table';
import { capturesByIds, classLabels, openSignalCounts, signalById, signalListQuery } from '../../projections/capture/capture-queries';
import { organizationNames } from '../../projections/organization/organization-names';
import { userNames } from '../../projections/identity/user-names';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { fetchPage, orderFor, pageTypeDefs, parsePage, type OrderColumn, type SortableFields } from '../graphql/pagination';
import { toCapture } from './capture-graphql';

export const SIGNAL_SORT: SortableFields = { raisedAt: 'raised_at', kind: 'kind', status: 'status' };
const DEFAULT_ORDER: OrderColumn[] = [
  { column: 'raised_at', order: 'desc' },
  { column: 'id', order: 'asc' },
];

export const signalTypeDefs = /* GraphQL */ `
  "确认的异常所排除的出勤：某人某节课、某人全部课节（sessionId 为空）或某节课全部人员（personKey 为空）"
  type AttendanceExclusion {
    signalId: ID!
    kind: String!
    kindLabel: String!
    sessionId: String
    "trainee:<id> 或 teacher:<id>"
    personKey: String
  }
  "考勤异常预警（督导处理队列）"
  type CaptureSignal {
    id: ID!
    streamId: String!
    kind: String!
    kindLabel: String!
    "open 待处理 / confirmed 已确认 / dismissed 已排除"
    status: String!
    statusLabel: String!
    classId: ID!
    className: String
    classNo: String
    institutionId: ID!
    institutionName: String
    countyCode: String!
    countyName: String
    personKind: String
    personId: ID
    personName: String
    sessionId: String
    "证据：规则看到的数据（距离、时间、相似度、名单等）"
    evidence: JSON!
    "证据抓拍（查看照片经 GET /captures/{id}/photo?reason=…&signalId=…，每次查看均留痕）"
    captures: [Capture!]!
    "确认后不计出勤的范围"
    affected: [AttendanceExclusion!]!
    raisedAt: String!
    decidedAt: String
    decidedBy: ID
    decidedByName: String
    decisionReason: String
  }
  ${pageTypeDefs('CaptureSignal')}
  type CaptureSignalCount {
    kind: String!
    kindLabel: String!
    count: Int!
  }
  input CaptureSignalFilter {
    kind: String
    "open / confirmed / dismissed"
    status: String
    "区县代码（6位）"
    countyCode: String
    institutionId: ID
    classId: ID
  }
  extend type Query {
    "考勤异常预警，默认最近发现的在前（数据权限范围内，培训机构本身看不到）"
    captureSignals(filter: CaptureSignalFilter, page: PageInput): CaptureSignalPage!
    captureSignal(id: ID!): CaptureSignal
    "各类待处理预警的数量"
    openCaptureSignalCounts: [CaptureSignalCount!]!
    "已确认的异常排除的出勤（结业与补贴申领不计这些出勤）"
    attendanceExclusions(classId: ID!): [AttendanceExclusion!]!
  }
  extend type Mutation {
    "确认异常（须填写理由）：受影响的出勤不再计入结业和补贴"
    confirmCaptureSignal(id: ID!, reason: String!, commandId: ID): CommandResult!
    "排除异常（须填写理由）"
    dismissCaptureSignal(id: ID!, reason: String!, commandId: ID): CommandResult!
  }
`;

const filterSchema = z
  .object({
    kind: z.enum(SIGNAL_KINDS, { error: '预警类型不正确' }).optional(),
    status: z.enum(['open', 'confirmed', 'dismissed'], { error: '处理状态不正确' }).optional(),
    countyCode: z.string().regex(/^\d{6}$/, { error: '区县代码应为6位数字' }).optional(),
    institutionId: optionalText('培训机构', 100),
    classId: optionalText('培训班级', 100),
  })
  .default({ institutionId: '', classId: '' });

const exclusionOut = (signalId: string, kind: string) => (x: { sessionId: string | null; personKey: string | null }) => ({
  signalId,
  kind,
  kindLabel: SIGNAL_KIND_LABELS[kind as SignalKind] ?? kind,
  sessionId: x.sessionId,
  personKey: x.personKey,
});

async function toSignals(ctx: GraphQLContext, rows: CaptureSignalRow[]) {
  const [institutions, classes, deciders] = await Promise.all([
    organizationNames(ctx.platform.knex, rows.map((r) => r.institution_id)),
    classLabels(ctx.platform.knex, rows.map((r) => r.class_id)),
    userNames(ctx.platform.knex, rows.flatMap((r) => (r.decided_by ? [r.decided_by] : []))),
  ]);
  return rows.map((r) => ({
    id: r.id,
    streamId: r.stream_id,
    kind: r.kind,
    kindLabel: SIGNAL_KIND_LABELS[r.kind as SignalKind] ?? r.kind,
    status: r.status,
    statusLabel: SIGNAL_STATUS_LABELS[r.status as SignalStatus] ?? r.status,
    classId: r.class_id,
    className: classes.get(r.class_id)?.name ?? null,
    classNo: classes.get(r.class_id)?.classNo ?? null,
    institutionId: r.institution_id,
    institutionName: institutions.get(r.institution_id) ?? null,
    countyCode: r.county_code,
    countyName: countyName(r.county_code) ?? null,
    personKind: r.person_kind,
    personId: r.person_id,
    personName: r.person_name,
    sessionId: r.session_id,
    evidence: r.evidence,
    captureIds: r.capture_ids,
    affected: r.affected.map(exclusionOut(r.id, r.kind)),
    raisedAt: r.raised_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    decidedByName: r.decided_by ? (deciders.get(r.decided_by) ?? null) : null,
    decisionReason: r.decision_reason,
  }));
}

const COUNTY_NAMES = new Map(PREFECTURES.flatMap((p) => p.counties.map((c): [string, string] => [c.code, `${p.name}${c.name}`])));
const countyName = (code: string) => COUNTY_NAMES.get(code);

const reasonOf = (label: string, reason: unknown) => parseInput(requiredText(label, 500, { multiline: true }), reason);

export const signalResolvers = {
  CaptureSignal: {
    async captures(parent: { captureIds: string[] }, _: unknown, ctx: GraphQLContext) {
      return (await capturesByIds(ctx.platform.knex, parent.captureIds)).map(toCapture);
    },
  },
  Query: {
    async captureSignals(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('capture:supervise');
      const filter = parseInput(filterSchema, args.filter ?? undefined);
      const page = parsePage(args.page);
      const { query } = await signalListQuery(ctx.platform.knex, ctx.scope, filter);
      const result = await fetchPage<CaptureSignalRow>(query, page, orderFor(page, SIGNAL_SORT, DEFAULT_ORDER));
      return { ...result, items: await toSignals(ctx, result.items) };
    },
    async captureSignal(_: unknown, args: { id: string }, ctx: GraphQLContext) {
      ctx.require('capture:supervise');
      if (!/^[0-9a-f-]{36}$/.test(args.id) || !(await ctx.scope.findRecord(`capture-signal-${args.id}`))) return null;
      const row = await signalById(ctx.platform.knex, args.id);
      return row ? (await toSignals(ctx, [row]))[0] : null;
    },
    async openCaptureSignalCounts(_: unknown, __: unknown, ctx: GraphQLContext) {
      ctx.require('capture:supervise');
      return (await openSignalCounts(ctx.platform.knex, ctx.scope)).map((c) => ({ ...c, kindLabel: SIGNAL_KIND_LABELS[c.kind as SignalKind] ?? c.kind }));
    },
    async attendanceExclusions(_: unknown, args: { classId: string }, ctx: GraphQLContext) {
      ctx.requireAny('capture:read', 'capture:supervise', 'training-class:read');
      await ctx.scope.requireRecord(`training-class-${args.classId}`);
      const exclusions = await ctx.platform.directories.attendanceCaptures.exclusions(args.classId);
      return exclusions.map((x) => exclusionOut(x.signalId, x.kind)(x));
    },
  },
  Mutation: {
    async confirmCaptureSignal(_: unknown, args: { id: string; reason: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('capture:supervise');
      await ctx.scope.requireRecord(`capture-signal-${args.id}`);
      const result = await ctx.platform.commands.capture.signals.confirm(args.id, reasonOf('确认理由', args.reason), ctx.request(args.commandId));
      return commandOutcome(result, args.id);
    },
    async dismissCaptureSignal(_: unknown, args: { id: string; reason: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('capture:supervise');
      await ctx.scope.requireRecord(`capture-signal-${args.id}`);
      const result = await ctx.platform.commands.capture.signals.dismiss(args.id, reasonOf('排除理由', args.reason), ctx.request(args.commandId));
      return commandOutcome(result, args.id);
    },
  },
};
