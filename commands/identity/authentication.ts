// The login decision: password, lockout, second factor, and what the session may do until the
// user has changed an expired password or enrolled a required second factor.
import { randomBytes, createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { isLocked, passwordChangeRequired } from '../../domain/identity/user';
import { forbiddenCharacter, visibleText } from '../../domain/shared/validation';
import type { DirectoryUser, IdentityDirectory } from './identity-directory';
import type { EventStore } from '../../store/event-store/event-store';
import { recordFact } from '../pipeline/record-fact';
import type { RequestContext } from '../pipeline/request-context';
import type { SecurityPolicyCommands } from './security-policy-commands';
import type { UserCommands } from './user-commands';

/** What a session may do before the user has fixed what the policy requires. */
export type SessionRestriction = 'change_password' | 'enroll_totp' | null;

export type LoginOutcome =
  | { kind: 'rejected' }
  | { kind: 'locked'; until: string }
  | { kind: 'second_factor'; challenge: string }
  | { kind: 'authenticated'; user: DirectoryUser; restriction: SessionRestriction; secondFactor: boolean };

const CHALLENGE_MINUTES = 5;
const CHALLENGE_ATTEMPTS = 5;
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export function authentication(deps: { knex: Knex; directory: IdentityDirectory; store: EventStore; users: UserCommands; policy: SecurityPolicyCommands }) {
  const { knex, directory, store, users, policy } = deps;

  const requiresSecondFactor = (roles: string[]) => directory.anyRequiresSecondFactor(roles);

  const restrictionFor = async (user: DirectoryUser): Promise<SessionRestriction> => {
    const state = await users.stateOf(user.id);
    const { maxAgeDays } = await policy.current();
    if (passwordChangeRequired(state, new Date().toISOString(), maxAgeDays)) return 'change_password';
    if (state.status === 'active' && !state.totpEnrolled && (await requiresSecondFactor(state.roles))) return 'enroll_totp';
    return null;
  };

  /** Failed logins for names that are no user still leave a trace, on a daily security stream. */
  const recordUnknownUser = (username: string, request: RequestContext, reason?: string) =>
    recordFact(store, `security-${new Date().toISOString().slice(0, 10)}`, { type: 'LoginFailedForUnknownUser', data: { username: username.slice(0, 64), ...(reason ? { reason } : {}) } }, request);

  const fail = async (user: DirectoryUser, reason: string, request: RequestContext): Promise<LoginOutcome> => {
    const result = await users.recordLoginFailure(user.id, reason, request);
    return result.state.status === 'active' && result.state.lockedUntil && isLocked(result.state, new Date().toISOString())
      ? { kind: 'locked', until: result.state.lockedUntil }
      : { kind: 'rejected' };
  };

  return {
    async withPassword(username: string, password: string, request: RequestContext): Promise<LoginOutcome> {
      const user = await directory.userByName(username);
      if (!user) {
        await recordUnknownUser(username, request);
        return { kind: 'rejected' };
      }
      const state = await users.stateOf(user.id);
      const now = new Date().toISOString();
      if (isLocked(state, now)) {
        await users.recordLoginFailure(user.id, 'locked', request);
        return { kind: 'locked', until: state.status === 'active' ? state.lockedUntil! : now };
      }
      if (!(await users.checkPassword(user.id, password))) return fail(user, 'wrong_password', request);
      if (state.status === 'active' && state.totpEnrolled && (await requiresSecondFactor(state.roles))) {
        const challenge = randomBytes(32).toString('base64url');
        await knex('login_challenges').insert({ token_hash: digest(challenge), user_id: user.id, expires_at: new Date(Date.now() + CHALLENGE_MINUTES * 60_000) });
        return { kind: 'second_factor', challenge };
      }
      return { kind: 'authenticated', user, restriction: await restrictionFor(user), secondFactor: false };
    },

    async withSecondFactor(challenge: string, code: string, request: RequestContext): Promise<LoginOutcome> {
      const row: { user_id: string; expires_at: Date; attempts: number } | undefined = await knex('login_challenges').where({ token_hash: digest(challenge) }).first();
      if (!row || row.expires_at.getTime() < Date.now() || row.attempts >= CHALLENGE_ATTEMPTS) return { kind: 'rejected' };
      const user = await directory.userById(row.user_id);
      if (!user) return { kind: 'rejected' };
      if (!/^\d{6}$/.test(code) || !(await users.verifyTotp(user.id, code))) {
        await knex('login_challenges').where({ token_hash: digest(challenge) }).increment('attempts', 1);
        return fail(user, 'wrong_totp', request);
      }
      await knex('login_challenges').where({ token_hash: digest(challenge) }).delete();
      return { kind: 'authenticated', user, restriction: await restrictionFor(user), secondFactor: true };
    },

    /**
     * A login refused before any check because its input was malformed (a name with a control
     * character, a missing password) is still a failed login: it counts against the user when the
     * name is one (towards the lockout), and is otherwise kept on the daily security stream with
     * the name as sent, its control characters written out.
     */
    async refuseMalformed(username: unknown, request: RequestContext): Promise<void> {
      const name = typeof username === 'string' ? username.trim() : '';
      const user = name && name.length <= 64 && !forbiddenCharacter(name) ? await directory.userByName(name) : undefined;
      if (user) await fail(user, 'malformed_input', request);
      else await recordUnknownUser(visibleText(name), request, 'malformed_input');
    },

    /**
     * A login refused before its password was checked: the captcha it needed was missing or wrong.
     * Kept on the day's security stream whatever the name (a user's own stream would tell which
     * names exist), and not counted towards the lockout (a bot that cannot read the image must not
     * be able to lock anyone out).
     */
    refuseCaptcha: (username: string, reason: 'captcha_missing' | 'wrong_captcha', request: RequestContext) =>
      recordFact(store, `security-${new Date().toISOString().slice(0, 10)}`, { type: 'UserCaptchaRefused', data: { username: visibleText(username.trim()).slice(0, 64), reason } }, request),

    /**
     * A wrong password at the lock screen (锁屏): a failed login like any other, towards the lockout;
     * 'locked' when it locked the account.
     */
    async failUnlock(userId: string, request: RequestContext): Promise<'locked' | 'rejected'> {
      const result = await users.recordLoginFailure(userId, 'wrong_password_unlock', request);
      return result.state.status === 'active' && isLocked(result.state, new Date().toISOString()) ? 'locked' : 'rejected';
    },

    /** Single sign-on: the provider authenticated the person; the policy's restrictions still apply. */
    async withOidc(user: DirectoryUser): Promise<LoginOutcome> {
      const state = await users.stateOf(user.id);
      if (isLocked(state, new Date().toISOString())) return { kind: 'locked', until: state.status === 'active' ? state.lockedUntil! : '' };
      const restriction = await restrictionFor(user);
      // The provider's login counts as the second factor only if it says so; we do not assume it.
      return { kind: 'authenticated', user, restriction: restriction === 'change_password' ? null : restriction, secondFactor: false };
    },

    restrictionFor,
  };
}

export type Authentication = ReturnType<typeof authentication>;
