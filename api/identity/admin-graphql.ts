// User, role and policy administration, split by duty (三员分立): the system administrator manages
// users (with business roles only), the security administrator manages roles, role assignments,
// second factors and the password policy.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { parseRoleInput } from '../../domain/identity/role';
import { DATA_SCOPE_LABELS, DUTY_LABELS, PERMISSIONS } from '../../domain/identity/roles';
import { parseSecurityPolicy } from '../../domain/identity/security-policy';
import { parseUserInput } from '../../domain/identity/user';
import { optionalText, parseInput } from '../../domain/shared/validation';
import { rolesTable, type RoleRow } from '../../projections/identity/roles-table';
import { usersTable, type UserRow } from '../../projections/identity/users-table';
import { joinOrganizationName } from '../../projections/organization/organization-names';
import { revokeUserSessions } from '../auth/sessions';
import { RECORD_NOT_FOUND } from '../records';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { fetchPage, orderFor, pageTypeDefs, parsePage, sortableNames, type SortableFields } from '../graphql/pagination';

/** The fields the users list may be sorted by; username is unique, so it also breaks ties. */
export const USER_SORT: SortableFields = {
  username: 'users.username',
  displayName: { column: 'users.display_name', pinyin: true },
  orgName: { column: 'org.name', pinyin: true, nullsLast: true },
  createdAt: 'users.created_at',
  lastLoginAt: { column: 'users.last_login_at', nullsLast: true },
};

export const adminTypeDefs = /* GraphQL */ `
  type UserAccount {
    id: ID!
    username: String!
    displayName: String!
    orgId: ID!
    orgName: String
    roles: [String!]!
    lockedUntil: String
    totpEnrolled: Boolean!
    mustChangePassword: Boolean!
    lastLoginAt: String
    createdAt: String!
  }
  ${pageTypeDefs('UserAccount')}
  type CreatedUser {
    result: CommandResult!
    "一次性密码：仅显示这一次，用户首次登录须修改"
    oneTimePassword: String!
  }
  type Role {
    name: ID!
    label: String!
    duty: String!
    dutyLabel: String!
    permissions: [String!]!
    dataScope: String!
    dataScopeLabel: String!
    requiresSecondFactor: Boolean!
  }
  type PermissionInfo {
    name: String!
    label: String!
    duty: String!
  }
  type SecurityPolicy {
    minLength: Int!
    minCharacterClasses: Int!
    maxAgeDays: Int!
    historySize: Int!
    maxFailedAttempts: Int!
    lockMinutes: Int!
    idleMinutes: Int!
  }
  input UserInput {
    username: String!
    displayName: String!
    orgId: ID!
    roles: [String!]!
  }
  input RoleInput {
    label: String!
    duty: String!
    permissions: [String!]!
    dataScope: String!
    requiresSecondFactor: Boolean!
  }
  input SecurityPolicyInput {
    minLength: Int!
    minCharacterClasses: Int!
    maxAgeDays: Int!
    historySize: Int!
    maxFailedAttempts: Int!
    lockMinutes: Int!
    idleMinutes: Int!
  }
  input UserFilter {
    keyword: String
    orgId: ID
  }
  extend type Query {
    "管理范围内的用户，默认按用户名排列；可排序字段：${sortableNames(USER_SORT)}"
    users(filter: UserFilter, page: PageInput): UserAccountPage!
    roles: [Role!]!
    permissionCatalogue: [PermissionInfo!]!
    securityPolicy: SecurityPolicy!
  }
  extend type Mutation {
    createUser(input: UserInput!, commandId: ID): CreatedUser!
    resetUserPassword(userId: ID!, commandId: ID): CreatedUser!
    changeUserRoles(userId: ID!, roles: [String!]!, commandId: ID): CommandResult!
    resetUserTotp(userId: ID!, commandId: ID): CommandResult!
    defineRole(name: ID!, input: RoleInput!, commandId: ID): CommandResult!
    changeRole(name: ID!, input: RoleInput!, commandId: ID): CommandResult!
    setSecurityPolicy(input: SecurityPolicyInput!, commandId: ID): CommandResult!
  }
`;

const roleOut = (r: RoleRow) => ({
  name: r.name,
  label: r.label,
  duty: r.duty,
  dutyLabel: DUTY_LABELS[r.duty],
  permissions: r.permissions,
  dataScope: r.data_scope,
  dataScopeLabel: DATA_SCOPE_LABELS[r.data_scope],
  requiresSecondFactor: r.requires_second_factor,
});

const userOut = (u: UserRow & { org_name?: string | null }) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  orgId: u.org_id,
  orgName: u.org_name ?? null,
  roles: u.roles,
  lockedUntil: u.locked_until,
  totpEnrolled: u.totp_enrolled,
  mustChangePassword: u.must_change_password,
  lastLoginAt: u.last_login_at,
  createdAt: u.created_at,
});

/** A one-time password that satisfies any allowed policy (16 characters, four classes). */
export const oneTimePassword = () => `${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}#${randomInt(10, 99)}Aa`;

const userFilterSchema = z.object({ keyword: optionalText('关键字', 50), orgId: z.string().max(100).optional() }).default({ keyword: '' });

async function targetUser(ctx: GraphQLContext, userId: string) {
  await ctx.scope.requireRecord(`user-${userId}`);
  const user = await usersTable(ctx.platform.knex).where({ id: userId }).first();
  if (!user) throw clientError('NOT_FOUND', RECORD_NOT_FOUND);
  return user;
}

/** The system administrator may give business roles only: admin duties are the security administrator's to grant. */
async function requireBusinessRoles(ctx: GraphQLContext, roles: string[]) {
  const rows = await rolesTable(ctx.platform.knex).whereIn('name', roles);
  if (rows.some((r) => r.duty !== 'business')) throw clientError('FORBIDDEN', '系统管理员只能分配业务角色，管理员角色须由安全管理员授予');
}

export const adminResolvers = {
  Query: {
    async users(_: unknown, args: { filter?: unknown; page?: unknown }, ctx: GraphQLContext) {
      ctx.requireAny('user:manage', 'role:manage');
      const filter = parseInput(userFilterSchema, args.filter ?? undefined);
      const query = joinOrganizationName(usersTable(ctx.platform.knex), 'users.org_id', 'org').select('users.*', 'org.name as org_name');
      await ctx.scope.restrict(query, { org: 'users.org_id' });
      if (filter.keyword) {
        const like = `%${filter.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query.where((q) => q.where('users.username', 'like', like).orWhere('users.display_name', 'like', like));
      }
      if (filter.orgId) query.where('users.org_id', filter.orgId);
      const page = parsePage(args.page);
      const result = await fetchPage<UserRow>(query, page, orderFor(page, USER_SORT, [{ column: 'users.username', order: 'asc' }]));
      return { ...result, items: result.items.map(userOut) };
    },
    async roles(_: unknown, _args: unknown, ctx: GraphQLContext) {
      ctx.requireAny('role:manage', 'user:manage');
      return (await rolesTable(ctx.platform.knex).orderBy('name')).map(roleOut);
    },
    permissionCatalogue: (_: unknown, _args: unknown, ctx: GraphQLContext) => {
      ctx.requireAny('role:manage', 'user:manage');
      return Object.entries(PERMISSIONS).map(([name, p]) => ({ name, label: p.label, duty: p.duty }));
    },
    async securityPolicy(_: unknown, _args: unknown, ctx: GraphQLContext) {
      ctx.require('policy:manage');
      return ctx.platform.commands.securityPolicy.current();
    },
  },
  Mutation: {
    async createUser(_: unknown, args: { input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('user:manage');
      const input = parseUserInput(args.input);
      if (!(await ctx.scope.includes(input.orgId))) throw clientError('FORBIDDEN', '不能在管理范围以外的机构创建用户');
      await requireBusinessRoles(ctx, input.roles);
      const taken = await usersTable(ctx.platform.knex).where({ username: input.username }).first('id');
      if (taken) throw clientError('BAD_USER_INPUT', '用户名已被使用', { fields: [{ field: 'username', message: '用户名已被使用' }] });
      const request = ctx.request(args.commandId);
      const userId = args.commandId ? request.commandId : randomUUID();
      const password = oneTimePassword();
      const result = await ctx.platform.commands.users.create(userId, input, password, request);
      return { result: commandOutcome(result, userId), oneTimePassword: result.repeated ? '' : password };
    },
    async resetUserPassword(_: unknown, args: { userId: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('user:manage');
      await targetUser(ctx, args.userId);
      const password = oneTimePassword();
      const result = await ctx.platform.commands.users.resetPassword(args.userId, password, ctx.request(args.commandId));
      await revokeUserSessions(ctx.platform.knex, args.userId);
      return { result: commandOutcome(result, args.userId), oneTimePassword: password };
    },
    async changeUserRoles(_: unknown, args: { userId: string; roles: string[]; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('role:manage');
      await targetUser(ctx, args.userId);
      if (args.userId === ctx.user.id) throw clientError('FORBIDDEN', '不能修改自己的角色');
      const result = await ctx.platform.commands.users.changeRoles(args.userId, args.roles, ctx.request(args.commandId));
      await revokeUserSessions(ctx.platform.knex, args.userId);
      return commandOutcome(result, args.userId);
    },
    async resetUserTotp(_: unknown, args: { userId: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('role:manage');
      await targetUser(ctx, args.userId);
      const result = await ctx.platform.commands.users.resetTotp(args.userId, ctx.request(args.commandId));
      await revokeUserSessions(ctx.platform.knex, args.userId);
      return commandOutcome(result, args.userId);
    },
    async defineRole(_: unknown, args: { name: string; input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('role:manage');
      if (!/^[a-z][a-z0-9_]{2,39}$/.test(args.name)) throw clientError('BAD_USER_INPUT', '角色编码须为3至40位小写字母、数字或下划线', { fields: [{ field: 'name', message: '角色编码格式不正确' }] });
      const result = await ctx.platform.commands.roles.define(args.name, parseRoleInput(args.input), ctx.request(args.commandId));
      return commandOutcome(result, args.name);
    },
    async changeRole(_: unknown, args: { name: string; input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('role:manage');
      const input = parseRoleInput(args.input);
      const result = await ctx.platform.commands.roles.change(args.name, input, ctx.request(args.commandId));
      return commandOutcome(result, args.name);
    },
    async setSecurityPolicy(_: unknown, args: { input: unknown; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('policy:manage');
      const result = await ctx.platform.commands.securityPolicy.set(parseSecurityPolicy(args.input), ctx.request(args.commandId));
      return commandOutcome(result, 'security-policy');
    },
  },
};

