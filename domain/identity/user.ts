// Users: who they are, which organisation they belong to, which roles they hold, and the security
// facts about them (password set, logins, failures, lockouts, second factor). Credentials
// themselves are not events (a password hash must be replaceable and erasable); their changes are.
import { z } from 'zod';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, RuleViolationError } from '../shared/errors';
import { parseInput, requiredText } from '../shared/validation';
import { DUTY_LABELS, type Duty } from './roles';

export const userInputSchema = z.object({
  username: z
    .string({ error: '用户名不能为空' })
    .regex(/^[a-z][a-z0-9_.-]{2,31}$/, { error: '用户名须以小写字母开头，3至32位小写字母、数字或 _ . -' }),
  displayName: requiredText('姓名', 50),
  orgId: requiredText('所属机构', 100),
  roles: z.array(z.string().min(1).max(50)).min(1, { error: '至少选择一个角色' }).max(10),
});
export type UserInput = z.output<typeof userInputSchema>;
export const sessionEndReasonSchema = z.object({ reason: requiredText('强制退出原因', 200) });
export const parseUserInput = (input: unknown) => parseInput(userInputSchema, input);

export type LoginMethod = 'password' | 'oidc';

/** `teacherId`: the account is a teacher's login, linked to that teacher record (its data scope is the classes they teach). */
export type UserCreated = DomainEvent<'UserCreated', { userId: string; teacherId?: string } & UserInput>;
export type UserRolesChanged = DomainEvent<'UserRolesChanged', { roles: string[] }>;
export type UserPasswordSet = DomainEvent<'UserPasswordSet', { mustChange: boolean; reason: 'initial' | 'changed' | 'reset'; at: string }>;
export type UserLoggedIn = DomainEvent<'UserLoggedIn', { method: LoginMethod; secondFactor: boolean }>;
export type UserLoginFailed = DomainEvent<'UserLoginFailed', { reason: string; consecutive: number }>;
export type UserLockedOut = DomainEvent<'UserLockedOut', { until: string }>;
export type UserLoggedOut = DomainEvent<'UserLoggedOut', { reason: 'logout' | 'idle' }>;
export type UserTotpEnrolled = DomainEvent<'UserTotpEnrolled', Record<string, never>>;
export type UserTotpReset = DomainEvent<'UserTotpReset', Record<string, never>>;
export type UserOidcLinked = DomainEvent<'UserOidcLinked', { issuer: string; subject: string }>;
/**
 * One session ended before its time: by the security administrator (强退, `forced`, with the reason
 * they gave) or by its own user from another session (personal centre). The session id is the public
 * one (never the token or its hash); `sessionIp` is where the session was opened, for the log reader.
 */
export type UserSessionEnded = DomainEvent<'UserSessionEnded', { sessionId: string; reason: string; forced: boolean; sessionIp: string | null }>;
/** The user locked the console (锁屏): the session does nothing until the password unlocks it. */
export type UserScreenLocked = DomainEvent<'UserScreenLocked', { sessionId: string }>;
export type UserScreenUnlocked = DomainEvent<'UserScreenUnlocked', { sessionId: string }>;
export type UserEvent =
  | UserCreated
  | UserRolesChanged
  | UserPasswordSet
  | UserLoggedIn
  | UserLoginFailed
  | UserLockedOut
  | UserLoggedOut
  | UserTotpEnrolled
  | UserTotpReset
  | UserOidcLinked
  | UserSessionEnded
  | UserScreenLocked
  | UserScreenUnlocked;

export type UserState =
  | { status: 'none' }
  | ({
      status: 'active';
      userId: string;
      mustChangePassword: boolean;
      passwordChangedAt: string | null;
      consecutiveFailures: number;
      lockedUntil: string | null;
      totpEnrolled: boolean;
      oidc: { issuer: string; subject: string } | null;
      /** The teacher record this account is the login of (teachers' accounts only). */
      teacherId?: string;
    } & UserInput);

export interface LockoutPolicy {
  maxFailedAttempts: number;
  lockMinutes: number;
}

export type UserCommand =
  | { type: 'CreateUser'; userId: string; input: UserInput; roleDuties: Record<string, Duty>; teacherId?: string }
  | { type: 'ChangeRoles'; roles: string[]; roleDuties: Record<string, Duty> }
  | { type: 'SetPassword'; mustChange: boolean; reason: 'initial' | 'changed' | 'reset' }
  | { type: 'RecordLogin'; method: LoginMethod; secondFactor: boolean }
  | { type: 'RecordLoginFailure'; reason: string; policy: LockoutPolicy }
  | { type: 'RecordLogout'; reason: 'logout' | 'idle' }
  | { type: 'EnrollTotp' }
  | { type: 'ResetTotp' }
  | { type: 'LinkOidc'; issuer: string; subject: string }
  | { type: 'EndSession'; sessionId: string; reason: string; forced: boolean; sessionIp: string | null }
  | { type: 'LockScreen'; sessionId: string }
  | { type: 'UnlockScreen'; sessionId: string };

/** 三员分立: every role a user holds must serve the same duty, and every role must exist. */
function checkRoles(roles: string[], roleDuties: Record<string, Duty>) {
  const unknown = roles.filter((r) => !(r in roleDuties));
  if (unknown.length) throw new RuleViolationError(`角色不存在：${unknown.join('、')}`, 'user.unknown_role');
  const duties = new Set(roles.map((r) => roleDuties[r]!));
  if (duties.size > 1) {
    throw new RuleViolationError(`同一用户不能兼任不同职责的角色（${[...duties].map((d) => DUTY_LABELS[d]).join('、')}）`, 'user.mixed_duties');
  }
}

export const isLocked = (state: UserState, now: string) => state.status === 'active' && state.lockedUntil !== null && state.lockedUntil > now;

const formatTime = (iso: string) => iso.slice(11, 16);

function decide(command: UserCommand, state: UserState, context: CommandContext): UserEvent[] {
  if (command.type === 'CreateUser') {
    if (state.status !== 'none') throw new RuleViolationError(command.teacherId ? '该教师已有登录账号' : '用户已存在', 'user.exists');
    checkRoles(command.input.roles, command.roleDuties);
    return [{ type: 'UserCreated', data: { userId: command.userId, ...command.input, ...(command.teacherId ? { teacherId: command.teacherId } : {}) } }];
  }
  if (state.status === 'none') throw new RuleViolationError('用户不存在', 'user.not_found');
  switch (command.type) {
    case 'ChangeRoles':
      checkRoles(command.roles, command.roleDuties);
      if (JSON.stringify([...command.roles].sort()) === JSON.stringify([...state.roles].sort())) return [];
      return [{ type: 'UserRolesChanged', data: { roles: command.roles } }];
    case 'SetPassword':
      return [{ type: 'UserPasswordSet', data: { mustChange: command.mustChange, reason: command.reason, at: context.now } }];
    case 'RecordLogin':
      if (isLocked(state, context.now)) throw new ForbiddenError(`账户已锁定，请于 ${formatTime(state.lockedUntil!)}（UTC）后再试`);
      return [{ type: 'UserLoggedIn', data: { method: command.method, secondFactor: command.secondFactor } }];
    case 'RecordLoginFailure': {
      if (isLocked(state, context.now)) return [{ type: 'UserLoginFailed', data: { reason: 'locked', consecutive: state.consecutiveFailures } }];
      const consecutive = state.consecutiveFailures + 1;
      const events: UserEvent[] = [{ type: 'UserLoginFailed', data: { reason: command.reason, consecutive } }];
      if (consecutive >= command.policy.maxFailedAttempts) {
        const until = new Date(Date.parse(context.now) + command.policy.lockMinutes * 60_000).toISOString();
        events.push({ type: 'UserLockedOut', data: { until } });
      }
      return events;
    }
    case 'RecordLogout':
      return [{ type: 'UserLoggedOut', data: { reason: command.reason } }];
    case 'EnrollTotp':
      return state.totpEnrolled ? [] : [{ type: 'UserTotpEnrolled', data: {} }];
    case 'ResetTotp':
      return state.totpEnrolled ? [{ type: 'UserTotpReset', data: {} }] : [];
    case 'LinkOidc':
      if (state.oidc?.issuer === command.issuer && state.oidc.subject === command.subject) return [];
      return [{ type: 'UserOidcLinked', data: { issuer: command.issuer, subject: command.subject } }];
    case 'EndSession': {
      // The administrator's reason is what the log reader relies on: required, one line, bounded.
      const reason = command.forced ? parseInput(sessionEndReasonSchema, { reason: command.reason }).reason : command.reason;
      return [{ type: 'UserSessionEnded', data: { sessionId: command.sessionId, reason, forced: command.forced, sessionIp: command.sessionIp } }];
    }
    case 'LockScreen':
      return [{ type: 'UserScreenLocked', data: { sessionId: command.sessionId } }];
    case 'UnlockScreen':
      return [{ type: 'UserScreenUnlocked', data: { sessionId: command.sessionId } }];
    default:
      return assertNever(command);
  }
}

function evolve(state: UserState, event: UserEvent): UserState {
  if (event.type === 'UserCreated') {
    return { status: 'active', ...event.data, mustChangePassword: true, passwordChangedAt: null, consecutiveFailures: 0, lockedUntil: null, totpEnrolled: false, oidc: null };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'UserRolesChanged':
      return { ...state, roles: event.data.roles };
    case 'UserPasswordSet':
      return { ...state, mustChangePassword: event.data.mustChange, passwordChangedAt: event.data.at, consecutiveFailures: 0, lockedUntil: null };
    case 'UserLoggedIn':
      return { ...state, consecutiveFailures: 0, lockedUntil: null };
    case 'UserLoginFailed':
      return { ...state, consecutiveFailures: event.data.consecutive };
    case 'UserLockedOut':
      return { ...state, lockedUntil: event.data.until, consecutiveFailures: 0 };
    case 'UserLoggedOut':
    case 'UserSessionEnded':
    case 'UserScreenLocked':
    case 'UserScreenUnlocked':
      return state;
    case 'UserTotpEnrolled':
      return { ...state, totpEnrolled: true };
    case 'UserTotpReset':
      return { ...state, totpEnrolled: false };
    case 'UserOidcLinked':
      return { ...state, oidc: { issuer: event.data.issuer, subject: event.data.subject } };
    default:
      return assertNever(event);
  }
}

export const userDecider: Decider<UserCommand, UserEvent, UserState> = { initialState: () => ({ status: 'none' }), evolve, decide };

/** Whether the password must be changed now: first login, reset, or older than the policy allows. */
export function passwordChangeRequired(state: UserState, now: string, maxAgeDays: number): boolean {
  if (state.status !== 'active') return false;
  if (state.mustChangePassword || !state.passwordChangedAt) return true;
  return Date.parse(state.passwordChangedAt) + maxAgeDays * 86_400_000 <= Date.parse(now);
}
