// Sessions as a surface of their own (issue 16 §3): 在线用户 for the security administrator, and the
// personal centre's own sessions, login history and second-factor reset. The sessions themselves
// live in the command side's `sessions` table (api/auth/sessions.ts); every end of one is an event
// on the user's stream (domain/identity/user.ts), labelled with the identity module's labels.
import { defineModule } from '../module';
import { SESSION_SORT, sessionResolvers, sessionTypeDefs } from './session-graphql';

export const sessionModule = defineModule({
  name: 'session',
  label: '会话',
  graphql: [{ typeDefs: sessionTypeDefs, resolvers: sessionResolvers }],
  lists: [{ query: 'onlineSessions', paged: true, sort: SESSION_SORT, owners: { selection: 'orgId', of: (s) => [s.orgId as string] } }],
  permissions: ['session:manage'],
});
