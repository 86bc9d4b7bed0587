// Users: who they are, which organisation they belong to, which roles they hold. Credentials are
// not events (a password hash must be replaceable and erasable); their changes are.
import { z } from 'zod';
import { assertNever, type Decider, type DomainEvent } from '../shared/decider';
import { RuleViolationError } from '../shared/errors';
import { parseInput, requiredText } from '../shared/validation';
import { ROLE_NAMES, type Role } from './roles';

export const userInputSchema = z.object({
  username: z
    .string({ error: '用户名不能为空' })
    .regex(/^[a-z][a-z0-9_.-]{2,31}$/, { error: '用户名须以小写字母开头，3至32位小写字母、数字或 _ . -' }),
  displayName: requiredText('姓名', 50),
  orgId: requiredText('所属机构', 100),
  roles: z.array(z.enum(ROLE_NAMES as [Role, ...Role[]], { error: '角色不存在' })).min(1, { error: '至少选择一个角色' }),
});
export type UserInput = z.output<typeof userInputSchema>;
export const parseUserInput = (input: unknown) => parseInput(userInputSchema, input);

export type UserCreated = DomainEvent<'UserCreated', { userId: string } & UserInput>;
export type UserPasswordSet = DomainEvent<'UserPasswordSet', { mustChange: boolean }>;
export type UserLoggedIn = DomainEvent<'UserLoggedIn', { method: 'password' | 'oidc' }>;
export type UserLoginFailed = DomainEvent<'UserLoginFailed', { reason: string }>;
export type UserLoggedOut = DomainEvent<'UserLoggedOut', Record<string, never>>;
export type UserEvent = UserCreated | UserPasswordSet | UserLoggedIn | UserLoginFailed | UserLoggedOut;

export type UserState = { status: 'none' } | ({ status: 'active'; userId: string; mustChangePassword: boolean } & UserInput);

export type UserCommand =
  | { type: 'CreateUser'; userId: string; input: UserInput }
  | { type: 'SetPassword'; mustChange: boolean }
  | { type: 'RecordLogin'; method: 'password' | 'oidc' }
  | { type: 'RecordLoginFailure'; reason: string }
  | { type: 'RecordLogout' };

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'UserCreated':
        return { status: 'active', mustChangePassword: true, ...event.data };
      case 'UserPasswordSet':
        return state.status === 'active' ? { ...state, mustChangePassword: event.data.mustChange } : state;
      case 'UserLoggedIn':
      case 'UserLoginFailed':
      case 'UserLoggedOut':
        return state;
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    if (command.type === 'CreateUser') {
      if (state.status !== 'none') throw new RuleViolationError('用户已存在', 'user.exists');
      return [{ type: 'UserCreated', data: { userId: command.userId, ...command.input } }];
    }
    if (state.status === 'none') throw new RuleViolationError('用户不存在', 'user.not_found');
    switch (command.type) {
      case 'SetPassword':
        return [{ type: 'UserPasswordSet', data: { mustChange: command.mustChange } }];
      case 'RecordLogin':
        return [{ type: 'UserLoggedIn', data: { method: command.method } }];
      case 'RecordLoginFailure':
        return [{ type: 'UserLoginFailed', data: { reason: command.reason } }];
      case 'RecordLogout':
        return [{ type: 'UserLoggedOut', data: {} }];
      default:
        return assertNever(command);
    }
  },
};
