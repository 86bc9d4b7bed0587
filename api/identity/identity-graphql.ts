import { BASELINE_POLICY } from '../../domain/identity/security-policy';
import { DATA_SCOPE_LABELS } from '../../domain/identity/roles';
import { findOrganization } from '../../projections/organization/organizations-table';
import { usersTable } from '../../projections/identity/users-table';
import { clearRestriction } from '../auth/sessions';
import { commandOutcome, type GraphQLContext } from '../graphql/context';

export const identityTypeDefs = /* GraphQL */ `
  type Me {
    id: ID!
    username: String!
    displayName: String!
    orgId: ID!
    orgName: String
    roles: [String!]!
    roleLabels: [String!]!
    permissions: [String!]!
    dataScope: String!
    dataScopeLabel: String!
    "会话受限原因：change_password 须先改密码；enroll_totp 须先绑定双因素认证；screen_locked 屏幕已锁定，须输入密码解锁"
    restriction: String
    totpEnrolled: Boolean!
    secondFactor: Boolean!
    "会话空闲超时（分钟）"
    sessionIdleMinutes: Int!
  }
  type PasswordPolicyInfo {
    minLength: Int!
    minCharacterClasses: Int!
    maxAgeDays: Int!
    historySize: Int!
    idleMinutes: Int!
  }
  type TotpEnrollment {
    "otpauth:// 地址，可手动输入认证器"
    uri: String!
    secret: String!
    "二维码（SVG）"
    qrSvg: String!
  }
  extend type Query {
    me: Me!
    passwordPolicy: PasswordPolicyInfo!
  }
  extend type Mutation {
    changePassword(currentPassword: String!, newPassword: String!, commandId: ID): CommandResult!
    beginTotpEnrollment: TotpEnrollment!
    confirmTotpEnrollment(code: String!, commandId: ID): CommandResult!
  }
`;

export const identityResolvers = {
  Query: {
    async me(_: unknown, _args: unknown, ctx: GraphQLContext) {
      const [org, row] = await Promise.all([findOrganization(ctx.platform.knex, ctx.user.orgId), usersTable(ctx.platform.knex).where({ id: ctx.user.id }).first('totp_enrolled')]);
      return {
        id: ctx.user.id,
        username: ctx.user.username,
        displayName: ctx.user.displayName,
        orgId: ctx.user.orgId,
        orgName: org?.name ?? null,
        roles: ctx.user.roles,
        roleLabels: ctx.user.roleLabels,
        permissions: [...ctx.user.permissions],
        dataScope: ctx.user.dataScope,
        dataScopeLabel: DATA_SCOPE_LABELS[ctx.user.dataScope],
        restriction: ctx.user.restriction,
        totpEnrolled: Boolean(row?.totp_enrolled),
        secondFactor: ctx.user.secondFactor,
        sessionIdleMinutes: ctx.user.idleMinutes,
      };
    },
    async passwordPolicy(_: unknown, _args: unknown, ctx: GraphQLContext) {
      const policy = await ctx.platform.commands.securityPolicy.current();
      return { ...BASELINE_POLICY, ...policy };
    },
  },
  Mutation: {
    async changePassword(_: unknown, args: { currentPassword: string; newPassword: string; commandId?: string }, ctx: GraphQLContext) {
      const result = await ctx.platform.commands.users.changeOwnPassword(ctx.user.id, args.currentPassword, args.newPassword, ctx.request(args.commandId));
      if (ctx.user.restriction === 'change_password' && ctx.req.sessionToken) {
        const row = await usersTable(ctx.platform.knex).where({ id: ctx.user.id }).first();
        const next = row ? await ctx.platform.authentication.restrictionFor(row) : null;
        await clearRestriction(ctx.platform.knex, ctx.req.sessionToken, 'change_password', next === 'change_password' ? null : next);
      }
      return commandOutcome(result, ctx.user.id);
    },
    beginTotpEnrollment: (_: unknown, _args: unknown, ctx: GraphQLContext) => ctx.platform.commands.users.beginTotpEnrollment(ctx.user.id),
    async confirmTotpEnrollment(_: unknown, args: { code: string; commandId?: string }, ctx: GraphQLContext) {
      const result = await ctx.platform.commands.users.confirmTotpEnrollment(ctx.user.id, args.code, ctx.request(args.commandId));
      if (ctx.user.restriction === 'enroll_totp' && ctx.req.sessionToken) await clearRestriction(ctx.platform.knex, ctx.req.sessionToken, 'enroll_totp', null);
      return commandOutcome(result, ctx.user.id);
    },
  },
};
