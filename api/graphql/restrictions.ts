// A session restricted by the security policy (password to change, second factor to enrol) may
// run only the operations that lift the restriction. Checked once per operation, on its root
// fields, before any resolver runs.
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { SCREEN_LOCKED_MESSAGE } from '../auth/authenticate';
import type { GraphQLContext } from './context';
import { clientError } from './errors';

const ALLOWED_WHILE_RESTRICTED = new Set(['me', 'version', 'passwordPolicy', 'changePassword', 'beginTotpEnrollment', 'confirmTotpEnrollment', '__typename', '__schema', '__type']);

// A locked screen (锁屏) allows less than a policy restriction: not even the account pages' changes.
const ALLOWED_WHILE_LOCKED = new Set(['me', 'version', '__typename']);

const MESSAGES = {
  change_password: '请先修改密码（首次登录或密码已过期）',
  enroll_totp: '请先绑定双因素认证（动态验证码）',
  screen_locked: SCREEN_LOCKED_MESSAGE,
} as const;

export const restrictedSessionPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        const restriction = contextValue.user.restriction;
        if (!restriction) return;
        if (!operation) return;
        const fields = rootFields(operation);
        const allowed = restriction === 'screen_locked' ? ALLOWED_WHILE_LOCKED : ALLOWED_WHILE_RESTRICTED;
        const blocked = fields.filter((f) => !allowed.has(f));
        if (blocked.length > 0) throw clientError('FORBIDDEN', MESSAGES[restriction], { restriction });
      },
    };
  },
};

function rootFields(operation: OperationDefinitionNode): string[] {
  return operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : ['(fragment)']));
}
