// A teacher's login (issue 13 §3: the mobile capture app is for "the class's teacher or the
// institution's operator"). Teachers are records, not users; the institution that engages a teacher
// (or an authority above it) creates one account for the teacher record: the built-in role 授课教师,
// whose data scope is the classes the teacher teaches, at the engaging institution, with a one-time
// password the teacher changes at the first login. The account is an ordinary user (UserCreated
// carries the teacher's id, UserPasswordSet follows, both audited like every user's), so the
// system administrator resets, locks and ends it as any other; the institution that created it (or an
// authority above) may reset its password too, as a teacher forgets it on the institution's doorstep.
import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import { userInputSchema } from '../../domain/identity/user';
import { parseInput } from '../../domain/shared/validation';
import { usersTable } from '../../projections/identity/users-table';
import { teacherOwner } from '../../projections/teacher/teacher-records';
import { teachersTable } from '../../projections/teacher/teachers-table';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { revokeUserSessions } from '../auth/sessions';
import { oneTimePassword } from '../identity/admin-graphql';

const TEACHER_ACCOUNT_NAMESPACE = '5d1e7a0c-3b8f-4c62-9e14-7a2b0f6c8d53';

/** One account per teacher record: its user id derives from the teacher's, so a second is refused by the user's own stream. */
export const teacherAccountUserId = (teacherId: string) => uuidv5(`teacher-account:${teacherId}`, TEACHER_ACCOUNT_NAMESPACE);

export const TEACHER_ACCOUNT_ROLE = 'teacher';

const accountSchema = z.object({ username: userInputSchema.shape.username });

export const teacherAccountTypeDefs = /* GraphQL */ `
  "培训师资的登录账号（授课教师）"
  type TeacherAccount {
    userId: ID!
    username: String!
    createdAt: String!
    lastLoginAt: String
  }
  extend type Teacher {
    "登录账号（授课教师角色：在移动端只能看到并抓拍本人授课班级的课次）；未创建时为空"
    account: TeacherAccount
  }
  extend type Mutation {
    "为培训师资创建登录账号（授课教师角色，数据范围为本人授课的班级）：返回一次性密码，仅显示这一次，首次登录须修改；每名教师一个账号"
    createTeacherAccount(teacherId: ID!, username: String!, commandId: ID): CreatedUser!
    "重置教师登录账号的密码（创建该账号的机构或其上级）：返回新的一次性密码，仅显示这一次，登录后须修改；该账号已登录的会话全部结束"
    resetTeacherAccountPassword(teacherId: ID!, commandId: ID): CreatedUser!
  }
`;

export const teacherAccountResolvers = {
  Teacher: {
    async account(parent: { id: string }, _: unknown, ctx: GraphQLContext) {
      const row = await usersTable(ctx.platform.knex).where({ id: teacherAccountUserId(parent.id) }).first('id', 'username', 'created_at', 'last_login_at');
      return row ? { userId: row.id, username: row.username, createdAt: row.created_at, lastLoginAt: row.last_login_at } : null;
    },
  },
  Mutation: {
    async createTeacherAccount(_: unknown, args: { teacherId: string; username: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.requireAny('teacher:declare', 'teacher:manage');
      await ctx.scope.requireRecord(`teacher-${args.teacherId}`);
      const { username } = parseInput(accountSchema, { username: args.username });
      const [teacher, owner] = await Promise.all([teachersTable(ctx.platform.knex).where({ id: args.teacherId }).first('name', 'revoked'), teacherOwner(ctx.platform.knex, args.teacherId)]);
      if (!teacher || !owner) throw clientError('NOT_FOUND', '培训师资不存在');
      if (teacher.revoked) throw clientError('RULE_VIOLATION', '该教师已被撤销，不能创建登录账号');
      // The caller's own institution when it engages the teacher; an authority's account goes to the first engaging one.
      const orgId = owner.orgIds.includes(ctx.user.orgId) ? ctx.user.orgId : owner.orgIds[0]!;
      const userId = teacherAccountUserId(args.teacherId);
      const existing = await usersTable(ctx.platform.knex).where({ id: userId }).first('id');
      if (existing && !args.commandId) throw clientError('RULE_VIOLATION', '该教师已有登录账号');
      const taken = await usersTable(ctx.platform.knex).where({ username }).whereNot({ id: userId }).first('id');
      if (taken) throw clientError('BAD_USER_INPUT', '用户名已被使用', { fields: [{ field: 'username', message: '用户名已被使用' }] });
      const password = oneTimePassword();
      const result = await ctx.platform.commands.users.create(userId, { username, displayName: teacher.name, orgId, roles: [TEACHER_ACCOUNT_ROLE] }, password, ctx.request(args.commandId), { teacherId: args.teacherId });
      return { result: commandOutcome(result, userId), oneTimePassword: result.repeated ? '' : password };
    },
    async resetTeacherAccountPassword(_: unknown, args: { teacherId: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.requireAny('teacher:declare', 'teacher:manage');
      await ctx.scope.requireRecord(`teacher-${args.teacherId}`);
      const userId = teacherAccountUserId(args.teacherId);
      const account = await usersTable(ctx.platform.knex).where({ id: userId }).first('org_id');
      if (!account) throw clientError('RULE_VIOLATION', '该教师尚未创建登录账号');
      // A teacher engaged by two institutions: the account is the creating institution's to reset.
      if (!(await ctx.scope.includes(account.org_id))) throw clientError('FORBIDDEN', '只有创建该账号的机构或其上级可以重置密码');
      const password = oneTimePassword();
      const result = await ctx.platform.commands.users.resetPassword(userId, password, ctx.request(args.commandId));
      await revokeUserSessions(ctx.platform.knex, userId);
      return { result: commandOutcome(result, userId), oneTimePassword: password };
    },
  },
};
