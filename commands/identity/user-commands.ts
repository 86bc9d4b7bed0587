import { loadState } from '../../store/fold';
import { passwordProblems } from '../../domain/identity/security-policy';
import { userDecider, type UserCommand, type UserInput, type UserState } from '../../domain/identity/user';
import { NotFoundError, RuleViolationError, ValidationError } from '../../domain/shared/errors';
import type { EventStore } from '../../store/event-store/event-store';
import { followUp } from '../pipeline/follow-up';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import type { CredentialStore } from './credentials';
import type { IdentityDirectory } from './identity-directory';
import type { SecurityPolicyCommands } from './security-policy-commands';
import { matchTotp, newTotpSecret, totpEnrollment } from './totp';

export const userStreamId = (userId: string) => `user-${userId}`;

export interface UserCommandDeps {
  store: EventStore;
  directory: Pick<IdentityDirectory, 'roleDuties'>;
  credentials: CredentialStore;
  policy: SecurityPolicyCommands;
}

/**
 * User commands. Where a secret and an event change together (a password, a TOTP seed), the event
 * is appended first: a crash between the two leaves a recorded change with the old secret still
 * in force, never an unrecorded change.
 */
export function userCommands({ store, directory, credentials, policy }: UserCommandDeps) {
  const run = (userId: string, command: UserCommand, request: RequestContext) => handleCommand(store, userDecider, userStreamId(userId), command, request);

  const stateOf = async (userId: string): Promise<UserState> =>
    loadState(store, userDecider, userStreamId(userId));

  const requireStrong = async (password: string, username: string) => {
    const problems = passwordProblems(password, await policy.current(), username);
    if (problems.length) throw new ValidationError(problems.map((message) => ({ field: 'newPassword', message })), '新密码不符合密码策略');
  };

  return {
    stateOf,

    /** `link.teacherId`: the account is that teacher's login (see createTeacherAccount). */
    async create(userId: string, input: UserInput, initialPassword: string, request: RequestContext, link: { teacherId?: string } = {}) {
      await requireStrong(initialPassword, input.username);
      const result = await run(userId, { type: 'CreateUser', userId, input, roleDuties: await directory.roleDuties(input.roles), ...(link.teacherId ? { teacherId: link.teacherId } : {}) }, request);
      const set = await run(userId, { type: 'SetPassword', mustChange: true, reason: 'initial' }, followUp(request, 'initial-password'));
      if (!set.repeated) await credentials.savePassword(userId, initialPassword);
      return { ...result, position: set.position ?? result.position, revision: set.revision };
    },

    async changeRoles(userId: string, roles: string[], request: RequestContext) {
      return run(userId, { type: 'ChangeRoles', roles, roleDuties: await directory.roleDuties(roles) }, request);
    },

    /** An administrator's reset: a one-time password the user must change at the next login. */
    async resetPassword(userId: string, password: string, request: RequestContext) {
      const state = await stateOf(userId);
      if (state.status !== 'active') throw new NotFoundError('用户不存在');
      await requireStrong(password, state.username);
      const result = await run(userId, { type: 'SetPassword', mustChange: true, reason: 'reset' }, request);
      await credentials.savePassword(userId, password);
      return result;
    },

    /** The user's own change: the current password, the policy, and no reuse of recent passwords. */
    async changeOwnPassword(userId: string, currentPassword: string, newPassword: string, request: RequestContext) {
      const state = await stateOf(userId);
      if (state.status !== 'active') throw new NotFoundError('用户不存在');
      if (!(await credentials.checkPassword(userId, currentPassword))) {
        throw new ValidationError([{ field: 'currentPassword', message: '当前密码不正确' }], '当前密码不正确');
      }
      await requireStrong(newPassword, state.username);
      const current = await policy.current();
      if (await credentials.usedRecently(userId, newPassword, current.historySize)) {
        throw new ValidationError([{ field: 'newPassword', message: `不能使用最近${current.historySize}次用过的密码` }], '新密码不符合密码策略');
      }
      const result = await run(userId, { type: 'SetPassword', mustChange: false, reason: 'changed' }, request);
      await credentials.savePassword(userId, newPassword);
      return result;
    },

    recordLogin: (userId: string, method: 'password' | 'oidc', secondFactor: boolean, request: RequestContext) =>
      run(userId, { type: 'RecordLogin', method, secondFactor }, request),
    async recordLoginFailure(userId: string, reason: string, request: RequestContext) {
      const { maxFailedAttempts, lockMinutes } = await policy.current();
      return run(userId, { type: 'RecordLoginFailure', reason, policy: { maxFailedAttempts, lockMinutes } }, request);
    },
    recordLogout: (userId: string, reason: 'logout' | 'idle', request: RequestContext) => run(userId, { type: 'RecordLogout', reason }, request),

    async beginTotpEnrollment(userId: string) {
      const state = await stateOf(userId);
      if (state.status !== 'active') throw new NotFoundError('用户不存在');
      if (state.totpEnrolled) throw new RuleViolationError('已绑定双因素认证；如需更换请联系安全管理员重置', 'totp.enrolled');
      const secret = newTotpSecret();
      await credentials.setPendingTotp(userId, secret);
      return totpEnrollment(secret, state.username);
    },

    async confirmTotpEnrollment(userId: string, code: string, request: RequestContext) {
      const secret = await credentials.pendingTotp(userId);
      if (!secret) throw new RuleViolationError('请先生成绑定二维码', 'totp.no_pending');
      const step = matchTotp(secret, code);
      if (step === undefined) throw new ValidationError([{ field: 'code', message: '动态验证码不正确或已过期' }], '动态验证码不正确');
      const result = await run(userId, { type: 'EnrollTotp' }, request);
      await credentials.activateTotp(userId, secret, step);
      return result;
    },

    async resetTotp(userId: string, request: RequestContext) {
      const result = await run(userId, { type: 'ResetTotp' }, request);
      await credentials.clearTotp(userId);
      return result;
    },

    /** True when the code is right and has not been used before (each code works once). */
    async verifyTotp(userId: string, code: string): Promise<boolean> {
      const totp = await credentials.totp(userId);
      if (!totp) return false;
      const step = matchTotp(totp.secret, code);
      return step !== undefined && (await credentials.consumeTotpStep(userId, step));
    },

    linkOidc: (userId: string, issuer: string, subject: string, request: RequestContext) => run(userId, { type: 'LinkOidc', issuer, subject }, request),
    /** Recorded before the session is revoked (api/auth): a crash between leaves the end recorded and a retry revokes. */
    endSession: (userId: string, session: { id: string; ip: string | null }, reason: string, forced: boolean, request: RequestContext) =>
      run(userId, { type: 'EndSession', sessionId: session.id, sessionIp: session.ip, reason, forced }, request),
    lockScreen: (userId: string, sessionId: string, request: RequestContext) => run(userId, { type: 'LockScreen', sessionId }, request),
    unlockScreen: (userId: string, sessionId: string, request: RequestContext) => run(userId, { type: 'UnlockScreen', sessionId }, request),
    checkPassword: (userId: string, password: string) => credentials.checkPassword(userId, password),
  };
}

export type UserCommands = ReturnType<typeof userCommands>;
