// 时间限制管理 (requirement 9(2)): an authority opens and closes the periods in which its schools
// register students and apply for waivers and grants; a school sees the periods that bind it.
import { z } from 'zod';
import { WINDOW_KINDS, WINDOW_KIND_LABELS, parseWindowInput, windowVerdict, type WindowKind } from '../../domain/school-window/school-window';
import { chinaDate } from '../../domain/personal-data/normalize';
import { oneOf, optionalText, parseInput } from '../../domain/shared/validation';
import { schoolWindowRows } from '../../projections/school-window/school-windows-table';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';

export const schoolWindowTypeDefs = /* GraphQL */ `
  "主管部门设置的办理时间（学籍注册、免学费申报、助学金申报），起止日期均含当天（北京时间）"
  type SchoolWindow {
    authorityId: ID!
    authorityName: String
    kind: String!
    kindLabel: String!
    from: String!
    to: String!
    note: String!
    "提前关闭的日期（未关闭为空）"
    closedOn: String
    "open 开放中 / upcoming 未开始 / ended 已结束 / closed 已关闭"
    phase: String!
    phaseLabel: String!
    updatedAt: String!
  }
  "对某院校生效的办理时间：由离院校最近、设置了该类时间的主管部门决定"
  type SchoolWindowVerdict {
    kind: String!
    kindLabel: String!
    open: Boolean!
    "不能办理时的原因（含起止日期）"
    message: String
    from: String
    to: String
    authorityName: String
  }
  input SchoolWindowInput {
    "registration 学籍注册 / waiver 免学费申报 / grant 助学金申报"
    kind: String!
    from: String!
    to: String!
    note: String
  }
  extend type Query {
    "数据权限范围内各主管部门设置的办理时间"
    schoolWindows: [SchoolWindow!]!
    "对该院校生效的各类办理时间（院校用户查看本校，主管部门查看下属院校）"
    schoolWindowsFor(schoolId: ID!): [SchoolWindowVerdict!]!
  }
  extend type Mutation {
    "主管部门开放（或改设）本部门的办理时间"
    openSchoolWindow(input: SchoolWindowInput!, commandId: ID): CommandResult!
    "主管部门提前关闭本部门的办理时间"
    closeSchoolWindow(kind: String!, reason: String, commandId: ID): CommandResult!
  }
`;

const PHASE_LABELS = { open: '开放中', upcoming: '未开始', ended: '已结束', closed: '已关闭' } as const;
const phaseOf = (w: { from_date: string; to_date: string; closed_on: string | null }, today: string): keyof typeof PHASE_LABELS =>
  w.closed_on ? 'closed' : today < w.from_date ? 'upcoming' : today > w.to_date ? 'ended' : 'open';

const closeSchema = z.object({ kind: oneOf('时间限制类型', WINDOW_KINDS), reason: optionalText('关闭原因', 200, { multiline: true }) });

/** The caller's own organisation, when it is an authority: windows are set by authorities for themselves. */
function ownAuthority(ctx: GraphQLContext) {
  ctx.require('technical-school:manage');
  if (!ctx.user.orgId) throw clientError('FORBIDDEN', '只有主管部门可以设置办理时间');
  return ctx.user.orgId;
}

export const schoolWindowResolvers = {
  Query: {
    async schoolWindows(_: unknown, _args: unknown, ctx: GraphQLContext) {
      ctx.require('technical-school:read');
      const today = chinaDate(new Date().toISOString());
      const rows = await schoolWindowRows(ctx.platform.knex, ctx.scope);
      return rows.map((r) => {
        const phase = phaseOf(r, today);
        return {
          authorityId: r.authority_id,
          authorityName: r.authority_name ?? null,
          kind: r.kind,
          kindLabel: WINDOW_KIND_LABELS[r.kind as WindowKind] ?? r.kind,
          from: r.from_date,
          to: r.to_date,
          note: r.note,
          closedOn: r.closed_on,
          phase,
          phaseLabel: PHASE_LABELS[phase],
          updatedAt: r.updated_at,
        };
      });
    },
    async schoolWindowsFor(_: unknown, args: { schoolId: string }, ctx: GraphQLContext) {
      ctx.require('technical-school:read');
      await ctx.scope.requireRecord(`technical-school-${args.schoolId}`);
      const windows = await ctx.platform.commands.schoolWindows.windowsFor(args.schoolId);
      const today = chinaDate(new Date().toISOString());
      return WINDOW_KINDS.map((kind) => {
        const verdict = windowVerdict(kind, windows, today);
        return {
          kind,
          kindLabel: WINDOW_KIND_LABELS[kind],
          open: verdict.open,
          message: verdict.open ? null : verdict.message,
          from: verdict.window?.from ?? null,
          to: verdict.window?.to ?? null,
          authorityName: verdict.window?.authorityName ?? null,
        };
      });
    },
  },
  Mutation: {
    async openSchoolWindow(_: unknown, args: { input: unknown; commandId?: string }, ctx: GraphQLContext) {
      const authorityId = ownAuthority(ctx);
      const window = parseWindowInput(args.input);
      const result = await ctx.platform.commands.schoolWindows.open(authorityId, window, ctx.request(args.commandId));
      return commandOutcome(result, authorityId);
    },
    async closeSchoolWindow(_: unknown, args: { kind: unknown; reason?: unknown; commandId?: string }, ctx: GraphQLContext) {
      const authorityId = ownAuthority(ctx);
      const { kind, reason } = parseInput(closeSchema, { kind: args.kind, reason: args.reason ?? undefined });
      const result = await ctx.platform.commands.schoolWindows.close(authorityId, kind, reason, ctx.request(args.commandId));
      return commandOutcome(result, authorityId);
    },
  },
};
